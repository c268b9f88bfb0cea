/// The kinds of markdown document a project holds: where each is written and published, and
/// what it is called. Declared once; the loader, the model's order, the site's lists, the
/// search index and `assure new` read it from here.
public enum DocumentKind: String, Sendable, Hashable, CaseIterable, Codable {
    case policy, control, page, answer

    /// Where a kind's place comes in the model's order and every list of all documents.
    public var position: Int { Self.allCases.firstIndex(of: self)! }

    /// The folder under `content/` the kind's markdown files live in (and its subfolders).
    public var contentFolder: String {
        switch self {
        case .policy: ProjectLayout.policies
        case .control: ProjectLayout.controls
        case .page: ProjectLayout.pages
        case .answer: ProjectLayout.answers
        }
    }

    /// The kind a markdown file in `content/` is, by its folder; nil for any other file.
    public init?(contentPath path: String) {
        guard path.hasSuffix(".md") || path.hasSuffix(".markdown"),
            let kind = Self.allCases.first(where: { path.hasPrefix($0.contentFolder + "/") })
        else { return nil }
        self = kind
    }

    /// The output folder for this kind's pages.
    public var folder: String {
        switch self {
        case .policy: "policies"
        case .control: "controls"
        case .page: "pages"
        case .answer: "answers"
        }
    }

    public var displayName: String {
        switch self {
        case .policy: "policy"
        case .control: "control narrative"
        case .page: "page"
        case .answer: "answer"
        }
    }

    /// The kind's name as a heading or label ("Policy"), as the search index shows it.
    public var name: String {
        switch self {
        case .policy: "Policy"
        case .control: "Control"
        case .page: "Page"
        case .answer: "Answer"
        }
    }

    /// The list page that names a title-only document of this kind, with a way to ask for it;
    /// nil for free pages, which are listed only in the menu, and only when shown in full.
    public var listPath: String? {
        switch self {
        case .policy: SitePaths.policies
        case .control: SitePaths.controls
        case .page: nil
        case .answer: SitePaths.answers
        }
    }
}

/// What every document has, whatever its kind.
public struct DocumentHeader: Sendable, Hashable {
    public var id: String
    public var kind: DocumentKind
    public var title: String
    public var audience: Audience
    /// Project-relative source path.
    public var path: String
    /// Where the `id` was written, for diagnostics about the document as a whole.
    public var idLocation: SourceLocation
    /// An optional one-line summary from the front matter, shown in lists.
    public var summary: String?
    /// Where each front-matter field's key was written, for diagnostics that point at a field.
    public var fieldLocations: [String: SourceLocation] = [:]
    /// A required field could not be read (its error is reported where it was written): the
    /// document stays in the model with that field unknown, so links to it still resolve, and
    /// what follows from the missing value (a criterion it may meet left uncovered) is not
    /// reported again as a fault of its own.
    public var failed = false
    /// The body is still the example text `assure init` wrote (`StarterText`): the public site
    /// leaves the document out until a person makes it their own.
    public var starterText = false

    /// The place of a field's key, or of the document's ID when the field is absent.
    public func location(of field: String) -> SourceLocation { fieldLocations[field] ?? idLocation }

    public init(
        id: String, kind: DocumentKind, title: String, audience: Audience, path: String,
        idLocation: SourceLocation, summary: String? = nil
    ) {
        self.id = id
        self.kind = kind
        self.title = title
        self.audience = audience
        self.path = path
        self.idLocation = idLocation
        self.summary = summary
    }
}

/// What policies, control narratives and pages share: a header and a markdown body.
public protocol PortalDocument: Sendable, Hashable {
    var header: DocumentHeader { get }
    var body: MarkdownBody { get set }
    /// The values of the fields of this kind alone (see `DocumentField`), as text.
    var kindFieldValues: [String: String?] { get }
}

extension PortalDocument {
    public var node: NodeRef { .document(header.kind, header.id) }
}

public struct Policy: PortalDocument {
    public var header: DocumentHeader
    public var owner: String?
    public var version: String?
    public var effective: CalendarDate?
    public var lastReviewed: CalendarDate?
    public var reviewEvery: ReviewInterval?
    public var approvedBy: String?
    public var criteria: [Located<String>]
    public var body: MarkdownBody

    /// The first day the policy is overdue for review, when both dates are known.
    public var nextReview: CalendarDate? {
        guard let lastReviewed, let reviewEvery else { return nil }
        return reviewEvery.next(after: lastReviewed)
    }
}

public enum ControlStatus: String, Sendable, Hashable, CaseIterable, Codable {
    case implemented, partial, planned
    case notApplicable = "not-applicable"

    public var displayName: String {
        switch self {
        case .implemented: "Implemented"
        case .partial: "Partially implemented"
        case .planned: "Planned"
        case .notApplicable: "Not applicable"
        }
    }
}

public enum ControlFrequency: String, Sendable, Hashable, CaseIterable, Codable {
    case continuous, daily, weekly, monthly, quarterly, annually
    case perEvent = "per-event"

    public var displayName: String {
        switch self {
        case .perEvent: "Per event"
        default: rawValue.prefix(1).uppercased() + rawValue.dropFirst()
        }
    }
}

/// One activity of a control that runs at a frequency of its own.
public struct ControlActivity: Sendable, Hashable {
    public var name: String
    public var frequency: ControlFrequency
    public var location: SourceLocation
}

public struct ControlNarrative: PortalDocument {
    public var header: DocumentHeader
    public var owner: String?
    public var criteria: [Located<String>]
    public var policies: [Located<String>]
    public var status: ControlStatus
    /// How often the control's main activity runs.
    public var frequency: ControlFrequency?
    /// Further activities with a frequency of their own (backups daily, a restore test each
    /// year), each with its own evidence.
    public var activities: [ControlActivity] = []
    /// `access-control`, `change-management`, ... or a family of the user's own.
    public var family: String
    public var evidence: [String]
    public var body: MarkdownBody

    /// What the control does on a schedule: its main activity (nil name) at `frequency`, then
    /// each of `activities`.
    public var operations: [(activity: String?, frequency: ControlFrequency)] {
        (frequency.map { [(nil, $0)] } ?? []) + activities.map { ($0.name, $0.frequency) }
    }

    /// "Daily", or "Daily; restore test: annually".
    public var frequencyText: String? {
        let parts = operations.map { operation in
            operation.activity.map { "\($0): \(operation.frequency.displayName.lowercased())" }
                ?? operation.frequency.displayName
        }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }
}

/// A free page of the trust portal (overview, FAQ, ...).
public struct Page: PortalDocument {
    public var header: DocumentHeader
    /// Position in navigation; pages without one follow, by title.
    public var order: Int?
    /// The menu group the page is listed under ("Resources"), so many pages keep the header
    /// on one line; nil lists it in the menu itself.
    public var menu: String? = nil
    public var body: MarkdownBody
}

/// Control families Assure knows by name; any other family is shown by its own name.
public enum ControlFamily {
    public static let known: [(id: String, name: String)] = [
        ("access-control", "Access control"),
        ("change-management", "Change management"),
        ("system-operations", "System operations"),
        ("risk-mitigation", "Risk mitigation"),
    ]

    public static func displayName(_ family: String) -> String {
        if let match = known.first(where: { $0.id == family }) { return match.name }
        let words = family.split(whereSeparator: { $0 == "-" || $0 == "_" || $0 == " " })
        guard let first = words.first else { return family }
        return ([first.prefix(1).uppercased() + first.dropFirst()] + words.dropFirst().map(String.init))
            .joined(separator: " ")
    }
}
