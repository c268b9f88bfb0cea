/// Who may see a document. Ordered from the widest audience to the narrowest.
public enum Audience: String, Sendable, Hashable, CaseIterable, Comparable, Codable {
    /// Full text on the public trust page and in the auditor bundle.
    case `public`
    /// Title only on the public trust page, marked "available on request"; full text for auditors.
    case restricted
    /// Auditors only. The default when a document names no audience.
    case auditor
    /// Nobody; checked, but never published.
    case `internal`

    public static let documentDefault: Audience = .auditor

    private var rank: Int {
        switch self {
        case .public: 0
        case .restricted: 1
        case .auditor: 2
        case .internal: 3
        }
    }

    public static func < (lhs: Audience, rhs: Audience) -> Bool { lhs.rank < rhs.rank }
}

/// The outputs Assure builds, each for one kind of reader.
public enum SiteAudience: String, Sendable, Hashable, CaseIterable, Codable {
    /// The customer-facing trust portal.
    case `public`
    /// Everything but `internal` documents, for the CPA firm.
    case auditor

    /// How much of a document with the given audience this site may show.
    public func visibility(of audience: Audience) -> Visibility {
        switch (self, audience) {
        case (_, .internal): .hidden
        case (.public, .public): .full
        case (.public, .restricted): .titleOnly
        case (.public, .auditor): .hidden
        case (.auditor, _): .full
        }
    }
}

public enum Visibility: Sendable, Hashable {
    case full, titleOnly, hidden
}
