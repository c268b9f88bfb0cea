import Foundation

/// What an importer makes of another tool's project: the files of an Assure project, and what
/// a person must look at because the source could not say it.
public struct ImportedProject: Sendable {
    /// Project-relative path → text.
    public var files: [String: String] = [:]
    /// Things to review, in the order found.
    public var notes: [Note] = []
    public var policies = 0
    public var controls = 0
    public var pages = 0

    public struct Note: Sendable, Hashable, CustomStringConvertible {
        /// The document or file the note is about (`policies/access.md`), or a general subject.
        public var subject: String
        public var message: String
        public var description: String { "\(subject): \(message)" }
    }

    mutating func note(_ subject: String, _ message: String) { notes.append(Note(subject: subject, message: message)) }

    /// A one-line account of what was written.
    public var summary: String {
        func count(_ number: Int, _ one: String, _ many: String) -> String { "\(number) \(number == 1 ? one : many)" }
        return count(policies, "policy", "policies") + ", " + count(controls, "control narrative", "control narratives")
            + " and " + count(pages, "page", "pages") + "; " + count(notes.count, "thing", "things") + " to review"
    }
}

/// Why an importer cannot read its source at all (not a comply project, no config.json).
public struct ImportFailure: Error, CustomStringConvertible {
    public var description: String
}

/// Front matter and markdown as Assure reads them, written by importers.
enum ImportText {
    /// `---`, one `key: value` line per field (nil values left out), `---`.
    static func frontMatter(_ fields: [(String, Any?)]) -> String {
        var lines = ["---"]
        for (key, value) in fields {
            switch value {
            case let text as String: lines.append("\(key): \(scalar(text))")
            case let list as [String]: lines.append("\(key): [\(list.map(scalar).joined(separator: ", "))]")
            default: continue
            }
        }
        lines.append("---")
        return lines.joined(separator: "\n") + "\n"
    }

    /// A YAML scalar that reads back as `text`: plain when that is safe, quoted otherwise.
    static func scalar(_ text: String) -> String {
        let plainSafe =
            !text.isEmpty && text.allSatisfy { $0.isLetter || $0.isNumber || " .-_/'&".contains($0) }
            && text.first.map { $0.isLetter || $0.isNumber } == true && text.last != " "
            && !["true", "false", "yes", "no", "on", "off", "null", "~"].contains(text.lowercased())
            && Double(text) == nil
        return plainSafe ? text : Scaffold.yamlScalar(text)
    }

    /// A document ID from another tool's name for it: letters, digits, `.`, `-` and `_`.
    static func identifier(_ name: String) -> String {
        var id = String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) ? $0 : "-" })
        while id.first.map({ !($0.isLetter || $0.isNumber) }) == true { id.removeFirst() }
        return id.isEmpty ? "DOC" : String(id.prefix(64))
    }

    /// mkdocs admonitions (`!!! note "Title"` and an indented block) as GitHub alerts, which
    /// Assure renders as callouts.
    static func convertingAdmonitions(_ text: String) -> String {
        var output: [Substring] = []
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)[...]
        while let line = lines.popFirst() {
            guard let match = line.wholeMatch(of: /!!!\s+([A-Za-z]+)(?:\s+"([^"]*)")?\s*/) else {
                output.append(line)
                continue
            }
            let kind = alertKind(String(match.output.1))
            var block: [Substring] = []
            while let next = lines.first, next.isEmpty || next.hasPrefix("    ") || next.hasPrefix("\t") {
                lines.removeFirst()
                block.append(next.hasPrefix("\t") ? next.dropFirst() : next.dropFirst(min(4, next.count)))
            }
            while block.last?.isEmpty == true { block.removeLast() }
            while block.first?.isEmpty == true { block.removeFirst() }
            if output.last?.isEmpty == false { output.append("") }
            var alert = ["> [!\(kind)]"]
            if let title = match.output.2, !title.isEmpty { alert += ["> **\(title)**", ">"] }
            alert += block.map { $0.isEmpty ? ">" : "> " + $0 }
            output += alert.map { Substring($0) }
            output.append("")
        }
        return output.joined(separator: "\n")
    }

    /// GitHub's five alert kinds for mkdocs' many admonition types.
    static func alertKind(_ type: String) -> String {
        switch type.lowercased() {
        case "tip", "hint", "check", "success", "done": "TIP"
        case "important": "IMPORTANT"
        case "warning", "attention", "caution": "WARNING"
        case "danger", "error", "failure", "fail", "missing", "bug": "CAUTION"
        default: "NOTE"
        }
    }

    /// The anchors Assure gives the headings of a markdown text.
    static func headingAnchors(in text: String) -> [String] {
        var inFence = false
        var titles: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.drop { $0 == " " }
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") { inFence.toggle() }
            guard !inFence, line.prefix(while: { $0 == " " }).count < 4,
                let match = trimmed.wholeMatch(of: /(#{1,6})\s+(.*?)\s*#*\s*/)
            else { continue }
            titles.append(String(match.output.2))
        }
        return Slug.uniqueAnchors(for: titles)
    }
}

/// Rewrites links between documents of another tool's layout (`hr.md`,
/// `data-mgmt.md#data-classification-model`) into links between Assure's files.
struct LinkRewriter {
    /// A linked file name as the source writes it (`hr.md`) → the Assure content path.
    var targets: [String: String]
    /// Heading anchors of each Assure content path.
    var anchors: [String: Set<String>]

    /// `text` of the document at `path`, with every link to a known document rewritten
    /// relative to it; links to documents not imported become their text, and each such
    /// change is noted.
    func rewrite(_ text: String, in path: String, notes: inout ImportedProject) -> String {
        var dropped = Set<String>()
        var lines: [Substring] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            // A reference definition: `[label]: target`.
            guard let definition = line.wholeMatch(of: /(\s{0,3}\[([^\]]+)\]:\s*)(\S+)(.*)/) else {
                lines.append(line)
                continue
            }
            switch resolve(String(definition.output.3), from: path, notes: &notes) {
            case .keep: lines.append(line)
            case .rewritten(let new): lines.append(definition.output.1 + new + definition.output.4)
            case .drop: dropped.insert(String(definition.output.2).lowercased())
            }
        }
        // Inline links, whose text may run over several lines.
        var result = ""
        var rest = lines.joined(separator: "\n")[...]
        while let match = rest.firstMatch(of: /\[([^\]]*)\]\(([^)\s]+)\)/) {
            result += rest[..<match.range.lowerBound]
            let isImage =
                match.range.lowerBound > rest.startIndex && rest[rest.index(before: match.range.lowerBound)] == "!"
            switch isImage ? .keep : resolve(String(match.output.2), from: path, notes: &notes) {
            case .keep: result += rest[match.range]
            case .rewritten(let new): result += "[\(match.output.1)](\(new))"
            case .drop: result += match.output.1
            }
            rest = rest[match.range.upperBound...]
        }
        result += rest
        // Uses of a dropped definition (`[text][label]`) become their text.
        return dropped.isEmpty ? result : removingUses(of: dropped, in: result)
    }

    private func removingUses(of labels: Set<String>, in text: String) -> String {
        text.replacing(/\[([^\]]+)\]\[([^\]]+)\]/) { match in
            labels.contains(String(match.output.2).lowercased()) ? String(match.output.1) : String(match.output.0)
        }
    }

    enum Outcome {
        case keep
        case rewritten(String)
        case drop
    }

    private func resolve(_ target: String, from path: String, notes: inout ImportedProject) -> Outcome {
        if target.contains("{{") {
            notes.note(
                path, "links to \(target), a placeholder the templates could not fill; the link is now plain text")
            return .drop
        }
        guard !target.contains(":"), !target.hasPrefix("#"), !target.hasPrefix("/") else { return .keep }
        let parts = target.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
        let file = String((parts.first ?? "").split(separator: "/").last ?? "")
        guard file.hasSuffix(".md") else { return .keep }
        guard let destination = targets[file] else {
            notes.note(path, "links to \(target), which was not imported; the link is now plain text")
            return .drop
        }
        var anchor = parts.count > 1 ? String(parts[1]) : ""
        if !anchor.isEmpty, !(anchors[destination] ?? []).contains(anchor) {
            notes.note(path, "links to \(target), which has no such heading; the link now leads to the document")
            anchor = ""
        }
        let relative = ContentPath.relative(destination, from: path)
        return .rewritten(anchor.isEmpty ? relative : relative + "#" + anchor)
    }
}
