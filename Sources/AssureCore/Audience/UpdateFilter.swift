import Foundation

/// A commit's changes as one site shows them.
public struct ShownUpdate: Sendable, Hashable {
    public struct Change: Sendable, Hashable {
        public var text: String
        /// The page to link, when this site shows it in full.
        public var node: NodeRef?
    }

    public var commit: String
    public var date: Date
    public var changes: [Change]

    /// "New subprocessor: Acme", or "New subprocessor: Acme, and 2 more changes".
    public var title: String {
        let first = changes.first?.text ?? ""
        let more = changes.count - 1
        return more == 0 ? first : "\(first), and \(more) more change\(more == 1 ? "" : "s")"
    }
}

extension AudienceFilter {
    /// The changes this site may tell, each worded for what the site shows of what it concerns.
    /// A change is judged by its audience then and by what it concerns now, whichever shows
    /// less: a document made internal since takes its history with it.
    func updates(of portal: Portal, shown: [NodeRef: (Visibility, String)]) -> [ShownUpdate] {
        let isShown = { (node: NodeRef) in shown[node]?.0 == .full }
        let subprocessors = Dictionary(
            portal.data.subprocessors.map { ("subprocessor:" + $0.name.lowercased(), $0.audience) }
        ) { first, _ in first }
        let certifications = Dictionary(
            portal.data.certifications.map { ("certification:" + $0.name.lowercased(), $0.audience) }
        ) { first, _ in first }
        let faq = Dictionary(portal.data.faq.map { ("faq:" + $0.question.lowercased(), $0.audience) }) { first, _ in
            first
        }
        let current = subprocessors.merging(certifications) { first, _ in first }.merging(faq) { first, _ in first }
        return portal.updates.entries.compactMap { entry in
            var changes: [ShownUpdate.Change] = []
            var published: [String: (shown: Int, onRequest: Int)] = [:]
            var nouns: [String] = []
            var told: [(change: UpdateChange, visibility: Visibility)] = []
            for change in entry.changes {
                // A document that exists now is shown as the site shows it now (a starter's
                // example text, a control that does not apply: not at all); a data entry by its
                // audience now.
                var visibility = audience.visibility(
                    of: max(change.audience, change.entry.flatMap { current[$0] } ?? change.audience))
                if let node = change.node, let now = shown[node]?.0 { visibility = Self.least(visibility, now) }
                // Data entries are shown in full or not at all, as on the rest of the site.
                guard visibility != .hidden, change.entry == nil || visibility == .full else { continue }
                told.append((change, visibility))
            }
            // What a commit adds is told item by item, unless it adds many of one kind (or
            // first publishes the programme): then as a count.
            let batches = Dictionary(grouping: told.filter { $0.change.batch != nil }) {
                ($0.change.batch ?? "") + " " + $0.change.noun
            }
            for (change, visibility) in told {
                let key = (change.batch ?? "") + " " + change.noun
                if let batch = change.batch,
                    (entry.first && batch == "New") || (batches[key]?.count ?? 0) > Self.itemsTold
                {
                    if published[key] == nil { nouns.append(key) }
                    published[key, default: (0, 0)].shown += visibility == .full ? 1 : 0
                    published[key, default: (0, 0)].onRequest += visibility == .full ? 0 : 1
                    continue
                }
                let text = visibility == .full ? change.text : change.titleOnly
                changes.append(.init(text: text, node: change.node.flatMap { isShown($0) ? $0 : nil }))
            }
            // "Published: 15 policies (4 on request), 6 subprocessors", "Updated: 12 answers".
            var lines: [(word: String, counts: [String])] = []
            for key in nouns {
                let (shown, onRequest) = published[key] ?? (0, 0)
                let total = shown + onRequest
                let word = String(key.prefix { $0 != " " })
                let noun = String(key.drop { $0 != " " }.dropFirst())
                let count = "\(total) \(Self.plural(noun, total))" + (onRequest > 0 ? " (\(onRequest) on request)" : "")
                if let index = lines.firstIndex(where: { $0.word == word }) {
                    lines[index].counts.append(count)
                } else {
                    lines.append((word, [count]))
                }
            }
            let summaries = lines.map { line in
                ShownUpdate.Change(
                    text: (entry.first && line.word == "New" ? "Published" : line.word) + ": "
                        + line.counts.joined(separator: ", "), node: nil)
            }
            changes.insert(contentsOf: summaries, at: 0)
            return changes.isEmpty ? nil : ShownUpdate(commit: entry.commit, date: entry.date, changes: changes)
        }
    }

    static func least(_ one: Visibility, _ other: Visibility) -> Visibility {
        if one == .hidden || other == .hidden { return .hidden }
        return one == .titleOnly || other == .titleOnly ? .titleOnly : .full
    }

    /// More additions of one kind in one commit than this are told as a count.
    static let itemsTold = 5

    static func plural(_ noun: String, _ count: Int) -> String {
        guard count != 1 else { return noun }
        if noun.hasSuffix("y") { return noun.dropLast() + "ies" }
        if let space = noun.firstIndex(of: " ") { return noun[..<space] + "s" + noun[space...] }
        return noun + "s"
    }
}
