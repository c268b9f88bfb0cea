import Foundation

/// A document shown by title only (a `restricted` document on the public site).
public struct DocumentStub: Sendable, Hashable {
    public var kind: DocumentKind
    public var id: String
    public var title: String
    /// A control's family, to list it with the family's other controls.
    public var family: String?
    /// A control's status: a title shown alone must not pass a planned control for an implemented one.
    public var status: ControlStatus? = nil
}

/// What one site may show, and nothing more: the portal after the audience filter. A page
/// rendered from a view cannot leak a document the view never held. The view says what is
/// shown; where each thing is published is the renderer's (`SitePaths`).
public struct PortalView: Sendable {
    public let audience: SiteAudience
    public let config: ProjectConfig
    public let catalog: CriteriaCatalog
    /// The frameworks the programme answers to, and what of each is in scope.
    public let scope: ProgrammeScope
    /// The catalogs with pages on this site: the frameworks in scope and the project's own.
    public let publishedCatalogs: [Catalog]
    /// Evidence records and schedules by control ID: the auditor site's only.
    public let evidence: [String: EvidenceLog]
    public internal(set) var schedules: [String: EvidenceSchedule]
    /// Documents shown in full, with every body reference turned into a `ViewLink`.
    public internal(set) var documents: DocumentSet
    /// Documents shown by title only, sorted by kind and title.
    public let stubs: [DocumentStub]
    /// The controls shown by title only that meet each criterion, by criterion key: a
    /// criterion's page offers them on request, as the lists do.
    public let titleOnlyControls: [String: [DocumentStub]]
    public let data: DataLists
    /// Coverage statuses of every criterion, listing only the controls this site shows.
    public let coverage: CoverageMatrix
    /// Revision history of the shown documents, by source path; nil outside a repository.
    /// The public site keeps dates and commits only: commit messages and author names are
    /// not audience-controlled and could name what is not public.
    public let history: [String: [Revision]]?
    /// Files in content/ the shown documents use, by content path.
    public let assets: [String: Data]
    /// Titles of the title-only policies each shown control implements, by control ID.
    public internal(set) var restrictedPolicies: [String: [String]]
    /// How many title-only controls implement each shown policy, by policy ID.
    public let restrictedControlCounts: [String: Int]
    /// Backlinks among what this site shows.
    public internal(set) var links: LinkGraph
    /// How each shown body's references appear on this site, by body.
    public internal(set) var referenceLinks: [BodyKey: [ViewLink]]
    /// What this site shows of each document, to link a body edited alone (`BodyEdit`).
    let linker: ViewLinker
    /// The questionnaires answers name, for grouping answers by domain.
    public internal(set) var questionnaires = QuestionnaireSet([])
    /// What the controls say of each shown answer, by answer ID: the auditor site shows it.
    public internal(set) var answerStandings: [String: AnswerStanding] = [:]

    /// Whether the site has an answers page: it shows an answer, in full or by title.
    public var showsAnswers: Bool {
        !documents.documents(of: .answer).isEmpty || stubs.contains { $0.kind == .answer }
    }
    /// What recent commits changed, as this site may tell it, newest first.
    public internal(set) var updates: [ShownUpdate] = []
    /// Why the site has no updates page and feed (no git history), or nil when it has them.
    public internal(set) var updatesUnavailable: String?

    /// Whether the site has an updates page: the history could be read.
    public var hasUpdates: Bool { updatesUnavailable == nil }
    /// Whether it has an Atom feed of them: there is something to tell.
    public var hasFeed: Bool { hasUpdates && !updates.isEmpty }

    /// Criteria in scope that are neither covered nor excluded: zero unless the site was built
    /// for a programme in readiness (`--allow-gaps`), whose every page then says so.
    public var openCriteria: Int { frameworkCoverage.reduce(0) { $0 + $1.summary.open } }

    /// What every page of the site shows besides its own content and the menu: when it
    /// changes, every page is rendered again.
    struct Chrome: Equatable {
        var hasFeed: Bool
        var hasUpdates: Bool
        var openCriteria: Int
        var showsAnswers: Bool
    }

    var chrome: Chrome {
        Chrome(hasFeed: hasFeed, hasUpdates: hasUpdates, openCriteria: openCriteria, showsAnswers: showsAnswers)
    }

    /// How the references of `body` appear on this site, in order.
    public func referenceLinks(of body: MarkdownBody) -> [ViewLink] { referenceLinks[body.key] ?? [] }

    public func policy(_ id: String) -> Policy? { documents.policy(id) }
    public func control(_ id: String) -> ControlNarrative? { documents.control(id) }
    public func page(_ id: String) -> Page? { documents.page(id) }

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
        case .document: documents[node]?.header.title
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
        var linker = ViewLinker(
            visibility: visibility(in: portal), catalog: portal.catalog,
            published: Set(portal.publishedCatalogs.map(\.id)), contact: portal.config.contact)
        let isShown = linker.isShown
        var referenceLinks: [BodyKey: [ViewLink]] = [:]
        // The documents shown in full; their references become this site's links. A control's
        // list of policies keeps only what this site shows in full; title-only policies are
        // kept apart, by title.
        let documents = portal.documents.filter { isShown($0.node) }.map { document in
            referenceLinks[document.body.key] = linker.links(for: portal.targets(of: document.body))
            guard case .control(let control) = document else { return document }
            return .control(linker.withShownPolicies(control))
        }
        var restrictedControlCounts: [String: Int] = [:]
        var restrictedPolicies: [String: [String]] = [:]
        for control in portal.documents.controls {
            if linker.visibility[control.node]?.0 == .titleOnly {
                for policy in Set(control.policies.map(\.value)) { restrictedControlCounts[policy, default: 0] += 1 }
            } else if isShown(control.node) {
                let titles = linker.restrictedPolicyTitles(of: control)
                if !titles.isEmpty { restrictedPolicies[control.header.id] = titles }
            }
        }

        var data = DataLists()
        data.subprocessors = portal.data.subprocessors.filter { audience.visibility(of: $0.audience) == .full }
        data.certifications = portal.data.certifications.filter { audience.visibility(of: $0.audience) == .full }
        data.faq = portal.data.faq.filter { audience.visibility(of: $0.audience) == .full }
        for entry in data.faq { referenceLinks[entry.answer.key] = linker.links(for: portal.targets(of: entry.answer)) }

        // Evidence reaches the auditor site only, for the controls it shows.
        let stubs = stubs(of: portal, linker: linker)
        let controlStubs = Dictionary(stubs.filter { $0.kind == .control }.map { ($0.id, $0) }) { first, _ in first }
        var titleOnlyControls: [String: [DocumentStub]] = [:]
        for row in portal.coverage.rows {
            let offered = row.controls.compactMap { controlStubs[$0.id] }
            if !offered.isEmpty { titleOnlyControls[row.criterion.key] = offered }
        }
        let evidence = audience == .auditor ? portal.evidence.filter { isShown(.document(.control, $0.key)) } : [:]
        let schedules = audience == .auditor ? portal.schedules.filter { isShown(.document(.control, $0.key)) } : [:]
        var view = PortalView(
            audience: audience, config: portal.config, catalog: portal.catalog, scope: portal.scope,
            publishedCatalogs: portal.publishedCatalogs, evidence: evidence, schedules: schedules,
            documents: documents, stubs: stubs, titleOnlyControls: titleOnlyControls, data: data,
            coverage: portal.coverage.keepingControls { isShown(.document(.control, $0.id)) },
            history: history(of: portal, shownPaths: Set(documents.map(\.header.path))),
            assets: assets(of: portal, used: linker.usedAssets, evidence: evidence),
            restrictedPolicies: restrictedPolicies, restrictedControlCounts: restrictedControlCounts,
            links: portal.links.filtered(keeping: isShown), referenceLinks: referenceLinks, linker: linker)
        view.questionnaires = portal.questionnaires
        view.updates = updates(of: portal, shown: linker.visibility)
        view.updatesUnavailable = portal.updates.unavailable
        if audience == .auditor {
            view.answerStandings = portal.answerStandings.mapValues {
                $0.seen { isShown(.document(.control, $0)) }
            }
        }
        return view
    }

    /// How this site shows each document, with its title.
    private func visibility(in portal: Portal) -> [NodeRef: (Visibility, String)] {
        var visibility: [NodeRef: (Visibility, String)] = [:]
        for document in portal.documents {
            let header = document.header
            var shown = audience.visibility(of: header.audience)
            if shown == .titleOnly && header.audience == .restricted && granted.contains(document.node) {
                shown = .full
            }
            // Example text `assure init` wrote is no statement of the organisation's: the public
            // site leaves it out until a person makes it their own.
            if audience == .public, header.starterText { shown = .hidden }
            // A control that does not apply appears nowhere on the public site: "available on
            // request" would tell readers the opposite of the truth.
            if audience == .public, case .control(let control) = document, control.status == .notApplicable {
                shown = .hidden
            }
            visibility[document.node] = (shown, header.title)
        }
        return visibility
    }

    /// The documents shown by title only, sorted by kind and title.
    private func stubs(of portal: Portal, linker: ViewLinker) -> [DocumentStub] {
        portal.documents.filter { linker.visibility[$0.node]?.0 == .titleOnly }.map { document in
            let header = document.header
            let control = ControlNarrative(document)
            return DocumentStub(
                kind: header.kind, id: header.id, title: header.title, family: control?.family,
                status: control?.status)
        }
        .sorted { ($0.kind.position, $0.title, $0.id) < ($1.kind.position, $1.title, $1.id) }
    }

    /// The files the site publishes, by content path: those its bodies use, the brand's
    /// pictures (on every page of both sites), and the artifacts of the evidence it shows.
    private func assets(of portal: Portal, used: Set<String>, evidence: [String: EvidenceLog]) -> [String: Data] {
        let brand = [portal.config.brand.logo?.value, portal.config.brand.favicon?.value].compactMap { $0 }
        let artifacts = evidence.values.flatMap { $0.records.flatMap { $0.artifacts.map(\.value) } }
        var assets: [String: Data] = [:]
        for path in used.union(brand).union(artifacts) { assets[path] = portal.assets[path] }
        return assets
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
    /// Where readers ask for a document shown by title only.
    let contact: ProjectConfig.Contact
    /// Content paths of the files the linked bodies use: only these are published.
    private(set) var usedAssets = Set<String>()

    init(
        visibility: [NodeRef: (Visibility, String)], catalog: CriteriaCatalog, published: Set<String>,
        contact: ProjectConfig.Contact
    ) {
        self.visibility = visibility
        self.catalog = catalog
        self.published = published
        self.contact = contact
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
                return .asset(contentPath: path)
            }
            guard case .node(let node, let anchor) = target else { return .hidden }
            switch node {
            case .criterion(let id):
                guard let criterion = catalog[id], published.contains(criterion.catalog) else { return .hidden }
                return .page(node, anchor: anchor, text: "\(criterion.id) \(criterion.title)")
            case .document:
                switch visibility[node] {
                case (.full, let title)?: return .page(node, anchor: anchor, text: title)
                case (.titleOnly, let title)?:
                    return .titleOnly(title, request: contact.requestAddress(for: node.id, title: title))
                default: return .hidden
                }
            }
        }
    }
}
