import Foundation

/// What one commit changed for the programme's readers, in plain words, from the same
/// comparison `assure diff` makes (`PortalDiff`). Each change carries the audience of what it
/// concerns; the audience filter decides who reads it.
enum UpdateWording {
    typealias Change = UpdateChange

    static func changes(_ diff: PortalDiff, before: Portal?, after: Portal) -> [UpdateChange] {
        var changes: [UpdateChange] = []
        changes += diff.added.compactMap { added($0, in: after) }
        changes += diff.audienceWidened.compactMap { audience($0, widened: true) }
        changes += diff.audienceNarrowed.compactMap { audience($0, widened: false) }
        changes += diff.changed.compactMap { changed($0, before: before, after: after) }
        changes += diff.statusChanges.compactMap { status($0, in: after) }
        changes += diff.removed.compactMap { removed($0) }
        changes += diff.scope.filter { $0.group == nil }.map(scope)
        changes += diff.settings.compactMap { setting($0, in: after) }
        changes += diff.evidence.map { evidence($0, in: after) }
        return changes
    }

    /// What a document or data entry is, in words, and its category.
    private static func describe(_ ref: PortalDiff.DocumentRef) -> (Change.Category, noun: String, node: NodeRef?)? {
        if let kind = DocumentKind(rawValue: ref.kind) {
            let category: Change.Category =
                switch kind {
                case .policy: .policy
                case .control: .control
                case .page: .page
                case .answer: .answer
                }
            return (category, kind == .control ? "control" : kind.displayName, .document(kind, ref.id))
        }
        switch ref.kind {
        case "subprocessor": return (.subprocessor, "subprocessor", nil)
        case "certification": return (.certification, "certification", nil)
        case "faq": return (.faq, "question answered", nil)
        default: return nil
        }
    }

    /// `Access Control Policy (POL-AC)` for a document, the name for a data entry.
    private static func name(_ ref: PortalDiff.DocumentRef) -> String {
        DocumentKind(rawValue: ref.kind) == nil || ref.kind == DocumentKind.page.rawValue
            ? ref.title : "\(ref.title) (\(ref.id))"
    }

    private static func make(
        _ ref: PortalDiff.DocumentRef, audience: String, _ text: String, titleOnly: String? = nil
    ) -> UpdateChange? {
        guard let (category, noun, node) = describe(ref), let audience = Audience(rawValue: audience) else {
            return nil
        }
        let entry = node == nil ? ref.kind + ":" + ref.id.lowercased() : nil
        return UpdateChange(
            category: category, audience: audience, text: text, titleOnly: titleOnly ?? text, node: node, entry: entry,
            noun: noun)
    }

    private static func added(_ ref: PortalDiff.DocumentRef, in portal: Portal) -> UpdateChange? {
        guard let (_, noun, _) = describe(ref) else { return nil }
        let title = "New \(noun): \(name(ref))"
        var details: [String] = []
        if ref.kind == "subprocessor", let item = portal.data.subprocessors.first(where: { $0.name == ref.id }) {
            details = subprocessorDetails(item)
        } else if ref.kind == "certification", let item = portal.data.certifications.first(where: { $0.name == ref.id })
        {
            details = [item.status]
        } else if let policy = portal.documents.policy(ref.id), ref.kind == DocumentKind.policy.rawValue {
            details = [policy.version.map { "version \($0)" }, policy.effective.map { "effective \($0.longForm)" }]
                .compactMap { $0 }
        }
        let text = title + (details.isEmpty ? "" : " (\(details.joined(separator: "; ")))")
        var change = make(ref, audience: ref.audience, text, titleOnly: title + " (available on request)")
        change?.batch = "New"
        return change
    }

    static func subprocessorDetails(_ item: Subprocessor) -> [String] {
        [
            item.purpose, item.data.map { "data: \($0)" }, item.location.map { "location: \($0)" },
            item.effective.map { "from \($0.longForm)" },
        ].compactMap { $0 }
    }

    /// A document or entry shown to more readers, or to fewer: told to those who could read it
    /// at the more public of the two audiences.
    private static func audience(_ change: PortalDiff.AudienceChange, widened: Bool) -> UpdateChange? {
        let ref = change.document
        let reach = widened ? change.to : change.from
        let place =
            reach == Audience.public.rawValue
            ? "public" : reach == Audience.restricted.rawValue ? "available on request" : "shared with auditors"
        return make(ref, audience: reach, "\(widened ? "Now" : "No longer") \(place): \(name(ref))")
    }

    private static func removed(_ ref: PortalDiff.DocumentRef) -> UpdateChange? {
        guard let (_, noun, _) = describe(ref) else { return nil }
        let text = ref.kind == "faq" ? "Question removed: \(ref.title)" : "Removed \(noun): \(name(ref))"
        var change = make(ref, audience: ref.audience, text)
        change?.node = nil
        return change
    }

    /// A new version of a policy, a changed data entry, an answer or page rewritten. Edits to a
    /// policy that keep its version, and to a control's text, are not news for readers.
    private static func changed(_ change: PortalDiff.DocumentChange, before: Portal?, after: Portal) -> UpdateChange? {
        let ref = change.document
        let fields = Dictionary(change.fields.map { ($0.field, $0) }) { first, _ in first }
        switch ref.kind {
        case DocumentKind.policy.rawValue:
            guard let version = fields["version"] else { return nil }
            let effective = after.documents.policy(ref.id)?.effective.map { ", effective \($0.longForm)" } ?? ""
            return make(
                ref, audience: ref.audience, "New version of \(name(ref)): \(version.from) → \(version.to)\(effective)",
                titleOnly: "New version of \(name(ref)) (available on request)")
        case DocumentKind.control.rawValue:
            return nil
        case "subprocessor", "certification":
            let shown = change.fields.filter { $0.field != "audience" && $0.field != "website" }
            guard !shown.isEmpty else { return nil }
            let what = shown.map {
                "\($0.field.replacingOccurrences(of: "_", with: " ")) \(quoted($0.from)) → \(quoted($0.to))"
            }
            return make(
                ref, audience: ref.audience, "Changed \(ref.kind): \(ref.title): " + what.joined(separator: "; "),
                titleOnly: "Changed \(ref.kind): \(ref.title)")
        case "faq":
            return make(ref, audience: ref.audience, "Answer updated: \(ref.title)")
        case DocumentKind.answer.rawValue:
            if let value = fields["answer"] {
                return make(ref, audience: ref.audience, "Answer changed: \(name(ref)): \(value.from) → \(value.to)")
            }
            fallthrough
        default:
            // What readers read changed: the text or the title, not a review date.
            guard change.linesAdded + change.linesRemoved > 0 || fields["title"] != nil else { return nil }
            var update = make(ref, audience: ref.audience, "Updated \(describe(ref)?.noun ?? ref.kind): \(name(ref))")
            update?.batch = "Updated"
            return update
        }
    }

    private static func quoted(_ value: String) -> String { value.isEmpty ? "(none)" : value }

    private static func status(_ change: PortalDiff.StatusChange, in portal: Portal) -> UpdateChange? {
        guard let control = portal.documents.control(change.id) else { return nil }
        let words = { (raw: String) in ControlStatus(rawValue: raw)?.displayName.lowercased() ?? raw }
        let ref = PortalDiff.DocumentRef(
            id: change.id, kind: DocumentKind.control.rawValue, title: change.title, path: control.header.path,
            audience: control.header.audience.rawValue)
        return make(ref, audience: ref.audience, "\(name(ref)): \(words(change.from)) → \(words(change.to))")
    }

    private static func scope(_ change: PortalDiff.ScopeChange) -> UpdateChange {
        let text: String
        switch (change.before, change.after) {
        case (nil, let after?): text = "Now answering to \(change.name): \(counted(after)) criteria addressed"
        case (_?, nil): text = "No longer answering to \(change.name)"
        case (let before?, let after?):
            text = "\(change.name): \(counted(after)) criteria addressed, was \(counted(before))"
        case (nil, nil): text = change.name
        }
        return UpdateChange(category: .framework, audience: .public, text: text, titleOnly: text, noun: "framework")
    }

    /// `37/38` → `37 of 38`.
    private static func counted(_ fraction: String) -> String { fraction.replacingOccurrences(of: "/", with: " of ") }

    /// The report's status and type: what the trust page's report card shows.
    private static func setting(_ change: PortalDiff.FieldChange, in portal: Portal) -> UpdateChange? {
        let report = portal.config.report
        let text: String
        switch change.field {
        case "report.status":
            let words = { (raw: String) in ProjectConfig.ReportStatus(rawValue: raw)?.displayName ?? raw }
            text = "\(report?.type.displayName ?? "SOC 2") report: \(words(change.from)) → \(words(change.to))"
        case "report.type":
            let words = { (raw: String) in ProjectConfig.ReportType(rawValue: raw)?.displayName ?? raw }
            text = "Report: \(words(change.from)) → \(words(change.to))"
        default: return nil
        }
        return UpdateChange(category: .report, audience: .public, text: text, titleOnly: text, noun: "report")
    }

    /// Evidence is for auditors only, and not even for them when its control is internal.
    private static func evidence(_ change: PortalDiff.EvidenceChange, in portal: Portal) -> UpdateChange {
        var parts: [String] = []
        if change.added > 0 { parts.append("\(change.added) record\(change.added == 1 ? "" : "s") added") }
        if change.removed > 0 { parts.append("\(change.removed) removed") }
        if !change.exceptions.isEmpty { parts.append("exceptions: " + change.exceptions.joined(separator: "; ")) }
        let text = "Evidence of \(change.control): " + parts.joined(separator: ", ")
        return UpdateChange(
            category: .evidence,
            audience: max(.auditor, portal.documents.control(change.control)?.header.audience ?? .auditor),
            text: text, titleOnly: text,
            node: .document(.control, change.control), noun: "evidence record")
    }
}
