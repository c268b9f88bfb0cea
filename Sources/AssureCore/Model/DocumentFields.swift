/// One front-matter field of a kind of document, declared once: the parser knows it by its
/// key and whether it is required, the validator checks it for placeholders, `assure diff`
/// compares it, pages label it, and `assure new` writes it.
public struct DocumentField: Sendable, Hashable {
    public let key: String
    public let required: Bool
    /// How a page's details table labels it; nil where a page shows it elsewhere or not at all.
    public let label: String?
    /// Whether a value still starting with `TODO` deserves a `placeholder-text` warning.
    public let mayHoldPlaceholder: Bool
    /// What `assure new` writes for it (with `{id}`, `{title}` and `{today}` filled in), and
    /// the comment above; nil for fields a new document leaves out.
    public let scaffold: String?
    public let scaffoldComment: String?

    init(
        _ key: String, required: Bool = false, label: String? = nil, mayHoldPlaceholder: Bool = false,
        scaffold: String? = nil, comment: String? = nil
    ) {
        self.key = key
        self.required = required
        self.label = label
        self.mayHoldPlaceholder = mayHoldPlaceholder
        self.scaffold = scaffold
        self.scaffoldComment = comment
    }
}

extension DocumentKind {
    /// Every field of this kind's front matter, in the order `assure new` writes them.
    public var fields: [DocumentField] {
        switch self {
        case .policy: DocumentField.policy
        case .control: DocumentField.control
        case .page: DocumentField.page
        }
    }

    public func field(_ key: String) -> DocumentField? { fields.first { $0.key == key } }

    /// Whether the field must be present; the ID of a page may be left out (its file name serves).
    func requires(_ key: String) -> Bool { field(key)?.required ?? false }

    /// The details-table label of a field.
    func label(_ key: String) -> String { field(key)?.label ?? key }
}

extension DocumentField {
    static let audienceComment = "public, restricted, auditor or internal; internal until it is ready."

    static let policy: [DocumentField] = [
        .init("id", required: true, label: "ID", scaffold: "{id}"),
        .init("title", required: true, mayHoldPlaceholder: true, scaffold: "{title}"),
        .init(
            "owner", required: true, label: "Owner", mayHoldPlaceholder: true,
            scaffold: "\"TODO: the role that owns this policy\""),
        .init("version", required: true, label: "Version", scaffold: "\"0.1\""),
        .init("effective", required: true, label: "Effective", scaffold: "{today}"),
        .init("last_reviewed", label: "Last reviewed", scaffold: "{today}"),
        .init("review_every", label: "Review every", scaffold: "12 months"),
        .init("approved_by", label: "Approved by", mayHoldPlaceholder: true, scaffold: "\"TODO: who approves it\""),
        .init("audience", label: "Audience", scaffold: "internal", comment: audienceComment),
        .init(
            "criteria", label: "Criteria", scaffold: "[]",
            comment: "Criterion IDs this policy addresses, such as CC6.1."),
        .init("summary", mayHoldPlaceholder: true, scaffold: "\"TODO: one sentence for lists\""),
    ]

    static let control: [DocumentField] = [
        .init("id", required: true, label: "ID", scaffold: "{id}"),
        .init("title", required: true, mayHoldPlaceholder: true, scaffold: "{title}"),
        .init(
            "owner", required: true, label: "Owner", mayHoldPlaceholder: true,
            scaffold: "\"TODO: the role that operates this control\""),
        .init(
            "criteria", required: true, label: "Criteria", scaffold: "[]",
            comment: "Criterion IDs this control meets, such as CC6.1."),
        .init("policies", label: "Policies", scaffold: "[]", comment: "Policy IDs this control puts into practice."),
        .init(
            "status", required: true, label: "Status", scaffold: "planned",
            comment: "implemented, partial, planned or not-applicable; only implemented counts."),
        .init(
            "frequency", label: "Frequency", scaffold: "quarterly",
            comment: "continuous, daily, weekly, monthly, quarterly, annually or per-event."),
        .init(
            "family", required: true, label: "Family", mayHoldPlaceholder: true, scaffold: "\"TODO: family\"",
            comment: "access-control, change-management, system-operations, risk-mitigation, or your own."),
        .init("audience", label: "Audience", scaffold: "internal", comment: audienceComment),
        .init("evidence", scaffold: "[]", comment: "What an auditor can sample to see the control operate."),
        .init("summary", mayHoldPlaceholder: true, scaffold: "\"TODO: one sentence for lists\""),
    ]

    static let page: [DocumentField] = [
        .init("id"),
        .init("title", required: true, mayHoldPlaceholder: true),
        .init("audience"),
        .init("order"),
        .init("menu", label: "Menu"),
        .init("summary", mayHoldPlaceholder: true),
    ]
}

extension PortalDocument {
    /// Every field's value as text, by key, as `assure diff` compares them and the validator
    /// reads them: lists joined, dates as YYYY-MM-DD; absent fields left out.
    public var fieldValues: [String: String] {
        var values: [String: String?] = [
            "id": header.id, "title": header.title, "audience": header.audience.rawValue, "summary": header.summary,
        ]
        values.merge(kindFieldValues) { $1 }
        return values.compactMapValues { $0 }
    }
}

extension Policy {
    public var kindFieldValues: [String: String?] {
        [
            "owner": owner, "version": version, "effective": effective?.description,
            "last_reviewed": lastReviewed?.description, "review_every": reviewEvery?.description,
            "approved_by": approvedBy, "criteria": criteria.map(\.value).joined(separator: ", "),
        ]
    }
}

extension ControlNarrative {
    public var kindFieldValues: [String: String?] {
        [
            "owner": owner, "status": status.rawValue, "frequency": frequency?.rawValue, "family": family,
            "criteria": criteria.map(\.value).joined(separator: ", "),
            "policies": policies.map(\.value).joined(separator: ", "), "evidence": evidence.joined(separator: "; "),
        ]
    }
}

extension Page {
    public var kindFieldValues: [String: String?] { ["order": order.map(String.init), "menu": menu] }
}
