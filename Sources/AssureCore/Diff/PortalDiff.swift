import Foundation

/// What a change does to a compliance programme: documents, their fields and text, control
/// status, audiences and coverage, between two resolved models.
public struct PortalDiff: Sendable, Hashable, Codable {
    public struct DocumentRef: Sendable, Hashable, Codable {
        public var id: String
        public var kind: String
        public var title: String
        public var path: String
        public var audience: String
    }

    public struct AudienceChange: Sendable, Hashable, Codable {
        public var document: DocumentRef
        public var from: String
        public var to: String
    }

    public struct Rename: Sendable, Hashable, Codable {
        public var id: String
        public var kind: String
        public var from: String
        public var to: String
    }

    public struct FieldChange: Sendable, Hashable, Codable {
        public var field: String
        public var from: String
        public var to: String
    }

    public struct DocumentChange: Sendable, Hashable, Codable {
        public var document: DocumentRef
        public var fields: [FieldChange]
        public var linesAdded: Int
        public var linesRemoved: Int
        /// Headings of the sections whose text changed (`the opening text` before the first heading).
        public var sections: [String]
        /// A policy whose content changed while its `version` stayed the same.
        public var versionUnchanged: Bool

        enum CodingKeys: String, CodingKey {
            case document, fields, sections
            case linesAdded = "lines_added"
            case linesRemoved = "lines_removed"
            case versionUnchanged = "version_unchanged"
        }
    }

    public struct StatusChange: Sendable, Hashable, Codable {
        public var id: String
        public var title: String
        public var from: String
        public var to: String
    }

    public struct CriterionChange: Sendable, Hashable, Codable {
        /// The framework key (`soc2`, `iso27001`).
        public var framework: String
        /// Its short name ("SOC 2").
        public var frameworkName: String
        public var criterion: String
        public var group: String
        public var title: String
        public var from: String
        public var to: String

        enum CodingKeys: String, CodingKey {
            case framework, criterion, group, title, from, to
            case frameworkName = "framework_name"
        }
    }

    /// Criteria addressed of those in scope, for a framework or one of its selectable groups.
    public struct ScopeChange: Sendable, Hashable, Codable {
        public var framework: String
        /// A SOC 2 category or CSF function; nil for the framework as a whole.
        public var group: String?
        /// "SOC 2", "SOC 2 Security".
        public var name: String
        /// Criteria addressed / in scope, before and after; nil when not in scope then.
        public var before: String?
        public var after: String?
    }

    public var base: String
    public var head: String
    /// Documents now visible to a wider audience, called out first.
    public var audienceWidened: [AudienceChange] = []
    public var audienceNarrowed: [AudienceChange] = []
    public var added: [DocumentRef] = []
    public var removed: [DocumentRef] = []
    public var renamed: [Rename] = []
    public var changed: [DocumentChange] = []
    public var statusChanges: [StatusChange] = []
    public var coverageLost: [CriterionChange] = []
    public var coverageGained: [CriterionChange] = []
    public var scope: [ScopeChange] = []
    /// Evidence records added and removed, and exceptions recorded, per control.
    public var evidence: [EvidenceChange] = []

    public struct EvidenceChange: Sendable, Hashable, Codable {
        public var control: String
        public var added: Int
        public var removed: Int
        /// What went wrong, for each exception among the records added.
        public var exceptions: [String]
    }
    /// Changes to `content/assure.yml`, field by field (`report.status`, `unsafe_html`).
    public var settings: [FieldChange] = []

    /// An access grant added, removed or changed.
    public struct GrantChange: Sendable, Hashable, Codable {
        public var grant: String
        public var customer: String
        /// `added`, `removed` or `changed`.
        public var change: String
        /// Changed fields (customer, nda, granted, expires, rotation).
        public var fields: [FieldChange]
        /// IDs of documents the grant opens now and did not before, or no longer opens.
        public var opened: [String]
        public var closed: [String]
        /// More access than before: a new grant, more documents, a later end or an earlier start.
        public var widens: Bool
    }

    public var grants: [GrantChange] = []
    /// Answers told to customers that this change stops holding.
    public var promisesAtRisk: [PromiseAtRisk] = []

    enum CodingKeys: String, CodingKey {
        case base, head, added, removed, renamed, changed, scope, settings, evidence, grants
        case audienceWidened = "audience_widened"
        case audienceNarrowed = "audience_narrowed"
        case statusChanges = "status_changes"
        case coverageLost = "coverage_lost"
        case coverageGained = "coverage_gained"
        case promisesAtRisk = "promises_at_risk"
    }

    public var isEmpty: Bool {
        audienceWidened.isEmpty && audienceNarrowed.isEmpty && added.isEmpty && removed.isEmpty && renamed.isEmpty
            && changed.isEmpty && statusChanges.isEmpty && coverageLost.isEmpty && coverageGained.isEmpty
            && scope.isEmpty && settings.isEmpty && evidence.isEmpty && grants.isEmpty && promisesAtRisk.isEmpty
    }

    /// `unsafe_html` turned on: raw HTML from every document now reaches the pages.
    public var rawHTMLEnabled: Bool { settings.contains { $0.field == "unsafe_html" && $0.to == "true" } }

    public var versionWarnings: [DocumentChange] { changed.filter(\.versionUnchanged) }
}

/// Kinds of change a CI job can refuse with `--fail-on`.
public enum DiffFailure: String, Sendable, CaseIterable {
    case coverageLoss = "coverage-loss"
    case audienceWidened = "audience-widened"
    case versionUnchanged = "version-unchanged"
    case statusChanged = "status-changed"
    case documentRemoved = "document-removed"
    case promiseAtRisk = "promise-at-risk"
    case subprocessorAdded = "subprocessor-added"
    case anyChange = "any-change"

    public func isPresent(in diff: PortalDiff) -> Bool {
        switch self {
        case .coverageLoss: !diff.coverageLost.isEmpty || diff.scope.contains { $0.after == nil }
        case .audienceWidened:
            !diff.audienceWidened.isEmpty || diff.rawHTMLEnabled || diff.grants.contains(where: \.widens)
        case .versionUnchanged: !diff.versionWarnings.isEmpty
        case .statusChanged: !diff.statusChanges.isEmpty
        case .documentRemoved: !diff.removed.isEmpty
        case .promiseAtRisk: !diff.promisesAtRisk.isEmpty
        case .subprocessorAdded:
            diff.added.contains { $0.kind == "subprocessor" }
                || diff.audienceWidened.contains { $0.document.kind == "subprocessor" }
        case .anyChange: !diff.isEmpty
        }
    }
}

extension PortalDiff {
    /// Compares two models; either may be nil (no programme at that revision).
    public static func compare(base: Portal?, head: Portal?, baseLabel: String, headLabel: String) -> PortalDiff {
        var diff = PortalDiff(base: baseLabel, head: headLabel)
        for (old, new) in DocumentSnapshot.pairs(
            before: DocumentSnapshot.all(in: base), after: DocumentSnapshot.all(in: head))
        {
            guard let new else {
                if let old { diff.removed.append(old.reference) }
                continue
            }
            guard let old else {
                diff.added.append(new.reference)
                continue
            }
            if old.path != new.path {
                diff.renamed.append(Rename(id: new.id, kind: new.kind, from: old.path, to: new.path))
            }
            if new.audience < old.audience {
                diff.audienceWidened.append(
                    AudienceChange(document: new.reference, from: old.audience.rawValue, to: new.audience.rawValue))
            } else if new.audience > old.audience {
                diff.audienceNarrowed.append(
                    AudienceChange(document: new.reference, from: old.audience.rawValue, to: new.audience.rawValue))
            }
            if let status = old.fields["status"], let newStatus = new.fields["status"], status != newStatus,
                new.kind == "control"
            {
                diff.statusChanges.append(StatusChange(id: new.id, title: new.title, from: status, to: newStatus))
            }
            var fields = old.id == new.id ? [] : [FieldChange(field: "id", from: old.id, to: new.id)]
            fields += DocumentSnapshot.comparedFields.compactMap { field -> FieldChange? in
                let from = old.fields[field] ?? ""
                let to = new.fields[field] ?? ""
                return from == to ? nil : FieldChange(field: field, from: from, to: to)
            }
            let text = LineChanges(from: (old.body, old.headings), to: (new.body, new.headings))
            guard !fields.isEmpty || text.added + text.removed > 0 else { continue }
            let contentChanged = text.added + text.removed > 0 || fields.contains { $0.field != "version" }
            let versionUnchanged = new.kind == "policy" && contentChanged && !fields.contains { $0.field == "version" }
            diff.changed.append(
                DocumentChange(
                    document: new.reference, fields: fields, linesAdded: text.added, linesRemoved: text.removed,
                    sections: text.sections, versionUnchanged: versionUnchanged))
        }
        diff.settings = SettingsSnapshot.changes(from: base?.config, to: head?.config)
        compareCoverage(base: base, head: head, into: &diff)
        diff.evidence = Self.evidenceChanges(from: base?.evidence ?? [:], to: head?.evidence ?? [:])
        diff.grants = Self.grantChanges(from: base?.grants ?? [], to: head?.grants ?? [])
        diff.promisesAtRisk = Self.promisesAtRisk(base: base, head: head)
        return diff
    }

    static func grantChanges(from old: [AccessGrant], to new: [AccessGrant]) -> [GrantChange] {
        let before = Dictionary(old.map { ($0.id, $0) }) { first, _ in first }
        let after = Dictionary(new.map { ($0.id, $0) }) { first, _ in first }
        func fields(_ grant: AccessGrant?) -> [(String, String)] {
            guard let grant else { return [] }
            return [
                ("customer", grant.customer), ("nda", grant.nda), ("granted", grant.granted.description),
                ("expires", grant.expires.description), ("rotation", "\(grant.rotation)"),
            ]
        }
        return Set(before.keys).union(after.keys).sorted().compactMap { id in
            let old = before[id]
            let new = after[id]
            let wasOpen = Set((old?.opens ?? []).map(\.id))
            let isOpen = Set((new?.opens ?? []).map(\.id))
            let oldFields = Dictionary(fields(old)) { first, _ in first }
            let changes = fields(new).compactMap { field, value -> FieldChange? in
                guard let was = oldFields[field], was != value else { return nil }
                return FieldChange(field: field, from: was, to: value)
            }
            let opened = isOpen.subtracting(wasOpen).sorted()
            let closed = wasOpen.subtracting(isOpen).sorted()
            guard old == nil || new == nil || !changes.isEmpty || !opened.isEmpty || !closed.isEmpty else { return nil }
            var widens = old == nil || !opened.isEmpty
            if let old, let new { widens = widens || new.expires > old.expires || new.granted < old.granted }
            return GrantChange(
                grant: id, customer: (new ?? old)?.customer ?? "",
                change: old == nil ? "added" : new == nil ? "removed" : "changed",
                fields: changes, opened: new == nil ? [] : opened, closed: new == nil ? wasOpen.sorted() : closed,
                widens: new != nil && widens)
        }
    }

    static func evidenceChanges(from old: [String: EvidenceLog], to new: [String: EvidenceLog]) -> [EvidenceChange] {
        /// A record as compared: everything but where it sits in its file.
        func key(_ record: EvidenceRecord) -> [String] {
            [
                record.performed.description, record.from.description, record.to.description, record.performer,
                record.reviewer ?? "", record.result.rawValue, record.exception ?? "", record.remediation ?? "",
            ] + record.artifacts.map(\.value)
        }
        return Set(old.keys).union(new.keys).sorted().compactMap { control in
            let before = old[control]?.records ?? []
            let after = new[control]?.records ?? []
            let beforeKeys = Set(before.map(key))
            let afterKeys = Set(after.map(key))
            let added = after.filter { !beforeKeys.contains(key($0)) }
            let removed = before.filter { !afterKeys.contains(key($0)) }
            guard !added.isEmpty || !removed.isEmpty else { return nil }
            return EvidenceChange(
                control: control, added: added.count, removed: removed.count,
                exceptions: added.filter { $0.result == .exception }.map { $0.exception ?? "exception" })
        }
    }

    private static func compareCoverage(base: Portal?, head: Portal?, into diff: inout PortalDiff) {
        let catalogs = (head ?? base)?.catalog.catalogs ?? []
        for catalog in catalogs {
            func figure(_ portal: Portal?, group: String?) -> String? {
                guard let portal, let framework = portal.scope.framework(catalog.id) else { return nil }
                if let group, !framework.groups.contains(group) { return nil }
                let summary = portal.coverage.summary(framework: catalog.id, group: group)
                return "\(summary.addressed)/\(summary.total)"
            }
            let groups: [String?] = [nil] + (catalog.scope.selects == nil ? [] : catalog.groups.map(\.id))
            for group in groups {
                let before = figure(base, group: group)
                let after = figure(head, group: group)
                guard before != after else { continue }
                let name = [catalog.shortName, group.flatMap { catalog.group($0)?.name }].compactMap { $0 }
                    .joined(separator: " ")
                diff.scope.append(
                    ScopeChange(framework: catalog.id, group: group, name: name, before: before, after: after))
            }
        }
        guard let head else { return }
        for row in head.coverage.rows where row.inScope {
            let old = base?.coverage.row(row.criterion.key)
            let wasAddressed = old.map { $0.inScope && ($0.status == .covered || $0.status == .excluded) } ?? false
            let isAddressed = row.status == .covered || row.status == .excluded
            let from = old.map { $0.inScope ? $0.status.rawValue : "out-of-scope" } ?? "out-of-scope"
            let change = CriterionChange(
                framework: row.criterion.catalog,
                frameworkName: head.catalog.catalog(row.criterion.catalog)?.shortName ?? row.criterion.catalog,
                criterion: row.criterion.id, group: row.criterion.group,
                title: row.criterion.title, from: from, to: row.status.rawValue)
            if wasAddressed && !isAddressed { diff.coverageLost.append(change) }
            if !wasAddressed && isAddressed && old?.inScope == true { diff.coverageGained.append(change) }
        }
    }
}

/// The comparable facts of one document, or one entry of a data list, at one revision.
struct DocumentSnapshot {
    var id: String
    /// `policy`, `control`, `page`, or a data list's entry: `subprocessor`, `certification`, `faq`.
    var kind: String
    var title: String
    var path: String
    var audience: Audience
    var fields: [String: String]
    var body: String
    /// The body's headings, to name the sections a change touches.
    var headings: [Heading] = []

    /// Every document field but the ID (compared on its own), in the order they are declared,
    /// then the fields of data-list entries.
    static let comparedFields: [String] = {
        var keys: [String] = []
        for field in DocumentKind.allCases.flatMap(\.fields) where field.key != "id" && !keys.contains(field.key) {
            keys.append(field.key)
        }
        for key in Subprocessor.fields + Certification.fields where !keys.contains(key) && key != "name" {
            keys.append(key)
        }
        return keys
    }()

    var reference: PortalDiff.DocumentRef {
        PortalDiff.DocumentRef(id: id, kind: kind, title: title, path: path, audience: audience.rawValue)
    }

    /// What identifies it across revisions: IDs are unique whatever their case, so `SEC-99`
    /// and `sec-99` are one document; data entries by list and name.
    var key: String { (DocumentKind(rawValue: kind) != nil ? "" : kind + ":") + id.lowercased() }

    /// Old and new snapshots of the same thing, matched by key, then (for an ID changed in
    /// the same file) by kind and path; nil where it exists on one side only. Sorted.
    static func pairs(before: [DocumentSnapshot], after: [DocumentSnapshot])
        -> [(old: DocumentSnapshot?, new: DocumentSnapshot?)]
    {
        var unmatchedOld = Dictionary(before.map { ($0.key, $0) }) { first, _ in first }
        var pairs: [(old: DocumentSnapshot?, new: DocumentSnapshot?)] = []
        var unmatchedNew: [DocumentSnapshot] = []
        for new in after {
            if let old = unmatchedOld.removeValue(forKey: new.key) {
                pairs.append((old, new))
            } else {
                unmatchedNew.append(new)
            }
        }
        var oldByPlace = Dictionary(
            unmatchedOld.values.filter { DocumentKind(rawValue: $0.kind) != nil }
                .map { ($0.kind + "\u{0}" + $0.path, $0) }
        ) { first, _ in first }
        for new in unmatchedNew {
            let old =
                DocumentKind(rawValue: new.kind) == nil
                ? nil : oldByPlace.removeValue(forKey: new.kind + "\u{0}" + new.path)
            if let old { unmatchedOld.removeValue(forKey: old.key) }
            pairs.append((old, new))
        }
        pairs += unmatchedOld.values.map { (old: $0, new: nil) }
        return pairs.sorted { left, right in
            let (a, b) = ((left.new ?? left.old)!, (right.new ?? right.old)!)
            return (a.id, a.kind, a.path) < (b.id, b.kind, b.path)
        }
    }

    static func all(in portal: Portal?) -> [DocumentSnapshot] {
        guard let portal else { return [] }
        var snapshots: [DocumentSnapshot] = []
        for document in portal.documents {
            let header = document.header
            snapshots.append(
                DocumentSnapshot(
                    id: header.id, kind: header.kind.rawValue, title: header.title, path: header.path,
                    audience: header.audience,
                    fields: document.fieldValues, body: document.body.source, headings: document.body.headings))
        }
        // Data lists: an entry going public must show as clearly as a document doing so.
        func entry(
            _ kind: String, _ name: String, _ file: String, _ audience: Audience, _ fields: [String: String?],
            body: String = ""
        ) {
            var all = fields
            all["audience"] = audience.rawValue
            snapshots.append(
                DocumentSnapshot(
                    id: name, kind: kind, title: name, path: file, audience: audience,
                    fields: all.compactMapValues { $0 }, body: body))
        }
        for item in portal.data.subprocessors {
            entry(
                "subprocessor", item.name, "content/data/subprocessors.yml", item.audience, item.comparedValues)
        }
        for item in portal.data.certifications {
            entry(
                "certification", item.name, "content/data/certifications.yml", item.audience, item.comparedValues)
        }
        for item in portal.data.faq {
            entry("faq", item.question, item.path, item.audience, [:], body: item.answer.source)
            snapshots[snapshots.count - 1].headings = item.answer.headings
        }
        return snapshots
    }
}

/// `content/assure.yml` as flat `field: value` pairs (`ConfigSetting`), to say which settings a
/// change touched.
enum SettingsSnapshot {
    static func fields(_ config: ProjectConfig?) -> [String: String] {
        config.map(ConfigSetting.values(of:)) ?? [:]
    }

    static func changes(from old: ProjectConfig?, to new: ProjectConfig?) -> [PortalDiff.FieldChange] {
        // A programme appearing or vanishing whole is told by its documents.
        guard old != nil && new != nil else { return [] }
        let before = fields(old)
        let after = fields(new)
        return Set(before.keys).union(after.keys).sorted().compactMap { field in
            let from = before[field] ?? ""
            let to = after[field] ?? ""
            return from == to ? nil : PortalDiff.FieldChange(field: field, from: from, to: to)
        }
    }
}

/// Lines added and removed between two texts, and the sections they fall in.
struct LineChanges {
    /// How the text before a document's first heading is named.
    static let openingText = "the opening text"

    var added = 0
    var removed = 0
    var sections: [String] = []

    init(from old: (text: String, headings: [Heading]), to new: (text: String, headings: [Heading])) {
        guard old.text != new.text else { return }
        let oldLines = old.text.split(separator: "\n", omittingEmptySubsequences: false)
        let newLines = new.text.split(separator: "\n", omittingEmptySubsequences: false)
        let difference = newLines.difference(from: oldLines)
        var touched: [String] = []
        let oldSections = Self.sectionOfEachLine(count: oldLines.count, headings: old.headings)
        let newSections = Self.sectionOfEachLine(count: newLines.count, headings: new.headings)
        for change in difference {
            switch change {
            case .insert(let offset, _, _):
                added += 1
                touched.append(newSections[offset])
            case .remove(let offset, _, _):
                removed += 1
                touched.append(oldSections[offset])
            }
        }
        var seen = Set<String>()
        sections = touched.filter { seen.insert($0).inserted }
    }

    /// The heading each of `count` lines falls under, from the headings the markdown parser
    /// found (so a `#` in code is no heading); `the opening text` before the first.
    static func sectionOfEachLine(count: Int, headings: [Heading]) -> [String] {
        var sections = [String](repeating: LineChanges.openingText, count: count)
        for (heading, next) in zip(headings, headings.dropFirst().map(Optional.some) + [nil]) {
            let start = max(heading.line - 1, 0)
            let end = min(next.map { $0.line - 1 } ?? count, count)
            guard start < end else { continue }
            for index in start..<end { sections[index] = heading.text }
        }
        return sections
    }
}
