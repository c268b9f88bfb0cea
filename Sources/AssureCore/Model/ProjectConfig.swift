import Foundation

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
        /// A form where readers ask for a restricted document; the document's ID is added as
        /// `document=ID`. Without it, "Request access" writes to `email`.
        public var requestAccess: String?

        /// Where a reader asks for a restricted document: the form with the document's ID, else
        /// an e-mail to `email` whose subject names it; nil with neither.
        public func requestAddress(for id: String, title: String) -> String? {
            let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
            func encoded(_ text: String) -> String { text.addingPercentEncoding(withAllowedCharacters: allowed) ?? "" }
            if let form = requestAccess {
                return form + (form.contains("?") ? "&" : "?") + "document=" + encoded(id)
            }
            return email.map { "mailto:\($0)?subject=" + encoded("Request access: \(id) \(title)") }
        }
    }

    /// A criterion taken out of scope, with the reason an auditor will read.
    public struct Exclusion: Sendable, Hashable {
        /// The ID as written: bare, or qualified (`iso27001:A.7.4`).
        public var criterion: String
        public var reason: String
        /// For an addressable specification (HIPAA): the measure taken instead, or why none is.
        public var alternative: String?
        public var location: SourceLocation
    }

    /// One framework the programme answers to, as written under `frameworks:` (or, for SOC 2,
    /// the top-level `principles:` and `exclusions:` of older projects).
    public struct FrameworkSettings: Sendable, Hashable {
        /// The framework key (`soc2`, `iso27001`, `nist-csf`, `hipaa`, or a project catalog's ID).
        public var framework: Located<String>
        /// Keys other than `exclusions` and `profile`, with their items: the one the catalog
        /// selects groups with (`principles:`, `functions:`), or mistakes the scope check reports.
        public var selections: [Selection] = []
        /// A profile: only these criteria are in scope (CSF profiles, say).
        public var profile: [Located<String>]?
        public var exclusions: [Exclusion] = []
        /// Written as the top-level `principles:` and `exclusions:` of a SOC 2-only project.
        public var isTopLevel = false
    }

    public struct Selection: Sendable, Hashable {
        public var key: Located<String>
        public var groups: [Located<String>]
    }

    public var organization: Organization
    /// The frameworks the programme answers to and what of each is in scope, as written;
    /// `Portal.scope` holds them checked against the catalogs.
    public var frameworks: [FrameworkSettings]
    public var report: Report?
    public var contact: Contact
    /// Absolute URL the public site is published at, without a trailing slash.
    public var baseURL: String?
    /// Render raw HTML written in markdown. Off unless the project opts in.
    public var unsafeHTML: Bool
    /// Title of the trust portal; defaults to "<organisation> Trust Center".
    public var siteTitle: String
    /// The organisation's look, from `site:`: no template override needed.
    public struct Brand: Sendable, Hashable {
        /// Content paths of a PNG, JPEG or WebP logo and a PNG favicon.
        public var logo: Located<String>?
        public var favicon: Located<String>?
        /// Link and accent colours (`#RRGGBB`) for light and dark mode.
        public var accent: String?
        public var accentDark: String?
    }

    public var brand = Brand()

    /// `notice_days`: how many days before a new subprocessor starts (its `effective`) customers
    /// are owed notice of it; nil when the project promises none.
    public var noticeDays: Int?

    /// `diagnostics:`: a severity per code of a warning or note, nil when it is ignored.
    public var diagnostics: [DiagnosticCode: Severity?] = [:]
}
