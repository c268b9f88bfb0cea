/// One customer's access to restricted documents, from `content/access/ID.yml`: reviewed in a
/// pull request like any document, so the approval trail is the git history.
public struct AccessGrant: Sendable, Hashable {
    /// The file's name without `.yml`.
    public var id: String
    /// Project-relative path of the grant file.
    public var path: String
    public var customer: String
    public var contact: String?
    /// The NDA's reference, named in the watermark.
    public var nda: String
    public var granted: CalendarDate
    public var expires: CalendarDate
    public var documents: Documents
    /// Bumped to revoke every earlier link of this grant at the next build.
    public var rotation: Int
    /// Where the grant starts in its file, and where each field was written, for diagnostics.
    public var location: SourceLocation
    public var fieldLocations: [String: SourceLocation]
    /// The restricted documents the grant opens, sorted; filled in when the model is resolved.
    public var opens: [NodeRef] = []

    public func location(of field: String) -> SourceLocation {
        fieldLocations[field] ?? location
    }

    /// `restricted` for every restricted document, or IDs and control families.
    public enum Documents: Sendable, Hashable {
        case allRestricted
        case listed([Located<String>])
    }

    public enum State: Sendable, Hashable {
        case notYetGranted, live
        case expiringSoon(days: Int)
        case expired

        public var displayName: String {
            switch self {
            case .notYetGranted: "not yet granted"
            case .live: "live"
            case .expiringSoon(let days): days == 0 ? "expires today" : "expires in \(days) day\(days == 1 ? "" : "s")"
            case .expired: "expired"
            }
        }
    }

    /// A grant is live from `granted` through `expires`, inclusive; within 14 days of its end it
    /// is flagged, so the security team can renew or let it lapse on purpose.
    public func state(on day: CalendarDate) -> State {
        if day < granted { return .notYetGranted }
        if day > expires { return .expired }
        let left = expires.daysSince1970 - day.daysSince1970
        return left <= 14 ? .expiringSoon(days: left) : .live
    }

    public func isLive(on day: CalendarDate) -> Bool {
        switch state(on: day) {
        case .live, .expiringSoon: true
        case .notYetGranted, .expired: false
        }
    }
}
