import Foundation

/// A document shown by title only (a `restricted` document on the public site).
public struct DocumentStub: Sendable, Hashable {
    public var kind: DocumentKind
    public var id: String
    public var title: String
    /// A control's family, to list it with the family's other controls.
    public var family: String?
}

/// What one site may show, and nothing more: the portal after the audience filter. A page
/// rendered from a view cannot leak a document the view never held.
public struct PortalView: Sendable {
    public let audience: SiteAudience
    public let config: ProjectConfig
    public let catalog: CriteriaCatalog
    /// The frameworks the programme answers to, and what of each is in scope.
    public let scope: ProgrammeScope
    /// The catalogs with pages on this site: the frameworks in scope and the project's own.
    public let publishedCatalogs: [Catalog]
    /// Evidence records by control ID: the auditor site's only.
    public let evidence: [String: EvidenceLog]
    /// Documents shown in full, with every body reference turned into a `ViewLink`.
    public internal(set) var policies: [Policy]
    public internal(set) var controls: [ControlNarrative]
    public internal(set) var pages: [Page]
    /// Documents shown by title only, sorted by kind and title.
    public var stubs: [DocumentStub]
    public var data: DataLists
    /// Coverage statuses of every criterion, listing only the controls this site shows.
    public var coverage: CoverageMatrix
    /// Revision history of the shown documents, by source path; nil outside a repository.
    /// The public site keeps dates and commits only: commit messages and author names are
    /// not audience-controlled and could name what is not public.
    public let history: [String: [Revision]]?
    /// Files shown documents use, by site-root-relative output path.
    public let assets: [String: Data]
    /// Titles of the title-only policies each shown control implements, by control ID.
    public var restrictedPolicies: [String: [String]]
    /// How many title-only controls implement each shown policy, by policy ID.
    public var restrictedControlCounts: [String: Int] = [:]
    /// Backlinks among what this site shows.
    public var links: LinkGraph
    /// How each shown body's references appear on this site, by body.
    public internal(set) var referenceLinks: [BodyKey: [ViewLink]]
    /// What this site shows of each document, to link a body edited alone (`BodyEdit`).
    let linker: ViewLinker
    /// Whether the site has a feed of policy updates: a public site with a dated policy.
    public let hasFeed: Bool

    /// Positions of the shown documents by ID, for lookups while rendering thousands of pages.
    private(set) var policyIndex: [String: Int] = [:]
    private(set) var controlIndex: [String: Int] = [:]
    private(set) var pageIndex: [String: Int] = [:]

    init(
        audience: SiteAudience, config: ProjectConfig, catalog: CriteriaCatalog, scope: ProgrammeScope,
        publishedCatalogs: [Catalog], evidence: [String: EvidenceLog], policies: [Policy],
        controls: [ControlNarrative], pages: [Page], stubs: [DocumentStub], data: DataLists,
        coverage: CoverageMatrix, assets: [String: Data], history: [String: [Revision]]?,
        restrictedPolicies: [String: [String]], links: LinkGraph, referenceLinks: [BodyKey: [ViewLink]],
        linker: ViewLinker
    ) {
        self.referenceLinks = referenceLinks
        self.linker = linker
        hasFeed = audience == .public && policies.contains { $0.effective != nil || $0.lastReviewed != nil }
        self.audience = audience
        self.config = config
        self.catalog = catalog
        self.scope = scope
        self.publishedCatalogs = publishedCatalogs
        self.evidence = evidence
        self.policies = policies
        self.controls = controls
        self.pages = pages
        self.stubs = stubs
        self.data = data
        self.coverage = coverage
        self.assets = assets
        self.history = history
        self.restrictedPolicies = restrictedPolicies
        self.links = links
        policyIndex = Dictionary(policies.enumerated().map { ($1.header.id, $0) }) { first, _ in first }
        controlIndex = Dictionary(controls.enumerated().map { ($1.header.id, $0) }) { first, _ in first }
        pageIndex = Dictionary(pages.enumerated().map { ($1.header.id, $0) }) { first, _ in first }
    }

    /// How the references of `body` appear on this site, in order.
    public func referenceLinks(of body: MarkdownBody) -> [ViewLink] { referenceLinks[body.key] ?? [] }

    public func policy(_ id: String) -> Policy? { policyIndex[id].map { policies[$0] } }
    public func control(_ id: String) -> ControlNarrative? { controlIndex[id].map { controls[$0] } }
    public func page(_ id: String) -> Page? { pageIndex[id].map { pages[$0] } }

    /// Coverage of each framework in scope, as this site shows it.
    public var frameworkCoverage: [FrameworkCoverage] {
        FrameworkCoverage.all(in: scope, catalog: catalog, coverage: coverage)
    }

    /// Whether this site has a page for the criterion with this key.
    public func publishes(criterion key: String) -> Bool {
        guard let criterion = catalog[key] else { return false }
        return publishedCatalogs.contains { $0.id == criterion.catalog }
    }

    /// Title of a document shown in full, or the title and ID of a criterion.
    public func title(of node: NodeRef) -> String? {
        switch node {
        case .document(.policy, let id): policy(id)?.header.title
        case .document(.control, let id): control(id)?.header.title
        case .document(.page, let id): page(id)?.header.title
        case .criterion(let id): catalog[id].map { "\($0.id) \($0.title)" }
        }
    }
}

/// Applies an audience to the model before anything renders.
public struct AudienceFilter: Sendable {
    public var audience: SiteAudience
    /// Restricted documents shown in full as well: a customer's grant pages (public audience only).
    public var granted: Set<NodeRef> = []

    public init(audience: SiteAudience, granted: Set<NodeRef> = []) {
        self.audience = audience
        self.granted = granted
    }

    public func apply(to portal: Portal) -> PortalView {
        var visibility: [NodeRef: (Visibility, String)] = [:]
        // A control that does not apply appears nowhere on the public site: "available on
        // request" would tell readers the opposite of the truth.
        let notApplicable = Set(portal.controls.filter { $0.status == .notApplicable }.map(\.header.id))
        for header in portal.headers {
            let hidden = audience == .public && header.kind == .control && notApplicable.contains(header.id)
            let node = NodeRef.document(header.kind, header.id)
            var shown = audience.visibility(of: header.audience)
            if shown == .titleOnly && header.audience == .restricted && granted.contains(node) { shown = .full }
            visibility[node] = (hidden ? .hidden : shown, header.title)
        }
        let published = portal.publishedCatalogs
        var linker = ViewLinker(visibility: visibility, catalog: portal.catalog, published: Set(published.map(\.id)))
        let isShown = linker.isShown
        var referenceLinks: [BodyKey: [ViewLink]] = [:]
        /// The documents shown in full; their references become this site's links.
        func shown<Document: PortalDocument>(_ documents: [Document]) -> [Document] {
            documents.filter { isShown($0.node) }.map { document in
                referenceLinks[document.body.key] = linker.links(for: portal.targets(of: document.body))
                return document
            }
        }
        let policies = shown(portal.policies)
        // A control's list of policies keeps only what this site shows in full; title-only
        // policies are kept apart, by title.
        let controls = shown(portal.controls).map(linker.withShownPolicies)
        let pages = shown(portal.pages)
        let families = Dictionary(portal.controls.map { ($0.header.id, $0.family) }) { first, _ in first }
        let stubs = portal.headers
            .filter { visibility[.document($0.kind, $0.id)]?.0 == .titleOnly }
            .map {
                DocumentStub(
                    kind: $0.kind, id: $0.id, title: $0.title, family: $0.kind == .control ? families[$0.id] : nil)
            }
            .sorted { ($0.kind.rawValue, $0.title) < ($1.kind.rawValue, $1.title) }
        var restrictedControlCounts: [String: Int] = [:]
        for control in portal.controls where visibility[control.node]?.0 == .titleOnly {
            for policy in Set(control.policies.map(\.value)) { restrictedControlCounts[policy, default: 0] += 1 }
        }

        var restrictedPolicies: [String: [String]] = [:]
        for control in portal.controls where isShown(.document(.control, control.header.id)) {
            let titles = linker.restrictedPolicyTitles(of: control)
            if !titles.isEmpty { restrictedPolicies[control.header.id] = titles }
        }

        var data = DataLists()
        data.subprocessors = portal.data.subprocessors.filter { audience.visibility(of: $0.audience) == .full }
        data.certifications = portal.data.certifications.filter { audience.visibility(of: $0.audience) == .full }
        data.faq = portal.data.faq.filter { audience.visibility(of: $0.audience) == .full }
        for entry in data.faq { referenceLinks[entry.answer.key] = linker.links(for: portal.targets(of: entry.answer)) }

        let coverage = portal.coverage.keepingControls { isShown(.document(.control, $0.id)) }
        // Evidence and its artifacts reach the auditor site only, for the controls it shows.
        var evidence: [String: EvidenceLog] = [:]
        var assets = Dictionary(
            uniqueKeysWithValues: linker.usedAssets.sorted().compactMap { path in
                portal.assets[path].map { (SitePaths.asset(path), $0) }
            })
        // The brand's pictures are on every page of both sites.
        for path in [portal.config.brand.logo?.value, portal.config.brand.favicon?.value].compactMap({ $0 }) {
            if let data = portal.assets[path] { assets[SitePaths.asset(path)] = data }
        }
        if audience == .auditor {
            for (id, log) in portal.evidence where isShown(.document(.control, id)) {
                evidence[id] = log
                for record in log.records {
                    for artifact in record.artifacts {
                        if let data = portal.assets[artifact.value] { assets[SitePaths.asset(artifact.value)] = data }
                    }
                }
            }
        }

        let links = portal.links.filtered(keeping: isShown)

        var view = PortalView(
            audience: audience, config: portal.config, catalog: portal.catalog, scope: portal.scope,
            publishedCatalogs: published, evidence: evidence, policies: policies,
            controls: controls, pages: pages, stubs: stubs, data: data, coverage: coverage,
            assets: assets,
            history: history(
                of: portal,
                shownPaths: Set((policies.map(\.header) + controls.map(\.header) + pages.map(\.header)).map(\.path))),
            restrictedPolicies: restrictedPolicies, links: links, referenceLinks: referenceLinks, linker: linker)
        view.restrictedControlCounts = restrictedControlCounts
        return view
    }

    private func history(of portal: Portal, shownPaths: Set<String>) -> [String: [Revision]]? {
        guard let history = portal.history else { return nil }
        var shown: [String: [Revision]] = [:]
        for (path, revisions) in history where shownPaths.contains(path) {
            shown[path] =
                audience == .auditor
                ? revisions
                : revisions.map { Revision(commit: $0.commit, date: $0.date, author: "", subject: "") }
        }
        return shown
    }
}

/// Turns resolved body references into what one site shows for them.
struct ViewLinker {
    let visibility: [NodeRef: (Visibility, String)]
    let catalog: CriteriaCatalog
    /// IDs of the catalogs the site has pages for.
    let published: Set<String>
    /// Content paths of the files the linked bodies use: only these are published.
    private(set) var usedAssets = Set<String>()

    init(visibility: [NodeRef: (Visibility, String)], catalog: CriteriaCatalog, published: Set<String>) {
        self.visibility = visibility
        self.catalog = catalog
        self.published = published
    }

    /// Whether the site has a page for the node: a document shown in full, or a criterion of a
    /// published catalog.
    func isShown(_ node: NodeRef) -> Bool {
        if case .criterion(let key) = node {
            return catalog[key].map { published.contains($0.catalog) } ?? false
        }
        return visibility[node]?.0 == .full
    }

    /// The control with only the policies this site shows in full.
    func withShownPolicies(_ control: ControlNarrative) -> ControlNarrative {
        var control = control
        control.policies = control.policies.filter { isShown(.document(.policy, $0.value)) }
        return control
    }

    /// The titles of the control's policies this site shows by title only, sorted.
    func restrictedPolicyTitles(of control: ControlNarrative) -> [String] {
        control.policies.compactMap { item -> String? in
            guard case (.titleOnly, let title)? = visibility[.document(.policy, item.value)] else { return nil }
            return title
        }.sorted()
    }

    /// What each resolved reference shows as on this site.
    mutating func links(for targets: [ResolvedTarget]) -> [ViewLink] {
        targets.map { target in
            if case .asset(let path) = target {
                usedAssets.insert(path)
                return .asset(path: SitePaths.asset(path))
            }
            guard case .node(let node, let anchor) = target else { return .hidden }
            switch node {
            case .criterion(let id):
                guard let criterion = catalog[id], published.contains(criterion.catalog) else { return .hidden }
                return .page(
                    path: SitePaths.page(for: node), anchor: anchor, text: "\(criterion.id) \(criterion.title)")
            case .document:
                switch visibility[node] {
                case (.full, let title)?: return .page(path: SitePaths.page(for: node), anchor: anchor, text: title)
                case (.titleOnly, let title)?: return .titleOnly(title)
                default: return .hidden
                }
            }
        }
    }
}
