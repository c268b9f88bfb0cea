import Foundation

/// A node of the link graph: a document or a criterion.
public enum NodeRef: Sendable, Hashable, Comparable, CustomStringConvertible {
    case document(DocumentKind, String)
    case criterion(String)

    public var id: String {
        switch self {
        case .document(_, let id), .criterion(let id): id
        }
    }

    private var sortKey: (Int, String) {
        switch self {
        case .document(let kind, let id): (DocumentKind.allCases.firstIndex(of: kind)!, id)
        case .criterion(let id): (DocumentKind.allCases.count, id)
        }
    }

    public static func < (lhs: NodeRef, rhs: NodeRef) -> Bool { lhs.sortKey < rhs.sortKey }
    public var description: String { id }

    public var isCriterion: Bool {
        if case .criterion = self { return true }
        return false
    }
}

/// Who points at whom: front-matter links (criteria, policies) and body references.
public struct LinkGraph: Sendable, Hashable {
    public private(set) var outgoing: [NodeRef: Set<NodeRef>] = [:]
    public private(set) var incoming: [NodeRef: Set<NodeRef>] = [:]

    public init() {}

    mutating func add(from source: NodeRef, to target: NodeRef) {
        guard source != target else { return }
        outgoing[source, default: []].insert(target)
        incoming[target, default: []].insert(source)
    }

    /// Sorted sources that point at `target`.
    public func referrers(of target: NodeRef) -> [NodeRef] { (incoming[target] ?? []).sorted() }
    public func references(of source: NodeRef) -> [NodeRef] { (outgoing[source] ?? []).sorted() }
}

/// The one immutable model of a portal: every document resolved, every criterion, coverage
/// and the link graph. Renderers and validators read it; nothing reparses files.
public struct Portal: Sendable {
    public let config: ProjectConfig
    public let catalog: CriteriaCatalog
    /// Sorted by ID.
    public let policies: [Policy]
    public let controls: [ControlNarrative]
    /// Sorted by order, then title, then ID.
    public let pages: [Page]
    public let data: DataLists
    /// Files in content/ that documents show or link to, by content path.
    public let assets: [String: Data]
    public let coverage: CoverageMatrix
    public let links: LinkGraph
    /// Commits that touched each document, by source path, newest first; nil when the
    /// content is not in a git repository.
    public let history: [String: [Revision]]?

    public var headers: [DocumentHeader] {
        policies.map(\.header) + controls.map(\.header) + pages.map(\.header)
    }
}
