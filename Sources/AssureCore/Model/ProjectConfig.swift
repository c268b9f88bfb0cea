/// `content/assure.yml`: the organisation, its choices for the report, and site settings.
public struct ProjectConfig: Sendable, Hashable {
    public struct Organization: Sendable, Hashable {
        public var name: String
        public var description: String?
        public var website: String?
    }

    public enum ReportType: String, Sendable, Hashable, CaseIterable {
        case type1 = "type-1"
        case type2 = "type-2"

        public var displayName: String { self == .type1 ? "SOC 2 Type I" : "SOC 2 Type II" }
    }

    public enum ReportStatus: String, Sendable, Hashable, CaseIterable {
        case planned
        case inProgress = "in-progress"
        case issued

        public var displayName: String {
            switch self {
            case .planned: "Planned"
            case .inProgress: "Audit in progress"
            case .issued: "Report issued"
            }
        }
    }

    public struct Report: Sendable, Hashable {
        public var type: ReportType
        public var status: ReportStatus
        /// Type II: the period observed. Type I: `periodEnd` is the "as of" date.
        public var periodStart: CalendarDate?
        public var periodEnd: CalendarDate?
        public var auditor: String?
        public var issued: CalendarDate?
    }

    public struct Contact: Sendable, Hashable {
        public var email: String?
        public var securityEmail: String?
        public var url: String?
    }

    public struct Exclusion: Sendable, Hashable {
        public var criterion: String
        public var reason: String
        public var location: SourceLocation
    }

    public var organization: Organization
    /// The selected principles; `security` is always among them.
    public var principles: [PrincipleID]
    /// Where each selected principle was chosen (security, implied, points at `principles:`).
    public var principleLocations: [PrincipleID: SourceLocation] = [:]
    public var report: Report?
    public var exclusions: [Exclusion]
    public var contact: Contact
    /// Absolute URL the public site is published at, without a trailing slash.
    public var baseURL: String?
    /// Render raw HTML written in markdown. Off unless the project opts in.
    public var unsafeHTML: Bool
    /// Title of the trust portal; defaults to "<organisation> Trust Center".
    public var siteTitle: String

    public func exclusion(for criterion: String) -> Exclusion? {
        exclusions.first { $0.criterion == criterion }
    }
}

/// The five Trust Services categories ("principles").
public enum PrincipleID: String, Sendable, Hashable, CaseIterable, Comparable, Codable {
    case security, availability, confidentiality
    case processingIntegrity = "processing-integrity"
    case privacy

    public var displayName: String {
        switch self {
        case .security: "Security"
        case .availability: "Availability"
        case .confidentiality: "Confidentiality"
        case .processingIntegrity: "Processing Integrity"
        case .privacy: "Privacy"
        }
    }

    private var rank: Int { PrincipleID.allCases.firstIndex(of: self)! }
    public static func < (lhs: PrincipleID, rhs: PrincipleID) -> Bool { lhs.rank < rhs.rank }
}
