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
    func updates(of portal: Portal, isShown: (NodeRef) -> Bool) -> [ShownUpdate] {
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
                let now =
                    change.node.flatMap { portal.documents[$0]?.header.audience }
                    ?? change.entry.flatMap { current[$0] }
                let visibility = audience.visibility(of: max(change.audience, now ?? change.audience))
                // Data entries are shown in full or not at all, as on the rest of the site.
                guard visibility != .hidden, change.entry == nil || visibility == .full else { continue }
                told.append((change, visibility))
            }
            // What a commit adds is told item by item, unless it adds many of one kind (or
            // first publishes the programme): then as a count.
            let additions = Dictionary(grouping: told.filter(\.change.isAddition), by: \.change.noun)
            for (change, visibility) in told {
                if change.isAddition, entry.first || (additions[change.noun]?.count ?? 0) > Self.itemsTold {
                    if published[change.noun] == nil { nouns.append(change.noun) }
                    published[change.noun, default: (0, 0)].shown += visibility == .full ? 1 : 0
                    published[change.noun, default: (0, 0)].onRequest += visibility == .full ? 0 : 1
                    continue
                }
                let text = visibility == .full ? change.text : change.titleOnly
                changes.append(.init(text: text, node: change.node.flatMap { isShown($0) ? $0 : nil }))
            }
            if !nouns.isEmpty {
                let counts = nouns.map { noun -> String in
                    let (shown, onRequest) = published[noun] ?? (0, 0)
                    let total = shown + onRequest
                    return "\(total) \(Self.plural(noun, total))" + (onRequest > 0 ? " (\(onRequest) on request)" : "")
                }
                changes.insert(
                    .init(text: (entry.first ? "Published: " : "New: ") + counts.joined(separator: ", "), node: nil),
                    at: 0)
            }
            return changes.isEmpty ? nil : ShownUpdate(commit: entry.commit, date: entry.date, changes: changes)
        }
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
