/// Every page a site has, declared in one place: where it is written, the template that renders
/// it, its typed context, and what it depends on, so `serve` renders it again exactly when an
/// edit can change it. A new kind of page is one entry here and one template.
struct SitePage: Sendable {
    /// The kinds of page, each named by the template that renders it.
    enum Kind: String, Sendable, CaseIterable {
        case home = "index"
        case policies, controls, criteria, policy, control, page, framework, criterion, answers, answer
        case statementOfApplicability = "statement-of-applicability"
        case evidence, exceptions
        case controlEvidence = "control-evidence"
        case register, search, updates
        case notFound = "not-found"

        var template: String { rawValue }
    }

    /// What a page shows, for incremental rebuilds. Changes to the configuration, the theme,
    /// catalogs, data lists, files, evidence, history or the set of free pages render every
    /// page; these say which pages a change to documents alone reaches.
    enum Dependency: Sendable, Hashable {
        /// Lists and summaries of many documents: rendered again after any document changes.
        case anyDocument
        /// The page of a document or criterion: rendered again when it changes, when a
        /// document it links to or that links to it changes, or (for a criterion) when a policy
        /// behind one of its controls changes.
        case node(NodeRef)
        /// A control's evidence: rendered again when the control changes.
        case evidence(control: String)
        /// The menu and the site's settings only: rendered again only when everything is.
        case siteOnly
    }

    var path: String
    var kind: Kind
    var template: String { kind.template }
    var dependency: Dependency
    /// The page's context, as the template reads it.
    var context: @Sendable (PageContexts) -> TemplateValue

    init<Context: Encodable>(
        _ path: String, _ kind: Kind, _ dependency: Dependency,
        _ context: @escaping @Sendable (PageContexts) -> Context
    ) {
        self.path = path
        self.kind = kind
        self.dependency = dependency
        self.context = { TemplateEncoder.object(context($0)) }
    }

    /// Every page of a view, in a stable order.
    static func all(for view: PortalView) -> [SitePage] {
        var pages = [
            SitePage(SitePaths.home, .home, .anyDocument) { $0.home() },
            SitePage(SitePaths.policies, .policies, .anyDocument) { $0.policiesIndex() },
            SitePage(SitePaths.controls, .controls, .anyDocument) { $0.controlsIndex() },
            SitePage(SitePaths.criteria, .criteria, .anyDocument) { $0.criteriaIndex() },
        ]
        if view.showsAnswers {
            pages.append(SitePage(SitePaths.answers, .answers, .anyDocument) { $0.answersIndex() })
        }
        pages += view.documents.map(document)
        for catalog in view.publishedCatalogs {
            pages.append(SitePage(SitePaths.framework(catalog.id), .framework, .anyDocument) { $0.framework(catalog) })
            pages += catalog.criteria.map(criterion)
        }
        for soa in SiteRenderer.statements(for: view) {
            pages.append(
                SitePage(
                    SitePaths.statementOfApplicability(soa.catalog.id), .statementOfApplicability, .anyDocument
                ) { $0.statementOfApplicability(soa) })
        }
        if view.audience == .auditor, view.config.report?.periodEnd != nil {
            pages.append(SitePage(SitePaths.evidence, .evidence, .anyDocument) { $0.evidenceIndex() })
            pages.append(SitePage(SitePaths.exceptions, .exceptions, .anyDocument) { $0.exceptions() })
            for control in SiteRenderer.evidenceControls(in: view) {
                let id = control.header.id
                pages.append(
                    SitePage(SitePaths.evidence(for: id), .controlEvidence, .evidence(control: id)) {
                        $0.controlEvidence(control)
                    })
            }
        }
        if view.audience == .auditor {
            pages.append(SitePage(SitePaths.register, .register, .anyDocument) { $0.register() })
        }
        if view.hasUpdates {
            pages.append(SitePage(SitePaths.updates, .updates, .anyDocument) { $0.updatesPage() })
        }
        pages.append(SitePage(SitePaths.search, .search, .siteOnly) { $0.search() })
        pages.append(SitePage(SitePaths.notFound, .notFound, .siteOnly) { $0.notFound() })
        return pages
    }

    /// The page of one document or criterion, when the view has it (one of `all(for:)`).
    static func page(for node: NodeRef, in view: PortalView) -> SitePage? {
        switch node {
        case .document: view.documents[node].map(document)
        case .criterion(let key): view.publishes(criterion: key) ? view.catalog[key].map(criterion) : nil
        }
    }

    /// The page of a document, through its kind's template.
    static func document(_ document: Document) -> SitePage {
        let node = document.node
        let path = SitePaths.page(for: node)
        return switch document {
        case .policy(let policy): SitePage(path, .policy, .node(node)) { $0.policy(policy) }
        case .control(let control): SitePage(path, .control, .node(node)) { $0.control(control) }
        case .page(let page): SitePage(path, .page, .node(node)) { $0.page(page) }
        case .answer(let answer): SitePage(path, .answer, .node(node)) { $0.answer(answer) }
        }
    }

    static func criterion(_ criterion: Criterion) -> SitePage {
        let node = NodeRef.criterion(criterion.key)
        return SitePage(SitePaths.page(for: node), .criterion, .node(node)) { $0.criterion(criterion) }
    }

    /// Whether an edit to the documents in `change` can alter this page.
    func isAffected(by change: DocumentChange) -> Bool {
        guard !change.changed.isEmpty else { return false }
        switch dependency {
        case .anyDocument: return change.reachesLists
        case .node(let node): return change.reached.contains(node)
        case .evidence(let control): return change.changed.contains(.document(.control, control))
        case .siteOnly: return false
        }
    }
}

/// The documents an edit changed, and every node whose page shows something of them.
struct DocumentChange: Sendable {
    var changed: Set<NodeRef>
    var reached: Set<NodeRef>
    /// Whether lists and summaries of many documents (`Dependency.anyDocument`) show
    /// something that changed: a field whose `DocumentField.Reach` says so, or a document
    /// added or removed.
    var reachesLists = true
}
