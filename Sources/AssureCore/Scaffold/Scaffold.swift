import Foundation

/// What `assure init` and `assure new` write: a starter project, and new documents with
/// every required field filled in or marked.
package enum Scaffold {
    /// The starter project's files by project-relative path (`starter/` in the repository,
    /// embedded in the binary). `gitignore` is stored without its dot and written as `.gitignore`.
    package static let starterFiles: [String: Data] = {
        var files: [String: Data] = [:]
        for (path, content) in EmbeddedStarter.encodedFiles {
            guard let pathData = Data(base64Encoded: path), let data = Data(base64Encoded: content) else { continue }
            var relative = String(decoding: pathData, as: UTF8.self)
            if relative == "gitignore" { relative = ".gitignore" }
            files[relative] = data
        }
        return files
    }()

    package enum Kind: String, Sendable, CaseIterable {
        case policy, control
    }

    /// A new document's file name: its ID in lower case.
    package static func path(for kind: Kind, id: String) -> String {
        let folder = kind == .policy ? ProjectLayout.policies : ProjectLayout.controls
        return "\(folder)/\(id.lowercased()).md"
    }

    /// A new policy or control narrative: every field `DocumentField` gives a scaffold value,
    /// with its comment. Values the author must supply are marked TODO; the document is
    /// `planned`/`internal` until they are, so it cannot count or leak by accident.
    package static func document(_ kind: Kind, id: String, title: String?, today: CalendarDate) -> String {
        let documentKind: DocumentKind = kind == .policy ? .policy : .control
        var lines = ["---"]
        for field in documentKind.fields {
            guard let value = field.scaffold else { continue }
            if let comment = field.scaffoldComment { lines.append("# " + comment) }
            let filled = value.replacingOccurrences(of: "{id}", with: id)
                .replacingOccurrences(of: "{title}", with: yamlScalar(title ?? "TODO: title"))
                .replacingOccurrences(of: "{today}", with: today.description)
            lines.append("\(field.key): \(filled)")
        }
        lines.append("---")
        return lines.joined(separator: "\n") + "\n" + body(for: kind)
    }

    /// The sections a new document starts with.
    private static func body(for kind: Kind) -> String {
        switch kind {
        case .policy:
            """
            ## Purpose

            TODO: why this policy exists.

            ## Scope

            TODO: the people, systems and data it covers.

            ## Policy

            TODO: the rules, one per paragraph or list item.

            """
        case .control:
            """
            TODO: how the control operates, who does what, how often, and what records it leaves.

            """
        }
    }

    /// A YAML scalar that reads back as exactly `text`.
    static func yamlScalar(_ text: String) -> String {
        "\""
            + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: " ") + "\""
    }
}
