import Foundation

/// `assure diff` output: markdown for a pull-request comment, plain text, or JSON.
public enum DiffFormat: String, Sendable, CaseIterable {
    case markdown, text, json
}

public struct DiffRenderer: Sendable {
    public init() {}

    /// "2 records added, 1 removed".
    static func evidenceSummary(_ change: PortalDiff.EvidenceChange) -> String {
        var parts: [String] = []
        if change.added > 0 { parts.append("\(change.added) record\(change.added == 1 ? "" : "s") added") }
        if change.removed > 0 { parts.append("\(change.removed) removed") }
        if !change.exceptions.isEmpty {
            parts.append("\(change.exceptions.count) exception\(change.exceptions.count == 1 ? "" : "s") recorded")
        }
        return parts.joined(separator: ", ")
    }

    /// "`acme` (ACME Corp): added, opens POL-IR, CTL-R; expires 2027-01-31".
    static func grantSummary(
        _ change: PortalDiff.GrantChange, code: (String) -> String, cell: (String) -> String
    ) -> String {
        var parts: [String] = []
        if change.change != "changed" { parts.append(change.change) }
        if !change.opened.isEmpty {
            parts.append(
                (change.change == "added" ? "opens " : "now also opens ")
                    + change.opened.map(code).joined(separator: ", "))
        }
        if !change.closed.isEmpty {
            parts.append(
                (change.change == "removed" ? "opened " : "no longer opens ")
                    + change.closed.map(code).joined(separator: ", "))
        }
        for field in change.fields { parts.append("\(field.field): \(cell(field.from)) → \(cell(field.to))") }
        return "\(code(change.grant)) (\(cell(change.customer))): " + parts.joined(separator: "; ")
    }

    public func render(_ diff: PortalDiff, as format: DiffFormat) -> String {
        switch format {
        case .json: json(diff)
        case .markdown: markdown(diff.neutralized)
        case .text: text(diff.neutralized)
        }
    }

    func json(_ diff: PortalDiff) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(diff)) ?? Data(), as: UTF8.self)
    }

    private func fieldSummary(_ change: PortalDiff.DocumentChange) -> [String] {
        var parts: [String] = []
        if change.linesAdded + change.linesRemoved > 0 {
            var text = "+\(change.linesAdded) −\(change.linesRemoved) lines"
            if !change.sections.isEmpty {
                let sections = change.sections.map { $0 == LineChanges.openingText ? $0 : "“\($0)”" }
                text += " in " + sections.joined(separator: ", ")
            }
            parts.append(text)
        }
        for field in change.fields {
            parts.append(
                "\(field.field): \(field.from.isEmpty ? "(none)" : field.from) → "
                    + "\(field.to.isEmpty ? "(none)" : field.to)"
            )
        }
        return parts
    }

    // MARK: - Markdown

    func markdown(_ diff: PortalDiff) -> String {
        var out: [String] = ["### Assure: what `\(diff.base)` → `\(diff.head)` changes", ""]
        if diff.isEmpty {
            out.append("No change to policies, controls, audiences or coverage.")
            return out.joined(separator: "\n")
        }
        out += markdownAlerts(diff) + markdownCoverage(diff) + markdownOperation(diff)
        out += markdownDocuments(diff) + markdownSettings(diff)
        while out.last == "" { out.removeLast() }
        return out.joined(separator: "\n")
    }

    /// Inline code in a PR comment, with no backtick to end it early.
    private func code(_ text: String) -> String { "`\(text.replacingOccurrences(of: "`", with: "'"))`" }

    /// Text in a table cell: no `|` or line break to end it early.
    private func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }

    /// What a reviewer must see first: audiences widened, raw HTML, access granted, coverage lost.
    private func markdownAlerts(_ diff: PortalDiff) -> [String] {
        var out: [String] = []
        if !diff.audienceWidened.isEmpty || diff.rawHTMLEnabled {
            out.append("> [!WARNING]")
            if !diff.audienceWidened.isEmpty {
                let count = diff.audienceWidened.count
                out.append(
                    "> **\(count) document\(count == 1 ? "" : "s") or entr\(count == 1 ? "y" : "ies") became more "
                        + "public**"
                )
            }
            for change in diff.audienceWidened {
                let kind = DocumentKind(rawValue: change.document.kind) == nil ? "\(change.document.kind) " : ""
                out.append(
                    "> - \(kind)\(code(change.document.id)) \(cell(change.document.title)): \(change.from) → "
                        + "**\(change.to)**"
                )
            }
            if diff.rawHTMLEnabled {
                out.append("> - **`unsafe_html` was turned on**: raw HTML in every document now reaches the pages")
            }
            out.append("")
        }
        if !diff.promisesAtRisk.isEmpty {
            out.append("> [!CAUTION]")
            out.append("> **Promises to customers at risk**")
            for risk in diff.promisesAtRisk { out.append("> - " + cell(risk.line)) }
            out.append("")
        }
        let widening = diff.grants.filter(\.widens)
        if !widening.isEmpty {
            out.append("> [!WARNING]")
            out.append("> **Access granted to \(widening.count) customer\(widening.count == 1 ? "" : "s")**")
            for change in widening { out.append("> - " + Self.grantSummary(change, code: code, cell: cell)) }
            out.append("")
        }
        if !diff.coverageLost.isEmpty || diff.scope.contains(where: { $0.after == nil }) {
            out.append("> [!CAUTION]")
            out.append("> **Coverage lost**")
            for change in diff.coverageLost {
                out.append(
                    "> - \(cell(change.frameworkName)) \(code(change.criterion)) \(cell(change.title)): "
                        + "\(change.from) → "
                        + "**\(change.to)**")
            }
            for scope in diff.scope where scope.after == nil {
                out.append("> - \(cell(scope.name)) is no longer in scope")
            }
            out.append("")
        }
        return out
    }

    /// Frameworks in scope before and after, and coverage gained.
    private func markdownCoverage(_ diff: PortalDiff) -> [String] {
        var out: [String] = []
        if !diff.scope.isEmpty || !diff.coverageGained.isEmpty {
            out += ["#### Coverage", ""]
            if !diff.scope.isEmpty {
                out += ["| Framework | Before | After |", "|---|---|---|"]
                for scope in diff.scope {
                    out.append(
                        "| \(cell(scope.name)) | \(scope.before ?? "not in scope") | \(scope.after ?? "not in scope") |"
                    )
                }
            }
            for change in diff.coverageGained {
                out.append(
                    "- Gained \(cell(change.frameworkName)) \(code(change.criterion)) \(cell(change.title)): "
                        + "\(change.from) → "
                        + "\(change.to)")
            }
            out.append("")
        }
        return out
    }

    /// Evidence, grants narrowed and control status.
    private func markdownOperation(_ diff: PortalDiff) -> [String] {
        var out: [String] = []
        if !diff.evidence.isEmpty {
            out += ["#### Evidence", ""]
            for change in diff.evidence {
                out.append("- \(code(change.control)): " + Self.evidenceSummary(change))
                for exception in change.exceptions { out.append("  - exception: \(cell(exception))") }
            }
            out.append("")
        }
        let narrowing = diff.grants.filter { !$0.widens }
        if !narrowing.isEmpty {
            out += ["#### Access grants", ""]
            for change in narrowing { out.append("- " + Self.grantSummary(change, code: code, cell: cell)) }
            out.append("")
        }
        if !diff.statusChanges.isEmpty {
            out += ["#### Control status", ""]
            for change in diff.statusChanges {
                out.append("- \(code(change.id)) \(cell(change.title)): \(change.from) → **\(change.to)**")
            }
            out.append("")
        }
        return out
    }

    /// Documents added, removed, renamed and changed.
    private func markdownDocuments(_ diff: PortalDiff) -> [String] {
        var out: [String] = []
        let hasDocuments = !(diff.added.isEmpty && diff.removed.isEmpty && diff.renamed.isEmpty && diff.changed.isEmpty)
        if hasDocuments {
            out += ["#### Documents", "", "| | Document | Change |", "|---|---|---|"]
            for document in diff.added {
                out.append(
                    "| added | \(code(document.id)) \(cell(document.title)) | \(document.kind), "
                        + "\(document.audience), \(code(document.path)) |"
                )
            }
            for document in diff.removed {
                out.append("| removed | \(code(document.id)) \(cell(document.title)) | was \(code(document.path)) |")
            }
            for rename in diff.renamed {
                out.append("| renamed | \(code(rename.id)) | \(code(rename.from)) → \(code(rename.to)) |")
            }
            for change in diff.changed {
                out.append(
                    "| changed | \(code(change.document.id)) \(cell(change.document.title)) | "
                        + "\(cell(fieldSummary(change).joined(separator: "; "))) |"
                )
            }
            out.append("")
        }
        return out
    }

    /// Settings, audiences narrowed and warnings.
    private func markdownSettings(_ diff: PortalDiff) -> [String] {
        var out: [String] = []
        if !diff.settings.isEmpty {
            out += ["#### Settings (`content/assure.yml`)", "", "| Setting | Before | After |", "|---|---|---|"]
            for change in diff.settings {
                out.append(
                    "| \(code(change.field)) | \(cell(change.from.isEmpty ? "(none)" : change.from)) | "
                        + "\(cell(change.to.isEmpty ? "(none)" : change.to)) |"
                )
            }
            out.append("")
        }
        if !diff.audienceNarrowed.isEmpty {
            out += ["#### Audience narrowed", ""]
            for change in diff.audienceNarrowed {
                out.append(
                    "- \(code(change.document.id)) \(cell(change.document.title)): \(change.from) → \(change.to)")
            }
            out.append("")
        }
        if !diff.versionWarnings.isEmpty {
            out += ["#### Warnings", ""]
            for change in diff.versionWarnings {
                out.append(
                    "- \(code(change.document.id)) \(cell(change.document.title)) changed but its `version` did not")
            }
            out.append("")
        }
        return out
    }

    // MARK: - Text

    func text(_ diff: PortalDiff) -> String {
        var out: [String] = ["Changes from \(diff.base) to \(diff.head)"]
        if diff.isEmpty {
            out.append("  no change to policies, controls, audiences or coverage")
            return out.joined(separator: "\n")
        }
        func section(_ title: String, _ lines: [String]) {
            guard !lines.isEmpty else { return }
            out.append("")
            out.append(title)
            out += lines.map { "  " + $0 }
        }
        section(
            "AUDIENCE WIDENED",
            diff.audienceWidened.map { "\($0.document.id) \($0.document.title): \($0.from) → \($0.to)" }
                + (diff.rawHTMLEnabled
                    ? ["unsafe_html turned on: raw HTML in every document now reaches the pages"] : []))
        section("PROMISES AT RISK", diff.promisesAtRisk.map(\.line))
        section(
            "ACCESS GRANTED", diff.grants.filter(\.widens).map { Self.grantSummary($0, code: { $0 }, cell: { $0 }) })
        section(
            "COVERAGE LOST",
            diff.coverageLost.map { "\($0.frameworkName) \($0.criterion) \($0.title): \($0.from) → \($0.to)" }
                + diff.scope.filter { $0.after == nil }.map { "\($0.name) is no longer in scope" })
        section(
            "Coverage",
            diff.scope.map { "\($0.name): \($0.before ?? "not in scope") → \($0.after ?? "not in scope")" }
                + diff.coverageGained.map {
                    "gained \($0.frameworkName) \($0.criterion) \($0.title): \($0.from) → \($0.to)"
                })
        section(
            "Evidence",
            diff.evidence.flatMap { change in
                ["\(change.control): " + Self.evidenceSummary(change)] + change.exceptions.map { "  exception: \($0)" }
            })
        section(
            "Access grants", diff.grants.filter { !$0.widens }.map { Self.grantSummary($0, code: { $0 }, cell: { $0 }) }
        )
        section("Control status", diff.statusChanges.map { "\($0.id) \($0.title): \($0.from) → \($0.to)" })
        section(
            "Documents",
            diff.added.map { "added    \($0.id) \($0.title) (\($0.kind), \($0.audience), \($0.path))" }
                + diff.removed.map { "removed  \($0.id) \($0.title) (was \($0.path))" }
                + diff.renamed.map { "renamed  \($0.id): \($0.from) → \($0.to)" }
                + diff.changed.map {
                    "changed  \($0.document.id) \($0.document.title): " + fieldSummary($0).joined(separator: "; ")
                })
        section(
            "Settings",
            diff.settings.map {
                "\($0.field): \($0.from.isEmpty ? "(none)" : $0.from) → \($0.to.isEmpty ? "(none)" : $0.to)"
            })
        section(
            "Audience narrowed",
            diff.audienceNarrowed.map { "\($0.document.id) \($0.document.title): \($0.from) → \($0.to)" })
        section("Warnings", diff.versionWarnings.map { "\($0.document.id) changed but its version did not" })
        return out.joined(separator: "\n")
    }
}

extension PortalDiff {
    /// Every text a project wrote, safe to print: a title with a carriage return cannot forge
    /// a line of a pull-request comment or steer a terminal.
    var neutralized: PortalDiff {
        var diff = self
        func clean(_ text: String) -> String { text.neutralizingControlCharacters() }
        func clean(_ document: DocumentRef) -> DocumentRef {
            DocumentRef(
                id: clean(document.id), kind: document.kind, title: clean(document.title),
                path: clean(document.path), audience: document.audience)
        }
        func clean(_ change: AudienceChange) -> AudienceChange {
            AudienceChange(document: clean(change.document), from: change.from, to: change.to)
        }
        func clean(_ field: FieldChange) -> FieldChange {
            FieldChange(field: clean(field.field), from: clean(field.from), to: clean(field.to))
        }
        diff.base = clean(base)
        diff.head = clean(head)
        diff.audienceWidened = audienceWidened.map(clean)
        diff.promisesAtRisk = promisesAtRisk.map {
            PromiseAtRisk(
                customer: clean($0.customer), sent: $0.sent, question: clean($0.question), answer: clean($0.answer),
                given: $0.given, why: clean($0.why))
        }
        diff.audienceNarrowed = audienceNarrowed.map(clean)
        diff.added = added.map(clean)
        diff.removed = removed.map(clean)
        diff.renamed = renamed.map { Rename(id: clean($0.id), kind: $0.kind, from: clean($0.from), to: clean($0.to)) }
        diff.changed = changed.map { change in
            var change = change
            change.document = clean(change.document)
            change.fields = change.fields.map(clean)
            change.sections = change.sections.map(clean)
            return change
        }
        diff.statusChanges = statusChanges.map {
            StatusChange(id: clean($0.id), title: clean($0.title), from: $0.from, to: $0.to)
        }
        diff.settings = settings.map(clean)
        // Project catalogs name their own criteria and groups.
        func clean(_ change: CriterionChange) -> CriterionChange {
            var change = change
            change.frameworkName = clean(change.frameworkName)
            change.criterion = clean(change.criterion)
            change.title = clean(change.title)
            return change
        }
        diff.coverageLost = coverageLost.map(clean)
        diff.coverageGained = coverageGained.map(clean)
        diff.evidence = evidence.map { change in
            var change = change
            change.control = clean(change.control)
            change.exceptions = change.exceptions.map(clean)
            return change
        }
        diff.scope = scope.map { change in
            var change = change
            change.name = clean(change.name)
            return change
        }
        diff.grants = grants.map { change in
            var change = change
            change.grant = clean(change.grant)
            change.customer = clean(change.customer)
            change.fields = change.fields.map(clean)
            change.opened = change.opened.map(clean)
            change.closed = change.closed.map(clean)
            return change
        }
        return diff
    }
}
