import Foundation

/// `assure updates`: the entries of the updates page as release notes for a mail to customers,
/// in markdown, plain text or JSON. Links are absolute when the project has a `base_url`.
public struct UpdateNotes: Sendable {
    public enum Format: String, Sendable, CaseIterable {
        case markdown, text, json
    }

    public var view: PortalView
    /// The entries to tell, newest first (the view's, perhaps only those since a revision).
    public var entries: [ShownUpdate]

    public init(view: PortalView, entries: [ShownUpdate]) {
        self.view = view
        self.entries = entries
    }

    func url(_ node: NodeRef) -> String {
        let path = SitePaths.page(for: node)
        return view.config.baseURL.map { "\($0)/\(path)" } ?? path
    }

    public func render(as format: Format) -> String {
        switch format {
        case .markdown: markdown
        case .text: text
        case .json: json
        }
    }

    private var heading: String { "What changed at \(view.config.organization.name)" }

    private var markdown: String {
        var lines = ["# \(heading)", ""]
        if entries.isEmpty { lines.append("Nothing has changed.") }
        for entry in entries {
            lines += ["## \(CalendarDate(entry.date).longForm)", ""]
            lines += entry.changes.map { change in
                "- " + (change.node.map { "[\(Self.escaped(change.text))](\(url($0)))" } ?? Self.escaped(change.text))
            }
            lines.append("")
        }
        if view.hasFeed, let base = view.config.baseURL {
            lines.append(
                "Follow every change at \(base)/\(SitePaths.updates) or in the feed \(base)/\(SitePaths.feed).")
        }
        return lines.joined(separator: "\n").trimmingCharacters(in: .newlines)
    }

    /// Markdown's punctuation in a change's words, escaped so a title cannot become a link.
    static func escaped(_ text: String) -> String {
        var result = ""
        for character in text {
            if "\\`*_[]<>#|".contains(character) { result.append("\\") }
            result.append(character)
        }
        return result
    }

    private var text: String {
        var lines = [heading]
        if entries.isEmpty { lines.append("  Nothing has changed.") }
        for entry in entries {
            lines.append("")
            lines.append("\(CalendarDate(entry.date).longForm) (\(entry.commit.prefix(10)))")
            lines += entry.changes.map { change in "  - \(change.text)" + (change.node.map { "\n    \(url($0))" } ?? "")
            }
        }
        return lines.joined(separator: "\n")
    }

    private struct Record: Encodable {
        struct Change: Encodable {
            var text: String
            var url: String?
        }

        var commit: String
        var date: String
        var changes: [Change]
    }

    private struct Document: Encodable {
        var organization: String
        var entries: [Record]
    }

    private var json: String {
        let records = entries.map { entry in
            Record(
                commit: entry.commit, date: entry.date.utcTimestamp,
                changes: entry.changes.map { Record.Change(text: $0.text, url: $0.node.map(url)) })
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(Document(organization: view.config.organization.name, entries: records)))
        return data.map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
