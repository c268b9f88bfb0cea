/// One front-matter field of a kind of document, declared once: the parser knows it by its
/// key and whether it is required, the validator checks it for placeholders, `assure diff`
/// compares it, pages label it, `assure new` writes it, and `serve` renders again what it
/// reaches.
public struct DocumentField: Sendable, Hashable {
    /// Where a field's value shows on a site, so an edit to it renders again exactly those
    /// places (`IncrementalBuilder`). Saying too little is caught by
    /// `IncrementalBuildTests.everyFieldEditedMatchesAFullBuild`; saying too much costs time.
    public struct Reach: OptionSet, Sendable, Hashable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }

        /// The document's own page.
        public static let ownPage = Reach(rawValue: 1 << 0)
        /// The pages of the documents and criteria it links to or is linked from (backlinks,
        /// a criterion's controls and the policies behind them).
        public static let relatedPages = Reach(rawValue: 1 << 1)
        /// Lists and summaries of many documents: home, the indexes, frameworks, the register.
        public static let lists = Reach(rawValue: 1 << 2)
        /// The menu and header of every page.
        public static let navigation = Reach(rawValue: 1 << 3)
        /// The search index.
        public static let searchIndex = Reach(rawValue: 1 << 4)
        /// The feed of policy updates, and whether the site has one (linked from every page).
        public static let feed = Reach(rawValue: 1 << 5)

        /// Everything a site shows.
        public static let everywhere: Reach = [.ownPage, .relatedPages, .lists, .navigation, .searchIndex, .feed]
    }

    public let key: String
    /// Where the value shows; see `Reach`.
    public let reach: Reach
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
        _ key: String, reach: Reach, required: Bool = false, label: String? = nil, mayHoldPlaceholder: Bool = false,
        scaffold: String? = nil, comment: String? = nil
    ) {
        self.key = key
        self.reach = reach
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
        case .answer: DocumentField.answer
        }
    }

    public func field(_ key: String) -> DocumentField? { fields.first { $0.key == key } }

    /// Whether the field must be present; the ID of a page may be left out (its file name serves).
    func requires(_ key: String) -> Bool { field(key)?.required ?? false }

    /// The details-table label of a field.
    func label(_ key: String) -> String { field(key)?.label ?? key }
}

extension DocumentField {
    /// What a document's markdown text reaches: its page, the pages it starts or stops citing
    /// (their backlinks), and the search index.
    public static let bodyReach: Reach = [.ownPage, .relatedPages, .searchIndex]

    /// Shown wherever the document is named: its page, the pages that link to it, lists, search.
    static let identity: Reach = [.ownPage, .relatedPages, .lists, .searchIndex]
    /// Shown on the document's page and in the lists (the register lists every field).
    static let detail: Reach = [.ownPage, .lists]
    /// Whether a policy or control is shown at all: everywhere but the menu, which names
    /// neither.
    static let visibility: Reach = Reach.everywhere.subtracting(.navigation)

    static let audienceComment = "public, restricted, auditor or internal; internal until it is ready."

    static let policy: [DocumentField] = [
        .init("id", reach: identity.union(.feed), required: true, label: "ID", scaffold: "{id}"),
        .init("title", reach: identity.union(.feed), required: true, mayHoldPlaceholder: true, scaffold: "{title}"),
        .init(
            "owner", reach: detail, required: true, label: "Owner", mayHoldPlaceholder: true,
            scaffold: "\"TODO: the role that owns this policy\""),
        .init("version", reach: detail.union(.feed), required: true, label: "Version", scaffold: "\"0.1\""),
        .init("effective", reach: detail.union(.feed), required: true, label: "Effective", scaffold: "{today}"),
        .init("last_reviewed", reach: detail.union(.feed), label: "Last reviewed", scaffold: "{today}"),
        .init("review_every", reach: detail, label: "Review every", scaffold: "12 months"),
        .init(
            "approved_by", reach: detail, label: "Approved by", mayHoldPlaceholder: true,
            scaffold: "\"TODO: who approves it\""),
        .init("audience", reach: visibility, label: "Audience", scaffold: "internal", comment: audienceComment),
        .init(
            "criteria", reach: identity, label: "Criteria", scaffold: "[]",
            comment: "Criterion IDs this policy addresses, such as CC6.1."),
        .init("summary", reach: identity, mayHoldPlaceholder: true, scaffold: "\"TODO: one sentence for lists\""),
    ]

    static let control: [DocumentField] = [
        .init("id", reach: identity, required: true, label: "ID", scaffold: "{id}"),
        .init("title", reach: identity, required: true, mayHoldPlaceholder: true, scaffold: "{title}"),
        .init(
            "owner", reach: detail, required: true, label: "Owner", mayHoldPlaceholder: true,
            scaffold: "\"TODO: the role that operates this control\""),
        .init(
            "criteria", reach: identity, required: true, label: "Criteria", scaffold: "[]",
            comment: "Criterion IDs this control meets, such as CC6.1."),
        .init(
            "policies", reach: [.ownPage, .relatedPages, .lists], label: "Policies", scaffold: "[]",
            comment: "Policy IDs this control puts into practice."),
        .init(
            "status", reach: [.ownPage, .relatedPages, .lists], required: true, label: "Status", scaffold: "planned",
            comment: "implemented, partial, planned or not-applicable; only implemented counts."),
        .init(
            "frequency", reach: detail, label: "Frequency", scaffold: "quarterly",
            comment: "continuous, daily, weekly, monthly, quarterly, annually or per-event."),
        .init(
            "activities", reach: detail, label: "Activities",
            comment:
                "Further activities, each with its own frequency and evidence: "
                + "[{name: Restore test, frequency: annually}]."
        ),
        .init(
            "family", reach: detail, required: true, label: "Family", mayHoldPlaceholder: true,
            scaffold: "\"TODO: family\"",
            comment: "access-control, change-management, system-operations, risk-mitigation, or your own."),
        .init("audience", reach: visibility, label: "Audience", scaffold: "internal", comment: audienceComment),
        .init(
            "evidence", reach: detail, scaffold: "[]", comment: "What an auditor can sample to see the control operate."
        ),
        .init("summary", reach: identity, mayHoldPlaceholder: true, scaffold: "\"TODO: one sentence for lists\""),
    ]

    static let page: [DocumentField] = [
        .init(
            "id", reach: .everywhere, scaffold: "{id}", comment: "Optional: the file name serves when it is left out."),
        .init("title", reach: .everywhere, required: true, mayHoldPlaceholder: true, scaffold: "{title}"),
        .init("audience", reach: .everywhere, scaffold: "internal", comment: audienceComment),
        .init("order", reach: .everywhere),
        .init("menu", reach: .everywhere, label: "Menu"),
        .init(
            "summary", reach: [.ownPage, .searchIndex], mayHoldPlaceholder: true,
            scaffold: "\"TODO: one sentence for the page's description\""),
    ]
}

extension DocumentField {
    static let answer: [DocumentField] = [
        .init("id", reach: identity, required: true, label: "ID", scaffold: "{id}"),
        .init(
            "title", reach: identity, required: true, mayHoldPlaceholder: true, scaffold: "{title}",
            comment: "The question, in the words customers ask it."),
        .init(
            "answer", reach: identity, required: true, label: "Answer", scaffold: "\"no\"",
            comment: "yes, partial, no, na or info; a yes needs implemented controls behind it."),
        .init(
            "backed_by", reach: identity, required: true, label: "Backed by", scaffold: "[]",
            comment: "The controls that make the answer true, and policies for context."),
        .init("criteria", reach: identity, label: "Criteria"),
        .init(
            "applies_to", reach: identity, label: "Questions", scaffold: "[]",
            comment: "Questions of standard questionnaires it answers, such as caiq-4.0.3:CEK-03.1."),
        .init("aliases", reach: detail, label: "Also asked as", comment: "Other phrasings of the question."),
        .init(
            "ownership", reach: detail, label: "Responsibility", scaffold: "csp-owned",
            comment: "csp-owned, csc-owned, third-party, shared-csp-csc or shared-csp-third-party."),
        .init("audience", reach: visibility, label: "Audience", scaffold: "internal", comment: audienceComment),
        .init("reviewed", reach: detail, label: "Reviewed", scaffold: "{today}"),
        .init("review_every", reach: detail, label: "Review every", scaffold: "12 months"),
        .init("summary", reach: identity, mayHoldPlaceholder: true),
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
            "activities": activities.isEmpty
                ? nil : activities.map { "\($0.name): \($0.frequency.rawValue)" }.joined(separator: "; "),
            "criteria": criteria.map(\.value).joined(separator: ", "),
            "policies": policies.map(\.value).joined(separator: ", "), "evidence": evidence.joined(separator: "; "),
        ]
    }
}

extension Page {
    public var kindFieldValues: [String: String?] { ["order": order.map(String.init), "menu": menu] }
}
