import Foundation

/// Phase 5: checks on the resolved model that need the whole program at once: coverage of
/// every criterion in scope, and the hygiene an auditor would ask about.
public struct Validator: Sendable {
    /// The day against which review dates are judged (`--as-of`, `SOURCE_DATE_EPOCH`, or today).
    public var asOf: CalendarDate

    public init(asOf: CalendarDate) { self.asOf = asOf }

    public func validate(_ portal: Portal) -> [Diagnostic] {
        coverage(portal) + reviews(portal) + unimplementedPolicies(portal) + publicLinks(portal) + evidence(portal)
            + criteriaCited(portal) + criteriaOutOfScope(portal) + operation(portal)
            + unreferencedFiles(portal) + placeholders(portal) + securityTxt(portal) + answers(portal)
            + subprocessorNotice(portal)
    }

    /// The answer library: claims the controls do not back, questions that do not exist, two
    /// answers to one question, reviews due, and promises to customers that no longer hold.
    func answers(_ portal: Portal) -> [Diagnostic] {
        let answers = portal.documents.answers
        guard !answers.isEmpty || !portal.sentQuestionnaires.isEmpty else { return [] }
        return answers.flatMap { portal.answerStandings[$0.header.id].map { $0.failures + $0.warnings } ?? [] }
            + AnswerRules.duplicates(answers)
            + AnswerRules.overdue(answers, asOf: asOf) + AnswerRules.promises(in: portal)
    }

    /// `security.txt` must say when it expires; Assure dates it from public policies or the
    /// report period, never from the clock, so with neither it is left out.
    func securityTxt(_ portal: Portal) -> [Diagnostic] {
        let contact = portal.config.contact
        guard contact.securityEmail ?? contact.email != nil, portal.config.report?.periodEnd == nil,
            !portal.documents.policies.contains(where: {
                $0.header.audience == .public && ($0.effective ?? $0.lastReviewed) != nil
            })
        else { return [] }
        return [
            .warning(
                .securityTxtUndated, at: SourceLocation(path: ProjectLayout.config),
                ".well-known/security.txt is not published: it needs an expiry date, and no public policy has an "
                    + "effective date and the report has no period",
                hint: "publish a policy (`audience: public`), or give `report:` a `period:`")
        ]
    }

    /// Fields and paragraphs `assure new` marked TODO and nobody has filled in yet.
    func placeholders(_ portal: Portal) -> [Diagnostic] {
        portal.documents.flatMap(Self.placeholders(in:))
    }

    /// One document's placeholder fields, and its first placeholder paragraph.
    static func placeholders(in document: Document) -> [Diagnostic] {
        func isPlaceholder(_ text: String?) -> Bool { text?.uppercased().hasPrefix("TODO") == true }
        var diagnostics: [Diagnostic] = []
        let header = document.header
        let body = document.body
        let values = document.fieldValues
        for field in header.kind.fields where field.mayHoldPlaceholder {
            guard let value = values[field.key], isPlaceholder(value) else { continue }
            diagnostics.append(
                .warning(
                    .placeholderText, at: header.location(of: field.key),
                    "`\(field.key)` of \(header.id) is still a placeholder: \(value)",
                    hint: "fill it in before the document is published"))
        }
        if let (index, line) = firstPlaceholderLine(in: body.source) {
            let column = line.prefix { $0 == " " }.count + 1
            let location = SourceLocation(path: header.path, line: body.sourceFirstLine + index, column: column)
            let text = line.trimmingCharacters(in: .whitespaces)
            diagnostics.append(
                .warning(
                    .placeholderText, at: location, "\(header.id) still has placeholder text: \(text)",
                    hint: "replace the TODO paragraphs with the document's text"))
        }
        return diagnostics
    }

    /// The first line (0-based index, and its text) whose first word after spaces and tabs
    /// starts with `TODO` in any case. One pass over the UTF-8 bytes: every body of every
    /// document is read, so no per-line Foundation calls.
    static func firstPlaceholderLine(in text: String) -> (index: Int, line: Substring)? {
        var text = text
        text.makeContiguousUTF8()
        let found = text.utf8.withContiguousStorageIfAvailable { bytes -> (index: Int, start: Int, end: Int)? in
            let todo = Array("todo".utf8)
            var index = 0
            var lineStart = 0
            while lineStart < bytes.count {
                var cursor = lineStart
                while cursor < bytes.count, bytes[cursor] == UInt8(ascii: " ") || bytes[cursor] == UInt8(ascii: "\t") {
                    cursor += 1
                }
                var lineEnd = cursor
                while lineEnd < bytes.count, bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
                if lineEnd - cursor >= todo.count,
                    (0..<todo.count).allSatisfy({ bytes[cursor + $0] | 0x20 == todo[$0] })
                {
                    return (index, lineStart, lineEnd)
                }
                lineStart = lineEnd + 1
                index += 1
            }
            return nil
        }
        guard let found = found ?? nil else { return nil }
        let utf8 = text.utf8
        let start = utf8.index(utf8.startIndex, offsetBy: found.start)
        let end = utf8.index(utf8.startIndex, offsetBy: found.end)
        return (found.index, text[start..<end])
    }

    /// A picture or file in content/ that no document uses is published nowhere.
    func unreferencedFiles(_ portal: Portal) -> [Diagnostic] {
        var used = Set<String>()
        let bodies =
            portal.documents.policies.map(\.body) + portal.documents.controls.map(\.body)
            + portal.documents.pages.map(\.body)
            + portal.data.faq.map(\.answer)
        for body in bodies {
            for target in portal.targets(of: body) { if case .asset(let path) = target { used.insert(path) } }
        }
        // The brand's pictures appear on every page.
        used.formUnion([portal.config.brand.logo?.value, portal.config.brand.favicon?.value].compactMap { $0 })
        // Evidence artifacts appear on the auditor site's evidence pages.
        for log in portal.evidence.values {
            for record in log.records { used.formUnion(record.artifacts.map(\.value)) }
        }
        return portal.assets.keys.sorted().filter { !used.contains($0) }.map { path in
            .warning(
                .unreferencedFile, at: SourceLocation(path: path),
                "no document shows or links to this file, so it appears nowhere",
                hint:
                    "link to it from a document, such as `![diagram](\((path as NSString).lastPathComponent))`, or "
                    + "delete it"
            )
        }
    }

    // MARK: - Coverage

    /// `CC6.1` when the programme answers to one framework, `ISO 27001 A.5.15` when it answers to
    /// several, so a message about coverage says which framework it is about.
    static func framed(_ criterion: Criterion, in portal: Portal) -> String {
        guard portal.scope.frameworks.count > 1, let owner = portal.catalog.catalog(criterion.catalog) else {
            return criterion.id
        }
        return "\(owner.shortName) \(criterion.id)"
    }

    /// Every criterion in scope of every framework is met by an implemented control or
    /// excluded with a reason; partial and planned controls are gaps, never coverage.
    func coverage(_ portal: Portal) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let failed = Set(portal.documents.controls.filter(\.header.failed).map(\.header.id))
        for row in portal.coverage.rows where row.inScope {
            guard row.status == .uncovered || row.status == .gap,
                let framework = portal.scope.framework(row.criterion.catalog),
                // A control whose status could not be read may meet it: its own error says so.
                !row.controls.contains(where: { failed.contains($0.id) })
            else { continue }
            let location = framework.location(of: row.criterion)
            var hint =
                "add an implemented control with `criteria: [\(portal.catalog.reference(to: row.criterion))]`, or "
                + "exclude it in assure.yml with a reason"
            let unfinished = row.controls.filter { $0.status == .partial || $0.status == .planned }
            let internalOnly = row.controls.filter { $0.status == .implemented && $0.audience == .internal }
            if !internalOnly.isEmpty {
                hint =
                    "\(internalOnly.map(\.id).joined(separator: ", ")) meet\(internalOnly.count == 1 ? "s" : "") it "
                    + "but \(internalOnly.count == 1 ? "is" : "are") `internal`, so auditors never see "
                    + "\(internalOnly.count == 1 ? "it" : "them"); give an auditor-visible audience, or "
                    + hint
            } else if !unfinished.isEmpty {
                hint =
                    "\(unfinished.map { "\($0.id) (\($0.status.rawValue))" }.joined(separator: ", ")) "
                    + "address\(unfinished.count == 1 ? "es" : "") it but do\(unfinished.count == 1 ? "es" : "") "
                    + "not count until implemented; "
                    + hint
            }
            diagnostics.append(
                .error(
                    .uncoveredCriterion, at: location,
                    "\(Self.framed(row.criterion, in: portal)) (\(row.criterion.title)) is not met by any "
                        + "implemented control",
                    hint: hint))
        }
        for control in portal.documents.controls
        where (control.status == .partial || control.status == .planned) && !control.criteria.isEmpty
            && !control.header.failed
        {
            diagnostics.append(
                Diagnostic(
                    .note, .coverageGap, at: control.header.location(of: "status"),
                    "\(control.header.id) is \(control.status.rawValue), so it does not count as coverage of "
                        + "\(control.criteria.map(\.value).joined(separator: ", "))",
                    hint: "set `status: implemented` once the control operates"))
        }
        return diagnostics
    }

    /// A control that cites criteria of a framework in scope whose group (or profile) leaves
    /// them out: the pages show the mapping as not in scope and coverage does not count it, so
    /// `check` says so once per control rather than not at all.
    func criteriaOutOfScope(_ portal: Portal) -> [Diagnostic] {
        var cited: [String: [Criterion]] = [:]
        for row in portal.coverage.rows where !row.inScope && portal.scope.answers(to: row.criterion.catalog) {
            for control in row.controls { cited[control.id, default: []].append(row.criterion) }
        }
        return portal.documents.controls.compactMap { control in
            guard let criteria = cited[control.header.id], !control.header.failed else { return nil }
            let reasons = Dictionary(grouping: criteria) { criterion in
                Self.whyOutOfScope(criterion, in: portal)
            }
            let said = reasons.keys.sorted().map { reason in
                let ids = reasons[reason, default: []].map { Self.framed($0, in: portal) }
                return "\(ids.joined(separator: ", ")) (\(reason))"
            }
            return Diagnostic(
                .note, .criterionOutOfScope, at: control.header.location(of: "criteria"),
                "\(control.header.id) cites criteria outside the scope, which count towards nothing: "
                    + said.joined(separator: "; "),
                hint: "add the group to the framework's scope in assure.yml if the programme answers to it, or "
                    + "set `diagnostics: {criterion-out-of-scope: ignore}` to keep such mappings without a note")
        }
    }

    /// "SOC 2's Availability category is not selected", or "not in the ISO 27001 profile".
    static func whyOutOfScope(_ criterion: Criterion, in portal: Portal) -> String {
        guard let catalog = portal.catalog.catalog(criterion.catalog) else { return "not in scope" }
        let framework = portal.scope.framework(criterion.catalog)
        if framework?.groups.contains(criterion.group) == false {
            let group = catalog.groups.first { $0.id == criterion.group }?.name ?? criterion.group
            let key = catalog.scope.selects.map { " in `\($0):`" } ?? ""
            return "\(catalog.shortName)'s \(group) \(catalog.scope.noun) is not selected\(key)"
        }
        return "not in the \(catalog.shortName) profile"
    }

    // MARK: - Hygiene

    func reviews(_ portal: Portal) -> [Diagnostic] {
        portal.documents.policies.compactMap { policy in
            guard let due = policy.nextReview, due <= asOf else { return nil }
            return .warning(
                .reviewOverdue, at: policy.header.location(of: "last_reviewed"),
                "\(policy.header.id) was due for review on \(due) (last reviewed \(policy.lastReviewed!), every "
                    + "\(policy.reviewEvery!))",
                hint: "review the policy, then update `last_reviewed` (and `version` if it changed)")
        }
    }

    func unimplementedPolicies(_ portal: Portal) -> [Diagnostic] {
        let implemented = Set(portal.documents.controls.flatMap { $0.policies.map(\.value) })
        return portal.documents.policies.filter { !implemented.contains($0.header.id) }.map { policy in
            .warning(
                .unimplementedPolicy, at: policy.header.idLocation,
                "no control implements \(policy.header.id) (\(policy.header.title))",
                hint: "list it in the `policies:` of the controls that put it into practice")
        }
    }

    /// A public document whose reference the public site must show as plain text.
    func publicLinks(_ portal: Portal) -> [Diagnostic] {
        var hidden: [String: Audience] = [:]
        for header in portal.headers where SiteAudience.public.visibility(of: header.audience) == .hidden {
            hidden[header.id] = header.audience
        }
        var diagnostics: [Diagnostic] = []
        for document in portal.documents {
            diagnostics += Self.publicLinks(
                from: document.header, document.body, to: portal.targets(of: document.body), hidden: { hidden[$0] })
        }
        for entry in portal.data.faq where entry.audience == .public {
            let header = DocumentHeader(
                id: entry.question, kind: .page, title: entry.question, audience: .public,
                path: entry.path, idLocation: SourceLocation(path: entry.path))
            diagnostics += Self.publicLinks(from: header, entry.answer, to: portal.targets(of: entry.answer)) {
                hidden[$0]
            }
        }
        return diagnostics
    }

    /// The references of one public body whose targets the public site hides. `hidden`: the
    /// audience of a document the public site does not show, by ID; nil for any other.
    static func publicLinks(
        from header: DocumentHeader, _ body: MarkdownBody, to targets: [ResolvedTarget],
        hidden: (String) -> Audience?
    ) -> [Diagnostic] {
        guard header.audience == .public else { return [] }
        var diagnostics: [Diagnostic] = []
        for (reference, target) in zip(body.references, targets) {
            guard case .node(.document(_, let id), _) = target, let audience = hidden(id) else { continue }
            let seen =
                if case .id = reference.target {
                    "see \(reference.written) as written, with no link"
                } else {
                    "see the link's text with no link"
                }
            diagnostics.append(
                .warning(
                    .publicLinksHidden, at: reference.location,
                    "this public document links to \(id), which is `\(audience.rawValue)`; readers of the public "
                        + "site \(seen)",
                    hint:
                        "make \(id) `restricted` (title shown, available on request) or `public`, or remove the "
                        + "link"
                ))
        }
        return diagnostics
    }

    // MARK: - Evidence of operation

    /// Each implemented control's records against its frequency over the report period: a
    /// missing year, quarter, month or week is a gap (an error once the period has ended,
    /// a warning while it runs); while it runs, a control whose last occurrence is older than
    /// its frequency is overdue. Records outside the period are errors.
    func operation(_ portal: Portal) -> [Diagnostic] {
        guard let period = ReportPeriod(portal.config.report) else { return [] }
        let (start, end) = (period.start, period.end)
        var diagnostics: [Diagnostic] = []
        for log in portal.evidence.values.sorted(by: { $0.path < $1.path }) {
            for record in log.records where !period.contains(record) {
                diagnostics.append(
                    .error(
                        .invalidValue, at: record.location,
                        "this record covers \(record.from) to \(record.to), outside the report period "
                            + "(\(start) to \(end))",
                        hint: "keep only the current period's records in content/evidence/ (earlier ones stay in git "
                            + "history), or correct the dates"))
            }
        }
        for control in portal.documents.controls {
            guard let schedule = portal.schedules[control.header.id] else { continue }
            diagnostics += operation(of: control, schedule, log: portal.evidence[control.header.id], period: period)
        }
        return diagnostics
    }

    /// One control's gaps, and (while the period runs) each activity that is overdue.
    func operation(of control: ControlNarrative, _ schedule: EvidenceSchedule, log: EvidenceLog?, period: ReportPeriod)
        -> [Diagnostic]
    {
        let id = control.header.id
        let ended = asOf > period.end
        let location =
            log.map { SourceLocation(path: $0.path, line: 1, column: 1) } ?? control.header.location(of: "frequency")
        let file = log?.path ?? "\(ProjectLayout.evidence)/\(id).yml"
        func named(_ activity: String?, _ frequency: ControlFrequency) -> String {
            "\(id)\(activity.map { " \($0.lowercased())" } ?? "") (\(frequency.displayName.lowercased()))"
        }
        var diagnostics: [Diagnostic] = schedule.gaps(asOf: asOf).map { gap in
            Diagnostic(
                ended ? .error : .warning, .evidenceGap, at: location,
                "\(named(gap.activity, gap.frequency)) has no evidence for \(gap.slot.label) (\(gap.slot.from) to "
                    + "\(gap.slot.to))",
                hint: "add a record to \(file) whose `covers` includes that time"
                    + (gap.activity.map { " and whose `activity` is \($0)" } ?? "")
                    + "; if the control did not operate, record it as an exception")
        }
        // Overdue: while the period runs, the next occurrence should already be in.
        guard !period.typeI, !ended, asOf >= period.start else { return diagnostics }
        for (activity, frequency) in control.operations {
            guard let interval = frequency.interval else { continue }
            let last = schedule.records(of: activity).map(\.performed).filter { $0 <= asOf }.max()
            let due = last.map(interval.next(after:)) ?? interval.next(after: period.start)
            guard due < asOf else { continue }
            diagnostics.append(
                .warning(
                    .evidenceOverdue, at: location,
                    "\(id)\(activity.map { " \($0.lowercased())" } ?? "") is \(frequency.displayName.lowercased()) and "
                        + (last.map { "was last performed on \($0)" } ?? "has no record since the period began")
                        + "; the next occurrence was due by \(due)",
                    hint: "collect it now and add the record; `assure evidence due` lists what is next"))
        }
        return diagnostics
    }

    /// An implemented control that cites no criterion counts towards nothing; often a gap in a
    /// mapping rather than a control that truly meets none.
    func criteriaCited(_ portal: Portal) -> [Diagnostic] {
        portal.documents.controls.filter { $0.status == .implemented && $0.criteria.isEmpty }.map { control in
            .warning(
                .noCriteria, at: control.header.location(of: "criteria"),
                "\(control.header.id) is implemented but cites no criterion, so it counts towards no framework",
                hint: "list the criteria it meets in `criteria:`, or set `diagnostics: {no-criteria: ignore}` in "
                    + "assure.yml if the programme keeps controls outside any framework")
        }
    }

    func evidence(_ portal: Portal) -> [Diagnostic] {
        portal.documents.controls.filter { $0.status == .implemented && $0.evidence.isEmpty }.map { control in
            .warning(
                .missingEvidence, at: control.header.location(of: "status"),
                "\(control.header.id) is implemented but lists no evidence an auditor can sample",
                hint: "add `evidence:` with the records that show the control operating")
        }
    }
}
