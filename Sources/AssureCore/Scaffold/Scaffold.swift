import Foundation

/// What `assure init` and `assure new` write: a starter project, and new documents with
/// every required field filled in or marked.
public enum Scaffold {
    /// The starter project's files by project-relative path (`starter/` in the repository,
    /// embedded in the binary). `gitignore` is stored without its dot and written as `.gitignore`.
    public static let starterFiles: [String: Data] = {
        var files: [String: Data] = [:]
        for (path, content) in EmbeddedStarter.encodedFiles {
            guard let pathData = Data(base64Encoded: path), let data = Data(base64Encoded: content) else { continue }
            var relative = String(decoding: pathData, as: UTF8.self)
            if relative == "gitignore" { relative = ".gitignore" }
            files[relative] = data
        }
        return files
    }()

    public enum Kind: String, Sendable, CaseIterable {
        case policy, control
    }

    /// A new document's file name: its ID in lower case.
    public static func path(for kind: Kind, id: String) -> String {
        let folder = kind == .policy ? ProjectLayout.policies : ProjectLayout.controls
        return "\(folder)/\(id.lowercased()).md"
    }

    /// A new policy or control narrative. Values the author must supply are marked TODO; the
    /// document is `planned`/`internal` until they are, so it cannot count or leak by accident.
    public static func document(_ kind: Kind, id: String, title: String?, today: CalendarDate) -> String {
        let title = yamlScalar(title ?? "TODO: title")
        switch kind {
        case .policy:
            return """
                ---
                id: \(id)
                title: \(title)
                owner: "TODO: the role that owns this policy"
                version: "0.1"
                effective: \(today)
                last_reviewed: \(today)
                review_every: 12 months
                approved_by: "TODO: who approves it"
                # public, restricted, auditor or internal; internal until it is ready.
                audience: internal
                # Criterion IDs this policy addresses, such as CC6.1.
                criteria: []
                summary: "TODO: one sentence for lists"
                ---
                ## Purpose

                TODO: why this policy exists.

                ## Scope

                TODO: the people, systems and data it covers.

                ## Policy

                TODO: the rules, one per paragraph or list item.

                """
        case .control:
            return """
                ---
                id: \(id)
                title: \(title)
                owner: "TODO: the role that operates this control"
                # Criterion IDs this control meets, such as CC6.1.
                criteria: []
                # Policy IDs this control puts into practice.
                policies: []
                # implemented, partial, planned or not-applicable; only implemented counts.
                status: planned
                # continuous, daily, weekly, monthly, quarterly, annually or per-event.
                frequency: quarterly
                # access-control, change-management, system-operations, risk-mitigation, or your own.
                family: "TODO: family"
                # public, restricted, auditor or internal; internal until it is ready.
                audience: internal
                # What an auditor can sample to see the control operate.
                evidence: []
                summary: "TODO: one sentence for lists"
                ---
                TODO: how the control operates, who does what, how often, and what records it leaves.

                """
        }
    }

    /// A YAML scalar that reads back as exactly `text`.
    static func yamlScalar(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: " ") + "\""
    }
}
