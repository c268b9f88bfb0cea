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
        case .document(let kind, let id): (kind.position, id)
        case .criterion(let id): (DocumentKind.allCases.count, id)
        }
    }

    public static func < (lhs: NodeRef, rhs: NodeRef) -> Bool { lhs.sortKey < rhs.sortKey }
    public var description: String { id }

    /// The kind of document the node names; nil for a criterion.
    public var kind: DocumentKind? {
        if case .document(let kind, _) = self { return kind }
        return nil
    }

    public var isCriterion: Bool {
        if case .criterion = self { return true }
        return false
    }
}

/// How one node points at another.
public enum Relation: Sendable, Hashable, CaseIterable {
    /// A `[[ID]]` or `.md` link in a body.
    case cites
    /// A control lists a policy in `policies:`.
    case implements
    /// A policy or control lists a criterion in `criteria:`.
    case meets
    /// An answer lists a control or policy in `backed_by:`.
    case backedBy
}

/// Who points at whom: front-matter links (criteria, policies) and body references, each
/// edge with its relation.
public struct LinkGraph: Sendable, Hashable {
    /// Edges by relation, each way.
    private var related: [Relation: [NodeRef: Set<NodeRef>]] = [:]
    private var relatedIncoming: [Relation: [NodeRef: Set<NodeRef>]] = [:]

    public init() {}

    mutating func add(from source: NodeRef, to target: NodeRef, as relation: Relation) {
        guard source != target else { return }
        related[relation, default: [:]][source, default: []].insert(target)
        relatedIncoming[relation, default: [:]][target, default: []].insert(source)
    }

    /// Replaces every `cites` edge from `source` with edges to `targets` (a body's references
    /// after its text changed; the front matter's edges stay).
    mutating func replaceCitations(from source: NodeRef, with targets: [NodeRef]) {
        for target in related[.cites]?[source] ?? [] {
            relatedIncoming[.cites]?[target]?.remove(source)
            if relatedIncoming[.cites]?[target]?.isEmpty == true { relatedIncoming[.cites]?[target] = nil }
        }
        related[.cites]?[source] = nil
        for target in targets { add(from: source, to: target, as: .cites) }
    }

    /// This graph with only the edges whose two ends `keep` accepts.
    func filtered(keeping keep: (NodeRef) -> Bool) -> LinkGraph {
        // A set whose every member is kept is kept as it is, not built again edge by edge.
        func filtered(_ edges: [NodeRef: Set<NodeRef>]?) -> [NodeRef: Set<NodeRef>]? {
            var kept: [NodeRef: Set<NodeRef>] = [:]
            for (node, others) in edges ?? [:] where keep(node) {
                let shown = others.allSatisfy(keep) ? others : others.filter(keep)
                if !shown.isEmpty { kept[node] = shown }
            }
            return kept.isEmpty ? nil : kept
        }
        var graph = LinkGraph()
        for relation in Relation.allCases {
            graph.related[relation] = filtered(related[relation])
            graph.relatedIncoming[relation] = filtered(relatedIncoming[relation])
        }
        return graph
    }

    /// Sorted sources that point at `target`, in any relation.
    public func referrers(of target: NodeRef) -> [NodeRef] {
        Relation.allCases.reduce(into: Set<NodeRef>()) { $0.formUnion(relatedIncoming[$1]?[target] ?? []) }.sorted()
    }

    /// Sorted targets `source` points at, in any relation.
    public func references(of source: NodeRef) -> [NodeRef] {
        Relation.allCases.reduce(into: Set<NodeRef>()) { $0.formUnion(related[$1]?[source] ?? []) }.sorted()
    }

    /// Sorted sources that point at `target` in one relation (the controls that implement a policy).
    public func referrers(of target: NodeRef, by relation: Relation) -> [NodeRef] {
        (relatedIncoming[relation]?[target] ?? []).sorted()
    }

    /// Sorted targets `source` points at in one relation (the policies a control implements).
    public func references(of source: NodeRef, by relation: Relation) -> [NodeRef] {
        (related[relation]?[source] ?? []).sorted()
    }
}

/// The model of a portal: every document resolved, every criterion, coverage and the link
/// graph. Renderers and validators read it; nothing reparses files. Built once by `Resolver`
/// and not changed after, with one exception: `assure serve` puts an edited body in place
/// (`apply(_:)` in `BodyEdit.swift`) when an edit changed the text of documents alone, which
/// changes that body, its references' targets and its `cites` edges, and nothing else.
public struct Portal: Sendable {
    public let config: ProjectConfig
    public let catalog: CriteriaCatalog
    /// The frameworks the programme answers to, and what of each is in scope.
    public let scope: ProgrammeScope
    /// Criteria mapped between catalogs, for suggestions; never coverage.
    public let crosswalk: Crosswalk
    /// Evidence records by control ID.
    public let evidence: [String: EvidenceLog]
    /// What each implemented control's frequency asks for over the report period, and the
    /// records that meet it, by control ID; empty without a report period.
    public let schedules: [String: EvidenceSchedule]
    /// Access grants, by ID, each with the restricted documents it opens.
    public let grants: [AccessGrant]
    /// Every policy, control narrative and page, in one collection.
    public internal(set) var documents: DocumentSet
    public let data: DataLists
    /// Files in content/ that documents show or link to, by content path.
    public let assets: [String: Data]
    public let coverage: CoverageMatrix
    public internal(set) var links: LinkGraph
    /// What each body's references point at, by body.
    public internal(set) var referenceTargets: [BodyKey: [ResolvedTarget]]
    /// What resolving the references of a body needs to know about the whole project, kept
    /// so that a body edited alone can be resolved again without the rest (`BodyEdit`).
    let referenceContext: ReferenceContext
    /// Commits that touched each document, by source path, newest first; nil when the
    /// content is not in a git repository.
    public let history: [String: [Revision]]?
    /// The questionnaires answers name, built in and the project's own.
    public var questionnaires = QuestionnaireSet(QuestionnaireParser.builtIn)
    /// The questionnaires sent to customers, with what was answered.
    public var sentQuestionnaires: [SentQuestionnaire] = []
    /// What the controls say of each answer, by answer ID (`AnswerRules`), computed once when
    /// the model is resolved; an edit to an answer's text alone never changes it (`BodyEdit`).
    public internal(set) var answerStandings: [String: AnswerStanding] = [:]
    /// What recent commits changed, for the updates page, the feed and `assure updates`; read
    /// by the pipeline from git, and unavailable to a model built any other way.
    public internal(set) var updates = UpdateLog(unavailable: "the history was not read")

    /// What the references of `body` point at, in order.
    public func targets(of body: MarkdownBody) -> [ResolvedTarget] { referenceTargets[body.key] ?? [] }

    /// The catalogs the sites publish pages for: the frameworks in scope and the project's own
    /// catalogs. A built-in framework the programme does not answer to appears nowhere.
    public var publishedCatalogs: [Catalog] {
        catalog.catalogs.filter { scope.answers(to: $0.id) || !$0.isBuiltIn }
    }

    /// Coverage of each framework in scope, in catalog order.
    public var frameworkCoverage: [FrameworkCoverage] {
        FrameworkCoverage.all(in: scope, catalog: catalog, coverage: coverage)
    }

    public var headers: [DocumentHeader] { documents.headers }
}

/// How much of one framework in scope is addressed.
public struct FrameworkCoverage: Sendable, Hashable {
    public var catalog: Catalog
    /// The groups in scope, in catalog order.
    public var groups: [String]
    public var summary: CoverageMatrix.Summary

    /// One per framework in scope, in catalog order.
    static func all(in scope: ProgrammeScope, catalog: CriteriaCatalog, coverage: CoverageMatrix) -> [FrameworkCoverage]
    {
        scope.frameworks.compactMap { framework in
            catalog.catalog(framework.id).map {
                FrameworkCoverage(
                    catalog: $0, groups: framework.groups, summary: coverage.summary(framework: framework.id))
            }
        }
    }

    /// "security, availability" when the framework selects groups; empty otherwise.
    public var selectedGroups: String {
        catalog.scope.selects == nil ? "" : groups.compactMap { catalog.group($0)?.name }.joined(separator: ", ")
    }
}
