import Foundation

/// Builds the typed context each template sees (`TemplateContext`). Everything here reads a
/// `PortalView`, so a template can show only what the audience filter let through.
struct PageContexts: Sendable {
    let view: PortalView
    /// The way back to the site root from every page, when pages are published somewhere other
    /// than their usual path (a grant's pages, two folders down).
    var rootOverride: String?
    /// The readiness line every page carries, worked out once for the whole site.
    let readiness: String?
    /// Where each document's line of the search index goes once its page has rendered the
    /// body, so a body is rendered once per site.
    var searchIndex: SearchIndexStream?
    /// Each `site` context as template values, by section and way back to the root: every
    /// page of a folder shows the same menu, made and encoded once.
    private let sites = Locked<[SiteKey: TemplateValue]>([:])

    private struct SiteKey: Hashable {
        var section: String
        var root: String
    }

    init(view: PortalView, rootOverride: String? = nil, searchIndex: SearchIndexStream? = nil) {
        self.view = view
        self.rootOverride = rootOverride
        self.searchIndex = searchIndex
        readiness = Self.readiness(openCriteria: view.openCriteria)
    }

    /// A document's body as the page at `path` shows it.
    func body(_ body: MarkdownBody, of node: NodeRef, path: String) -> String {
        let html = BodyHTML.render(body, links: view.referenceLinks(of: body), root: root(from: path))
        searchIndex?.keep(html, of: node)
        return html
    }

    func root(from path: String) -> String { rootOverride ?? SitePaths.root(from: path) }

    typealias T = TemplateContext

    // MARK: - Shared

    /// A page's whole context: the layout's `site` and `page`, and the page's own keys.
    func page<Content: Encodable>(
        _ path: String, section: String, title: String, description: String? = nil, scripts: [String] = [],
        _ content: Content
    ) -> T.Page<Content> {
        let key = SiteKey(section: section, root: root(from: path))
        var encodedSite = sites.withLock { $0[key] }
        if encodedSite == nil {
            encodedSite = TemplateEncoder.value(site(path: path, section: section))
            sites.withLock { $0[key] = encodedSite }
        }
        return T.Page(
            site: EncodedContext(encodedSite ?? .object([:])),
            page: T.PageInfo(title: title, description: description, scripts: scripts, hasScripts: !scripts.isEmpty),
            content: content)
    }

    /// A document or criterion in a list.
    func item(_ node: NodeRef) -> T.Item {
        switch node {
        case .document(.policy, _):
            guard let listing = view.documents.listing(of: node) else { break }
            return T.Item(title: listing.title, href: SitePaths.page(for: node), summary: listing.summary)
        case .document(.control, _):
            guard let listing = view.documents.listing(of: node), let status = listing.status else { break }
            return T.Item(
                title: "\(listing.id) \(listing.title)", href: SitePaths.page(for: node), summary: listing.summary,
                status: status.displayName, statusID: status.rawValue)
        case .document(.page, _):
            guard let listing = view.documents.listing(of: node) else { break }
            return T.Item(title: listing.title, href: SitePaths.page(for: node))
        case .document(.answer, let id):
            guard let answer = view.documents.answer(id) else { break }
            return T.Item(
                title: answer.header.title, href: SitePaths.page(for: node), summary: answer.header.summary,
                status: answer.answer.displayName, statusID: "answer-" + answer.answer.rawValue)
        case .criterion(let key):
            guard let criterion = view.catalog[key] else { break }
            return T.Item(
                title: "\(criterion.id) \(criterion.title)",
                href: view.publishes(criterion: key) ? SitePaths.page(for: node) : nil)
        }
        return T.Item(title: node.id)
    }

    func stubItem(_ stub: DocumentStub) -> T.Item {
        T.Item(
            title: stub.title,
            status: stub.status?.displayName, statusID: stub.status?.rawValue, request: requestAccess(stub))
    }

    /// Where a reader asks for a restricted document (`Contact.requestAddress`).
    func requestAccess(_ stub: DocumentStub) -> String? {
        view.config.contact.requestAddress(for: stub.id, title: stub.title)
    }

    func backlinks(to node: NodeRef, excluding: Set<NodeRef> = []) -> T.Backlinks {
        let items = view.links.referrers(of: node).filter { !excluding.contains($0) }.map { source in
            var entry = item(source)
            switch source {
            case .document(let kind, _): entry.kind = kind.displayName
            case .criterion: entry.kind = "criterion"
            }
            return entry
        }
        return T.Backlinks(backlinks: items, hasBacklinks: !items.isEmpty)
    }

    func links(_ nodes: [NodeRef]) -> [T.Link] {
        nodes.enumerated().map { index, node in
            var shown = true
            if case .criterion(let key) = node { shown = view.publishes(criterion: key) }
            return T.Link(
                text: view.title(of: node) ?? node.id, href: shown ? SitePaths.page(for: node) : nil,
                last: index == nodes.count - 1)
        }
    }

    /// The criteria a document lists, one meta row per framework ("SOC 2 criteria").
    func criteriaMeta(_ criteria: [Located<String>]) -> [T.Meta] {
        let criteria = criteria.compactMap { view.catalog.criterion(written: $0.value) }
        return view.catalog.catalogs.compactMap { catalog in
            let mine = criteria.filter { $0.catalog == catalog.id }.map { NodeRef.criterion($0.key) }
            return meta("\(catalog.shortName) criteria", links: mine)
        }
    }

    /// A document's revision history, or why there is none.
    func history(_ header: DocumentHeader) -> T.HistoryFields {
        guard let all = view.history else {
            return T.HistoryFields(
                history: T.History(
                    hasEntries: false, detailed: false,
                    note: "Revision history is not available: the content is not in a git repository."))
        }
        let revisions = all[header.path] ?? []
        let entries = revisions.map {
            T.History.Entry(date: $0.date.description, commit: $0.shortCommit, author: $0.author, subject: $0.subject)
        }
        return T.HistoryFields(
            history: T.History(
                entries: entries, hasEntries: !entries.isEmpty, detailed: view.audience == .auditor,
                note: "This document has not been committed yet."),
            lastChanged: revisions.first?.date.longForm)
    }

    /// Backlinks and revision history, which every document page shows.
    func extras(_ header: DocumentHeader, node: NodeRef, excluding: Set<NodeRef> = []) -> T.DocumentExtras {
        Merged(backlinks(to: node, excluding: excluding), history(header))
    }

    func meta(_ label: String, _ value: String?) -> T.Meta? {
        guard let value, !value.isEmpty else { return nil }
        return T.Meta(label: label, value: value, wide: false)
    }

    func meta(_ label: String, links nodes: [NodeRef]) -> T.Meta? {
        nodes.isEmpty ? nil : T.Meta(label: label, links: links(nodes), wide: true)
    }

    // MARK: - Pages

    func home() -> T.Page<T.Home> {
        let config = view.config
        let report = config.report.map { details in
            var period: String?
            // A report not yet under way has a date it is planned for, not one it speaks as of.
            let planned = details.status == .planned
            var periodLabel = planned ? "Planned period" : "Period"
            if details.type == .type2, let start = details.periodStart, let end = details.periodEnd {
                period = "\(start.longForm) – \(end.longForm)"
            } else if let end = details.periodEnd {
                period = end.longForm
                periodLabel = planned ? "Planned for" : "As of"
            }
            return T.Home.Report(
                type: details.type.displayName, status: details.status.displayName,
                statusID: details.status.rawValue, period: period, periodLabel: periodLabel,
                auditor: details.auditor, issued: details.issued?.longForm)
        }
        let families = controlFamilies()
        let policies =
            view.documents.policies.map { item(.document(.policy, $0.header.id)) }
            + view.stubs.filter { $0.kind == .policy }.map(stubItem)
        let faq = view.data.faq.map {
            T.Home.Question(
                question: $0.question,
                answer: BodyHTML.render($0.answer, links: view.referenceLinks(of: $0.answer), root: ""))
        }
        let subprocessors = view.data.subprocessors.map {
            T.Home.Subprocessor(
                name: $0.name, purpose: $0.purpose, data: $0.data ?? "", location: $0.location ?? "",
                from: $0.effective?.longForm)
        }
        let certifications = view.data.certifications.map {
            T.Home.Certification(name: $0.name, status: $0.status, description: $0.description)
        }
        let contact = config.contact
        return page(
            SitePaths.home, section: "home", title: "Overview", description: config.organization.description,
            T.Home(
                organization: T.Home.Organization(
                    name: config.organization.name, description: config.organization.description),
                report: report, frameworks: view.frameworkCoverage.map(frameworkSummary),
                families: families, hasFamilies: !families.isEmpty,
                policies: policies, hasPolicies: !policies.isEmpty,
                subprocessors: subprocessors, hasSubprocessors: !subprocessors.isEmpty,
                certifications: certifications, hasCertifications: !certifications.isEmpty,
                faq: faq, hasFAQ: !faq.isEmpty,
                contact: T.Home.Contact(email: contact.email, securityEmail: contact.securityEmail, url: contact.url),
                hasContact: contact.email != nil || contact.securityEmail != nil || contact.url != nil))
    }

    /// The controls this site lists, shown and title-only alike, by family: the known families
    /// first, in their order, then the others by name; each with its counts.
    func controlFamilies() -> [T.Family] {
        let known = ControlFamily.known.map(\.id)
        func rank(_ family: String) -> (Int, String) { (known.firstIndex(of: family) ?? known.count, family) }
        let shown = Dictionary(grouping: view.documents.controls, by: \.family)
        let stubs = Dictionary(grouping: view.stubs.filter { $0.kind == .control }, by: { $0.family ?? "other" })
        return Set(shown.keys).union(stubs.keys).sorted { rank($0) < rank($1) }.map { family in
            let full = (shown[family] ?? []).map { item(.document(.control, $0.header.id)) }
            let titles = (stubs[family] ?? []).map(stubItem)
            let count = full.count + titles.count
            let statuses = (shown[family] ?? []).map(\.status) + (stubs[family] ?? []).compactMap(\.status)
            let unfinished = statuses.filter { $0 == .partial || $0 == .planned }.count
            return T.Family(
                name: ControlFamily.displayName(family), familyID: Slug.fileName(family), controls: full + titles,
                count: count, countLabel: count == 1 ? "control" : "controls", shown: full.count,
                hasShown: !full.isEmpty, onRequest: titles.isEmpty ? nil : titles.count,
                notImplemented: unfinished == 0 ? nil : unfinished)
        }
    }

    /// "18 controls implement this policy: 3 shown here, 15 available on request." Controls
    /// this site shows nothing of are not counted.
    func implementationCount(_ policy: Policy, shown: Int) -> String? {
        let onRequest = view.restrictedControlCounts[policy.header.id] ?? 0
        let total = shown + onRequest
        guard total > 0 else { return nil }
        var text = "\(total) control\(total == 1 ? "" : "s") implement\(total == 1 ? "s" : "") this policy"
        if onRequest > 0 { text += ": \(shown) shown here, \(onRequest) available on request" }
        return text + "."
    }

    func policy(_ policy: Policy) -> T.Page<Merged<T.Policy, T.DocumentExtras>> {
        let node = NodeRef.document(.policy, policy.header.id)
        let path = SitePaths.page(for: node)
        let implementing = view.links.referrers(of: node, by: .implements)
        let label = DocumentKind.policy.label
        let meta =
            [
                self.meta(label("id"), policy.header.id),
                self.meta(label("owner"), policy.owner),
                self.meta(label("version"), policy.version),
                self.meta(label("effective"), policy.effective?.longForm),
                self.meta(label("last_reviewed"), policy.lastReviewed?.longForm),
                self.meta(label("review_every"), policy.reviewEvery?.description),
                self.meta("Next review", policy.nextReview?.longForm),
                self.meta(label("approved_by"), policy.approvedBy),
                self.meta("Last changed", view.history?[policy.header.path]?.first?.date.longForm),
                view.audience == .auditor ? self.meta(label("audience"), policy.header.audience.rawValue) : nil,
            ].compactMap { $0 } + criteriaMeta(policy.criteria)
        let toc = policy.body.headings.filter { $0.level == 2 || $0.level == 3 }.map {
            T.TocEntry(level: $0.level, anchor: $0.anchor, text: $0.text)
        }
        let content = T.Policy(
            id: policy.header.id, title: policy.header.title, summary: policy.header.summary, meta: meta,
            body: body(policy.body, of: .document(.policy, policy.header.id), path: path),
            toc: toc, hasToc: toc.count >= 3, controls: implementing.map(item),
            hasControls: !implementing.isEmpty || view.restrictedControlCounts[policy.header.id] != nil,
            controlCount: implementationCount(policy, shown: implementing.count))
        return page(
            path, section: "policies", title: policy.header.title, description: policy.header.summary,
            Merged(content, extras(policy.header, node: node, excluding: Set(implementing))))
    }

    func control(_ control: ControlNarrative) -> T.Page<Merged<T.Control, T.DocumentExtras>> {
        let node = NodeRef.document(.control, control.header.id)
        let path = SitePaths.page(for: node)
        let label = DocumentKind.control.label
        let meta =
            [
                self.meta(label("id"), control.header.id),
                self.meta(label("owner"), control.owner),
                self.meta(label("status"), control.status.displayName),
                self.meta(label("frequency"), control.frequencyText),
                self.meta(label("family"), ControlFamily.displayName(control.family)),
                self.meta("Last changed", view.history?[control.header.path]?.first?.date.longForm),
                view.audience == .auditor ? self.meta(label("audience"), control.header.audience.rawValue) : nil,
            ].compactMap { $0 } + criteriaMeta(control.criteria)
            + [self.policyMeta(control), evidenceMeta(control)].compactMap { $0 }
        let content = T.Control(
            id: control.header.id, title: control.header.title, summary: control.header.summary,
            family: ControlFamily.displayName(control.family), status: control.status.displayName,
            statusID: control.status.rawValue, meta: meta,
            body: body(control.body, of: .document(.control, control.header.id), path: path),
            evidence: control.evidence, hasEvidence: !control.evidence.isEmpty)
        return page(
            path, section: "controls", title: control.header.title, description: control.header.summary,
            Merged(content, extras(control.header, node: node)))
    }

    /// A control's policies: linked when shown in full, by title when restricted.
    private func policyMeta(_ control: ControlNarrative) -> T.Meta? {
        var all =
            control.policies.map { item in
                view.policy(item.value).map {
                    T.Link(
                        text: $0.header.title, href: SitePaths.page(for: .document(.policy, item.value)), last: false)
                } ?? T.Link(text: item.value, last: false)
            }
            + (view.restrictedPolicies[control.header.id] ?? []).map {
                T.Link(text: "\($0) (available on request)", last: false)
            }
        guard !all.isEmpty else { return nil }
        all[all.count - 1].last = true
        return T.Meta(label: DocumentKind.control.label("policies"), links: all, wide: true)
    }

    func page(_ page: Page) -> T.Page<Merged<T.FreePage, T.DocumentExtras>> {
        let node = NodeRef.document(.page, page.header.id)
        let path = SitePaths.page(for: node)
        let content = T.FreePage(
            title: page.header.title, summary: page.header.summary,
            body: body(page.body, of: node, path: path))
        return self.page(
            path, section: "page:" + page.header.id, title: page.header.title, description: page.header.summary,
            Merged(content, extras(page.header, node: node)))
    }

    func criterion(_ criterion: Criterion) -> T.Page<Merged<T.Criterion, T.Backlinks>> {
        let node = NodeRef.criterion(criterion.key)
        let path = SitePaths.page(for: node)
        let row = view.coverage.row(criterion.key)
        let controls = (row?.controls ?? []).map { NodeRef.document(.control, $0.id) }
        // The policies behind its controls, and those that cite it themselves.
        let policies = Set(controls.flatMap { view.links.references(of: $0, by: .implements) })
            .union(
                view.links.referrers(of: node, by: .meets).filter {
                    if case .document(.policy, _) = $0 { true } else { false }
                }
            )
            .sorted()
        let catalog = view.catalog.catalog(criterion.catalog)
        var noControls = "No control addresses this criterion."
        if row?.status == .covered || row?.status == .gap {
            noControls = "The controls that address this criterion are documented for auditors."
        } else if row?.status == .excluded {
            noControls = "None: the criterion is excluded from scope."
        }
        let excluded = row?.status == .excluded
        let content = T.Criterion(
            id: criterion.id, title: criterion.title, series: criterion.series,
            catalog: catalog?.name ?? criterion.catalog, framework: catalog?.shortName ?? criterion.catalog,
            text: criterion.text, inScope: row?.inScope ?? false, status: row?.status.displayName ?? "",
            statusID: row?.status.rawValue ?? "",
            implementation: criterion.implementation.map { implementation in
                implementation.rawValue.capitalized + (criterion.appliesTo.map { " for \($0)" } ?? "")
            },
            exclusion: excluded ? row?.exclusionReason : nil, alternative: excluded ? row?.exclusionAlternative : nil,
            groupHref: SitePaths.framework(criterion.catalog) + "#" + Slug.fileName(criterion.group),
            groupName: catalog?.group(criterion.group)?.name ?? criterion.group,
            // Restricted controls are offered on request here too, as in the lists.
            controls: controls.map(item) + (view.titleOnlyControls[criterion.key] ?? []).map(stubItem),
            hasControls: !controls.isEmpty || view.titleOnlyControls[criterion.key] != nil, noControls: noControls,
            policies: policies.map(item), hasPolicies: !policies.isEmpty)
        return page(
            path, section: "criteria", title: "\(criterion.id) \(criterion.title)",
            Merged(content, backlinks(to: node, excluding: Set(controls + policies))))
    }

    /// A framework's page: every criterion by group, with coverage for the groups in scope.
    func framework(_ catalog: Catalog) -> T.Page<T.Framework> {
        let scope = view.scope.framework(catalog.id)
        let groups = catalog.groups.map { group in
            let inScope = scope?.groups.contains(group.id) ?? false
            return Merged(
                figures(view.coverage.summary(framework: catalog.id, group: group.id)),
                T.Framework.Group(
                    groupID: Slug.fileName(group.id), name: group.name, inScope: inScope,
                    outOfScope: scope != nil && !inScope,
                    rows: scope != nil && !inScope ? [] : coverageRows(catalog.criteria(in: group.id))))
        }
        let coverage = view.frameworkCoverage.first { $0.catalog.id == catalog.id }
        let soa = StatementOfApplicability(catalog: catalog, coverage: view.coverage, scope: view.scope)
        return page(
            SitePaths.framework(catalog.id), section: "criteria", title: catalog.name,
            T.Framework(
                name: catalog.name, version: catalog.version, inScope: coverage != nil,
                summary: coverage.map(frameworkSummary), groups: groups,
                soa: view.audience == .auditor && soa != nil
                    ? T.Framework.Download(href: SitePaths.statementOfApplicability(catalog.id)) : nil))
    }

    /// The Statement of Applicability, for auditors.
    func statementOfApplicability(_ soa: StatementOfApplicability) -> T.Page<T.StatementOfApplicability> {
        let rows = soa.entries.map { entry in
            T.StatementOfApplicability.Row(
                id: entry.criterion.id, title: entry.criterion.title,
                href: SitePaths.page(for: .criterion(entry.criterion.key)), group: entry.groupName,
                applicable: entry.applicable ? "Yes" : "No", justification: entry.justification,
                status: entry.status.displayName, statusID: entry.status.rawValue,
                controls: entry.controls.enumerated().map { index, control in
                    T.StatementOfApplicability.Control(
                        id: control.id, href: SitePaths.page(for: .document(.control, control.id)),
                        state: control.status.displayName.lowercased(), last: index == entry.controls.count - 1)
                })
        }
        return page(
            SitePaths.statementOfApplicability(soa.catalog.id), section: "criteria",
            title: "Statement of Applicability",
            T.StatementOfApplicability(
                framework: soa.catalog.name, frameworkHref: SitePaths.framework(soa.catalog.id), rows: rows,
                csv: SitePaths.statementOfApplicabilityCSV(soa.catalog.id),
                applicable: soa.entries.filter(\.applicable).count, total: soa.entries.count))
    }

    func criteriaIndex() -> T.Page<T.CriteriaIndex> {
        let others = view.publishedCatalogs.filter { !view.scope.answers(to: $0.id) }.map {
            T.CriteriaIndex.Other(name: $0.name, href: SitePaths.framework($0.id))
        }
        return page(
            SitePaths.criteria, section: "criteria", title: "Criteria and controls",
            T.CriteriaIndex(
                frameworks: view.frameworkCoverage.map(frameworkSummary),
                downloads: view.audience == .auditor
                    ? T.CriteriaIndex.Downloads(csv: SitePaths.coverageCSV, json: SitePaths.coverageJSON) : nil,
                others: others, hasOthers: !others.isEmpty))
    }

    func policiesIndex() -> T.Page<T.PoliciesIndex> {
        let items =
            view.documents.policies.map { item(.document(.policy, $0.header.id)) }
            + view.stubs.filter { $0.kind == .policy }.map(stubItem)
        return page(
            SitePaths.policies, section: "policies", title: "Policies",
            T.PoliciesIndex(policies: items, count: items.count, countLabel: items.count == 1 ? "policy" : "policies"))
    }

    func search() -> T.Page<T.Plain> {
        page(
            SitePaths.search, section: "search", title: "Search",
            scripts: [SitePaths.searchIndex, SitePaths.searchScript], T.Plain(noindex: true))
    }

    func notFound() -> T.Page<T.Plain> {
        page(SitePaths.notFound, section: "", title: "Page not found", T.Plain(noindex: true))
    }

    func controlsIndex() -> T.Page<T.ControlsIndex> {
        let families = controlFamilies()
        let count = view.documents.controls.count + view.stubs.filter { $0.kind == .control }.count
        return page(
            SitePaths.controls, section: "controls", title: "Controls",
            T.ControlsIndex(families: families, count: count, countLabel: count == 1 ? "control" : "controls"))
    }
}
