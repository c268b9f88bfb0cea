/// The named phases of a build, in the order they start. Each takes the previous one's value,
/// but `theme` and `filter` run while `validate` does (the filter needs only the resolved
/// model); `assure check` runs the first six, `assure build` all of them.
public enum BuildPhase: Int, CaseIterable, Sendable, Hashable {
    case load = 1
    case parse
    case history
    case resolve
    case validate
    case theme
    case filter
    case render
    case write

    /// How the phase is named in progress lines and the build summary.
    public var name: String {
        switch self {
        case .load: "Load files"
        case .parse: "Parse"
        case .history: "Read history"
        case .resolve: "Resolve"
        case .validate: "Validate"
        case .theme: "Load theme"
        case .filter: "Filter by audience"
        case .render: "Render"
        case .write: "Write"
        }
    }
}
