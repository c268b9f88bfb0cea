import Foundation

/// Builds the values each template sees. Everything here reads a `PortalView`, so a template
/// can show only what the audience filter let through.
struct PageContexts {
    let view: PortalView

    typealias Context = [String: Any]

    // MARK: - Shared

    func site(path: String, section: String) -> Context {
        var nav: [Context] = [
            ["title": "Overview", "href": SitePaths.home, "current": section == "home", "isGroup": false],
            ["title": "Policies", "href": SitePaths.policies, "current": section == "policies", "isGroup": false],
            ["title": "Controls", "href": SitePaths.controls, "current": section == "controls", "isGroup": false],
            ["title": "Criteria", "href": SitePaths.criteria, "current": section == "criteria", "isGroup": false],
        ]
        // Pages with a `menu:` group sit under one menu item, in the order of their first page.
        var groups: [String: Int] = [:]
        for page in view.pages {
            let link: Context = [
                "title": page.header.title, "href": SitePaths.page(for: .document(.page, page.header.id)),
                "current": section == "page:" + page.header.id, "isGroup": false, "items": false,
            ]
            guard let menu = page.menu else {
                nav.append(link)
                continue
            }
            if let index = groups[menu] {
                nav[index]["items"] = ((nav[index]["items"] as? [Context]) ?? []) + [link]
                if section == "page:" + page.header.id { nav[index]["current"] = true }
            } else {
                groups[menu] = nav.count
                nav.append([
                    "title": menu, "href": false, "current": section == "page:" + page.header.id, "isGroup": true,
                    "items": [link],
                ])
            }
        }
        if view.audience == .auditor {
            nav.append([
                "title": "Register", "href": SitePaths.register, "current": section == "register", "isGroup": false,
            ])
            if evidencePeriod != nil {
                nav.append([
                    "title": "Evidence", "href": SitePaths.evidence, "current": section == "evidence", "isGroup": false,
                ])
            }
        }
        nav.append(["title": "Search", "href": SitePaths.search, "current": section == "search", "isGroup": false])
        return [
            "title": view.config.siteTitle,
            "organization": view.config.organization.name,
            "root": SitePaths.root(from: path),
            "nav": nav,
            "isAuditor": view.audience == .auditor,
            "feed": view.hasFeed ? SitePaths.feed as Any : false,
            "contactEmail": view.config.contact.email as Any,
            "logo": view.config.brand.logo.map { SitePaths.asset($0.value) } as Any,
            "favicon": view.config.brand.favicon.map { SitePaths.asset($0.value) } as Any,
            "brandCSS": SiteExtras.brandStylesheet(view.config.brand) != nil ? SitePaths.brandStylesheet : false,
        ]
    }

    /// `scripts`: site-root-relative scripts the page runs; the page's Content-Security-Policy
    /// allows scripts from the site itself only when there are some.
    func page(
        _ path: String, section: String, title: String, description: String? = nil, scripts: [String] = [],
        _ content: Context
    ) -> Context {
        var context = content
        context["site"] = site(path: path, section: section)
        context["page"] =
            [
                "title": title, "description": description as Any, "scripts": scripts, "hasScripts": !scripts.isEmpty,
            ] as Context
        return Self.removingNils(context)
    }

    /// Mustache would print a missing optional as "nil", and a missing key would be looked up
    /// in the enclosing context (a policy's summary showing under each of its controls). So
    /// every absent value becomes `false`: present, and empty in a `{{#section}}`.
    /// Casting from `Any` unwraps a present optional, so the common types come first and come
    /// out unwrapped; only an absent value, or a present one of another type, is left for
    /// `OptionalValue`. (A `Mirror` per value cost a tenth of an auditor build.)
    static func removingNils(_ value: Any) -> Any {
        switch value {
        case let text as String: text
        case let flag as Bool: flag
        case let number as Int: number
        case let dictionary as Context: removingNils(dictionary)
        case let array as [Context]: array.map { removingNils($0) }
        case let optional as any OptionalValue: optional.wrappedValue.map { removingNils($0) } ?? false
        default: value
        }
    }

    static func removingNils(_ dictionary: Context) -> Context {
        var result: Context = [:]
        for (key, value) in dictionary { result[key] = removingNils(value) }
        return result
    }

    /// A document or criterion in a list. Every key `doc-item` reads is set, so no value can
    /// come from the enclosing page.
    func item(_ node: NodeRef) -> Context {
        var entry: Context = ["title": node.id, "href": false, "summary": false, "status": false, "statusID": false]
        entry.merge(itemDetails(node)) { $1 }
        return entry
    }

    private func itemDetails(_ node: NodeRef) -> Context {
        switch node {
        case .document(.policy, let id):
            guard let policy = view.policy(id) else { return [:] }
            return [
                "title": policy.header.title, "href": SitePaths.page(for: node),
                "summary": policy.header.summary as Any,
            ]
        case .document(.control, let id):
            guard let control = view.control(id) else { return [:] }
            return [
                "title": "\(control.header.id) \(control.header.title)", "href": SitePaths.page(for: node),
                "summary": control.header.summary as Any,
                "status": control.status.displayName, "statusID": control.status.rawValue,
            ]
        case .document(.page, let id):
            guard let page = view.page(id) else { return [:] }
            return ["title": page.header.title, "href": SitePaths.page(for: node)]
        case .criterion(let key):
            guard let criterion = view.catalog[key] else { return [:] }
            return [
                "title": "\(criterion.id) \(criterion.title)",
                "href": view.publishes(criterion: key) ? SitePaths.page(for: node) : false,
            ]
        }
    }

    func stubItem(_ stub: DocumentStub) -> Context {
        [
            "title": stub.title, "href": false, "summary": false, "status": false, "statusID": false,
            "request": requestAccess(stub) as Any,
        ]
    }

    /// Where a reader asks for a restricted document: the project's form with the document's ID,
    /// else an e-mail to the contact address whose subject names it.
    func requestAccess(_ stub: DocumentStub) -> String? {
        let contact = view.config.contact
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        func encoded(_ text: String) -> String { text.addingPercentEncoding(withAllowedCharacters: allowed) ?? "" }
        if let form = contact.requestAccess {
            return form + (form.contains("?") ? "&" : "?") + "document=" + encoded(stub.id)
        }
        return contact.email.map { "mailto:\($0)?subject=" + encoded("Request access: \(stub.id) \(stub.title)") }
    }

    func backlinks(to node: NodeRef, excluding: Set<NodeRef> = []) -> Context {
        let items: [Context] = view.links.referrers(of: node).filter { !excluding.contains($0) }.map { source in
            var entry = item(source)
            switch source {
            case .document(let kind, _): entry["kind"] = kind.displayName
            case .criterion: entry["kind"] = "criterion"
            }
            return entry
        }
        return ["backlinks": items, "hasBacklinks": !items.isEmpty]
    }

    func links(_ nodes: [NodeRef]) -> [Context] {
        nodes.enumerated().map { index, node in
            var shown = true
            if case .criterion(let key) = node { shown = view.publishes(criterion: key) }
            return [
                "text": view.title(of: node) ?? node.id, "href": shown ? SitePaths.page(for: node) : false,
                "last": index == nodes.count - 1,
            ]
        }
    }

    /// The criteria a document lists, one meta row per framework ("SOC 2 criteria").
    func criteriaMeta(_ criteria: [Located<String>]) -> [Context] {
        let criteria = criteria.compactMap { view.catalog.criterion(written: $0.value) }
        return view.catalog.catalogs.compactMap { catalog in
            let mine = criteria.filter { $0.catalog == catalog.id }.map { NodeRef.criterion($0.key) }
            return meta("\(catalog.shortName) criteria", links: mine)
        }
    }

    /// A document's revision history, or why there is none.
    func history(_ header: DocumentHeader) -> Context {
        guard let all = view.history else {
            return [
                "history": [
                    "entries": false, "hasEntries": false, "detailed": false,
                    "note": "Revision history is not available: the content is not in a git repository.",
                ] as Context
            ]
        }
        let revisions = all[header.path] ?? []
        let entries: [Context] = revisions.map {
            ["date": $0.date.description, "commit": $0.shortCommit, "author": $0.author, "subject": $0.subject]
        }
        return [
            "history": [
                "entries": entries, "hasEntries": !entries.isEmpty, "detailed": view.audience == .auditor,
                "note": "This document has not been committed yet.",
            ] as Context,
            "lastChanged": revisions.first?.date.longForm as Any,
        ]
    }

    func meta(_ label: String, _ value: String?) -> Context? {
        guard let value, !value.isEmpty else { return nil }
        return ["label": label, "value": value, "links": false, "wide": false]
    }

    func meta(_ label: String, links nodes: [NodeRef]) -> Context? {
        nodes.isEmpty ? nil : ["label": label, "links": links(nodes), "value": false, "wide": true]
    }

    // MARK: - Coverage

    func coverageRows(_ criteria: [Criterion]) -> [Context] {
        criteria.compactMap { criterion in
            guard let row = view.coverage.row(criterion.key) else { return nil }
            let controls: [Context] = row.controls.enumerated().map { index, control in
                // On the auditor site, an implemented control with stretches of the period
                // that have no record says so beside its ID.
                let missingEvidence =
                    view.audience == .auditor && control.status == .implemented
                    && view.control(control.id).flatMap(evidenceSchedule).map { !$0.gaps.isEmpty } == true
                return [
                    "id": control.id, "title": view.control(control.id)?.header.title ?? control.id,
                    "href": SitePaths.page(for: .document(.control, control.id)),
                    "open": control.status != .implemented || missingEvidence,
                    "state": missingEvidence ? "evidence missing" : control.status.displayName.lowercased(),
                    "last": index == row.controls.count - 1,
                ]
            }
            return [
                "id": criterion.id, "title": criterion.title, "href": SitePaths.page(for: .criterion(criterion.key)),
                "status": row.inScope ? row.status.displayName : "Not in scope",
                "statusID": row.inScope ? row.status.rawValue : "out-of-scope",
                "controls": controls, "exclusion": row.exclusionReason as Any,
                "hiddenControls": controls.isEmpty && (row.status == .covered || row.status == .gap),
            ]
        }
    }

    /// Figures of a summary, with zero counts as `false` so a template can leave them out.
    func figures(_ summary: CoverageMatrix.Summary) -> Context {
        [
            "total": summary.total, "addressed": summary.addressed, "covered": summary.covered,
            "excluded": summary.excluded > 0 ? summary.excluded : false,
            "open": summary.open > 0 ? summary.open : false,
        ]
    }

    /// A framework in scope, for cards and lists.
    func frameworkSummary(_ coverage: FrameworkCoverage) -> Context {
        var context = figures(coverage.summary)
        context.merge([
            "name": coverage.catalog.shortName, "fullName": coverage.catalog.name,
            "frameworkID": Slug.fileName(coverage.catalog.id), "href": SitePaths.framework(coverage.catalog.id),
            "groups": coverage.selectedGroups.isEmpty ? false : coverage.selectedGroups,
            // Until an auditor has reported, the figures are the organisation's own.
            "selfAssessed": view.config.report?.status != .issued,
        ]) { $1 }
        return context
    }

    // MARK: - Pages

    func home() -> Context {
        let config = view.config
        var report: Context?
        if let details = config.report {
            var period: String?
            var periodLabel = "Period"
            if details.type == .type2, let start = details.periodStart, let end = details.periodEnd {
                period = "\(start.longForm) – \(end.longForm)"
            } else if let end = details.periodEnd {
                period = end.longForm
                periodLabel = "As of"
            }
            report = [
                "type": details.type.displayName, "status": details.status.displayName,
                "statusID": details.status.rawValue, "period": period as Any, "periodLabel": periodLabel,
                "auditor": details.auditor as Any, "issued": details.issued?.longForm as Any,
            ]
        }
        let families = controlFamilies()
        let policies =
            view.policies.map { item(.document(.policy, $0.header.id)) }
            + view.stubs.filter { $0.kind == .policy }.map(stubItem)
        let faq: [Context] = view.data.faq.map {
            [
                "question": $0.question,
                "answer": BodyHTML.render($0.answer, links: view.referenceLinks(of: $0.answer), root: ""),
            ]
        }
        let subprocessors: [Context] = view.data.subprocessors.map {
            ["name": $0.name, "purpose": $0.purpose, "data": $0.data ?? "", "location": $0.location ?? ""]
        }
        let certifications: [Context] = view.data.certifications.map {
            ["name": $0.name, "status": $0.status, "description": $0.description as Any]
        }
        let contact = config.contact
        return page(
            SitePaths.home, section: "home", title: "Overview",
            description: config.organization.description,
            [
                "organization": [
                    "name": config.organization.name, "description": config.organization.description as Any,
                ] as Context,
                "report": report as Any,
                "frameworks": view.frameworkCoverage.map(frameworkSummary),
                "families": families, "hasFamilies": !families.isEmpty,
                "policies": policies, "hasPolicies": !policies.isEmpty,
                "subprocessors": subprocessors, "hasSubprocessors": !subprocessors.isEmpty,
                "certifications": certifications, "hasCertifications": !certifications.isEmpty,
                "faq": faq, "hasFAQ": !faq.isEmpty,
                "contact": [
                    "email": contact.email as Any, "securityEmail": contact.securityEmail as Any,
                    "url": contact.url as Any,
                ] as Context,
                "hasContact": contact.email != nil || contact.securityEmail != nil || contact.url != nil,
            ])
    }

    /// The controls this site lists, shown and title-only alike, by family: the known families
    /// first, in their order, then the others by name; each with its counts.
    func controlFamilies() -> [Context] {
        let known = ControlFamily.known.map(\.id)
        func rank(_ family: String) -> (Int, String) { (known.firstIndex(of: family) ?? known.count, family) }
        let shown = Dictionary(grouping: view.controls, by: \.family)
        let stubs = Dictionary(grouping: view.stubs.filter { $0.kind == .control }, by: { $0.family ?? "other" })
        return Set(shown.keys).union(stubs.keys).sorted { rank($0) < rank($1) }.map { family in
            let full = (shown[family] ?? []).map { item(.document(.control, $0.header.id)) }
            let titles = (stubs[family] ?? []).map(stubItem)
            let count = full.count + titles.count
            return [
                "name": ControlFamily.displayName(family), "familyID": Slug.fileName(family),
                "controls": full + titles, "count": count, "countLabel": count == 1 ? "control" : "controls",
                "shown": full.count, "hasShown": !full.isEmpty,
                "onRequest": titles.isEmpty ? false : titles.count,
            ]
        }
    }

    /// "18 controls implement this policy: 3 shown here, 15 available on request." Controls
    /// this site shows nothing of are not counted.
    func implementationCount(_ policy: Policy, shown: Int) -> Any {
        let onRequest = view.restrictedControlCounts[policy.header.id] ?? 0
        let total = shown + onRequest
        guard total > 0 else { return false }
        var text = "\(total) control\(total == 1 ? "" : "s") implement\(total == 1 ? "s" : "") this policy"
        if onRequest > 0 { text += ": \(shown) shown here, \(onRequest) available on request" }
        return text + "."
    }

    func policy(_ policy: Policy) -> Context {
        let node = NodeRef.document(.policy, policy.header.id)
        let path = SitePaths.page(for: node)
        let implementing = view.links.referrers(of: node, by: .implements)
        let label = DocumentKind.policy.label
        let meta: [Context] =
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
        let toc: [Context] = policy.body.headings.filter { $0.level == 2 || $0.level == 3 }.map {
            ["level": $0.level, "anchor": $0.anchor, "text": $0.text]
        }
        var context: Context = [
            "id": policy.header.id, "title": policy.header.title, "summary": policy.header.summary as Any,
            "meta": meta,
            "body": BodyHTML.render(
                policy.body, links: view.referenceLinks(of: policy.body), root: SitePaths.root(from: path)),
            "toc": toc, "hasToc": toc.count >= 3,
            "controls": implementing.map(item),
            "hasControls": !implementing.isEmpty || view.restrictedControlCounts[policy.header.id] != nil,
            "controlCount": implementationCount(policy, shown: implementing.count),
        ]
        context.merge(backlinks(to: node, excluding: Set(implementing))) { $1 }
        context.merge(history(policy.header)) { $1 }
        return page(path, section: "policies", title: policy.header.title, description: policy.header.summary, context)
    }

    func control(_ control: ControlNarrative) -> Context {
        let node = NodeRef.document(.control, control.header.id)
        let path = SitePaths.page(for: node)
        let label = DocumentKind.control.label
        let meta: [Context] =
            [
                self.meta(label("id"), control.header.id),
                self.meta(label("owner"), control.owner),
                self.meta(label("status"), control.status.displayName),
                self.meta(label("frequency"), control.frequency?.displayName),
                self.meta(label("family"), ControlFamily.displayName(control.family)),
                self.meta("Last changed", view.history?[control.header.path]?.first?.date.longForm),
                view.audience == .auditor ? self.meta(label("audience"), control.header.audience.rawValue) : nil,
            ].compactMap { $0 } + criteriaMeta(control.criteria)
            + [self.policyMeta(control), evidenceMeta(control)].compactMap { $0 }
        var context: Context = [
            "id": control.header.id, "title": control.header.title, "summary": control.header.summary as Any,
            "family": ControlFamily.displayName(control.family),
            "status": control.status.displayName, "statusID": control.status.rawValue,
            "meta": meta,
            "body": BodyHTML.render(
                control.body, links: view.referenceLinks(of: control.body), root: SitePaths.root(from: path)),
            "evidence": control.evidence, "hasEvidence": !control.evidence.isEmpty,
        ]
        context.merge(backlinks(to: node)) { $1 }
        context.merge(history(control.header)) { $1 }
        return page(
            path, section: "controls", title: control.header.title, description: control.header.summary, context)
    }

    /// A control's policies: linked when shown in full, by title when restricted.
    private func policyMeta(_ control: ControlNarrative) -> Context? {
        let items: [Context] = control.policies.enumerated().map { index, item in
            let last = index == control.policies.count - 1
            if let policy = view.policy(item.value) {
                return [
                    "text": policy.header.title, "href": SitePaths.page(for: .document(.policy, item.value)),
                    "last": last,
                ]
            }
            return ["text": item.value, "href": false, "last": last]
        }
        let stubs: [Context] = (view.restrictedPolicies[control.header.id] ?? []).map {
            ["text": "\($0) (available on request)", "href": false, "last": false]
        }
        var all = items + stubs
        for index in all.indices { all[index]["last"] = index == all.count - 1 }
        return all.isEmpty
            ? nil : ["label": DocumentKind.control.label("policies"), "links": all, "value": false, "wide": true]
    }

    func page(_ page: Page) -> Context {
        let node = NodeRef.document(.page, page.header.id)
        let path = SitePaths.page(for: node)
        var context: Context = [
            "title": page.header.title, "summary": page.header.summary as Any,
            "body": BodyHTML.render(
                page.body, links: view.referenceLinks(of: page.body), root: SitePaths.root(from: path)),
        ]
        context.merge(backlinks(to: node)) { $1 }
        context.merge(history(page.header)) { $1 }
        return self.page(
            path, section: "page:" + page.header.id, title: page.header.title,
            description: page.header.summary, context)
    }

    func criterion(_ criterion: Criterion) -> Context {
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
        let inScope = row?.inScope ?? false
        var noControls = "No control addresses this criterion."
        if row?.status == .covered || row?.status == .gap {
            noControls = "The controls that address this criterion are documented for auditors."
        } else if row?.status == .excluded {
            noControls = "None: the criterion is excluded from scope."
        }
        let groupName = catalog?.group(criterion.group)?.name ?? criterion.group
        var context: Context = [
            "id": criterion.id, "title": criterion.title, "series": criterion.series,
            "catalog": catalog?.name ?? criterion.catalog, "framework": catalog?.shortName ?? criterion.catalog,
            "text": criterion.text as Any, "inScope": inScope,
            "status": row?.status.displayName ?? "", "statusID": row?.status.rawValue ?? "",
            "implementation": criterion.implementation.map { implementation in
                implementation.rawValue.capitalized + (criterion.appliesTo.map { " for \($0)" } ?? "")
            } as Any,
            "exclusion": (row?.status == .excluded ? row?.exclusionReason : nil) as Any,
            "alternative": (row?.status == .excluded ? row?.exclusionAlternative : nil) as Any,
            "groupHref": SitePaths.framework(criterion.catalog) + "#" + Slug.fileName(criterion.group),
            "groupName": groupName,
            "controls": controls.map(item), "hasControls": !controls.isEmpty, "noControls": noControls,
            "policies": policies.map(item), "hasPolicies": !policies.isEmpty,
        ]
        context.merge(backlinks(to: node, excluding: Set(controls + policies))) { $1 }
        return page(path, section: "criteria", title: "\(criterion.id) \(criterion.title)", context)
    }

    /// A framework's page: every criterion by group, with coverage for the groups in scope.
    func framework(_ catalog: Catalog) -> Context {
        let scope = view.scope.framework(catalog.id)
        let groups: [Context] = catalog.groups.map { group in
            var entry = figures(view.coverage.summary(framework: catalog.id, group: group.id))
            entry.merge([
                "groupID": Slug.fileName(group.id), "name": group.name,
                "inScope": scope?.groups.contains(group.id) ?? false,
                "rows": coverageRows(catalog.criteria(in: group.id)),
            ]) { $1 }
            return entry
        }
        let coverage = view.frameworkCoverage.first { $0.catalog.id == catalog.id }
        let soa = StatementOfApplicability(catalog: catalog, coverage: view.coverage, scope: view.scope)
        let path = SitePaths.framework(catalog.id)
        return page(
            path, section: "criteria", title: catalog.name,
            [
                "name": catalog.name, "version": catalog.version as Any, "inScope": coverage != nil,
                "summary": coverage.map(frameworkSummary) as Any, "groups": groups,
                "soa": view.audience == .auditor && soa != nil
                    ? ["href": SitePaths.statementOfApplicability(catalog.id)] as Context : false,
            ])
    }

    /// The Statement of Applicability, for auditors.
    func statementOfApplicability(_ soa: StatementOfApplicability) -> Context {
        let rows: [Context] = soa.entries.map { entry in
            let controls: [Context] = entry.controls.enumerated().map { index, control in
                [
                    "id": control.id, "href": SitePaths.page(for: .document(.control, control.id)),
                    "state": control.status.displayName.lowercased(), "last": index == entry.controls.count - 1,
                ]
            }
            return [
                "id": entry.criterion.id, "title": entry.criterion.title,
                "href": SitePaths.page(for: .criterion(entry.criterion.key)), "group": entry.groupName,
                "applicable": entry.applicable ? "Yes" : "No", "justification": entry.justification,
                "status": entry.status.displayName, "statusID": entry.status.rawValue, "controls": controls,
            ]
        }
        return page(
            SitePaths.statementOfApplicability(soa.catalog.id), section: "criteria",
            title: "Statement of Applicability",
            [
                "framework": soa.catalog.name, "frameworkHref": SitePaths.framework(soa.catalog.id), "rows": rows,
                "csv": SitePaths.statementOfApplicabilityCSV(soa.catalog.id),
                "applicable": soa.entries.filter(\.applicable).count, "total": soa.entries.count,
            ])
    }

    func criteriaIndex() -> Context {
        let inScope = view.frameworkCoverage.map(frameworkSummary)
        let others: [Context] = view.publishedCatalogs.filter { !view.scope.answers(to: $0.id) }.map {
            ["name": $0.name, "href": SitePaths.framework($0.id)]
        }
        return page(
            SitePaths.criteria, section: "criteria", title: "Criteria and controls",
            [
                "frameworks": inScope,
                "downloads": view.audience == .auditor
                    ? ["csv": SitePaths.coverageCSV, "json": SitePaths.coverageJSON] as Context : false,
                "others": others, "hasOthers": !others.isEmpty,
            ])
    }

    // MARK: - Evidence (auditor site)

    /// The report period the evidence is judged over: Type I, its one date.
    var evidencePeriod: (start: CalendarDate, end: CalendarDate, typeI: Bool)? {
        guard let report = view.config.report, let end = report.periodEnd else { return nil }
        return (report.type == .type1 ? end : report.periodStart ?? end, end, report.type == .type1)
    }

    /// A control's occurrences over the whole period. Pages never depend on the day they are
    /// built, so a stretch with no record reads "no record", never "not yet due".
    func evidenceSchedule(_ control: ControlNarrative) -> EvidenceSchedule? {
        guard control.status == .implemented, let frequency = control.frequency, let period = evidencePeriod else {
            return nil
        }
        let records = (view.evidence[control.header.id]?.records ?? []).filter {
            $0.to >= period.start && $0.from <= period.end
        }
        return EvidenceSchedule(
            slots: EvidenceSchedule.slots(for: frequency, start: period.start, end: period.end, typeI: period.typeI),
            records: records, asOf: period.end.adding(days: 1))
    }

    func recordContext(_ record: EvidenceRecord, control: String) -> Context {
        [
            "performed": record.performed.description, "from": record.from.description, "to": record.to.description,
            "performer": record.performer, "reviewer": record.reviewer ?? "", "result": record.result.rawValue,
            "isException": record.result == .exception, "exception": record.exception ?? "",
            "remediation": record.remediation ?? "", "control": control,
            "controlHref": SitePaths.evidence(for: control),
            "artifacts": record.artifacts.map { artifact -> Context in
                [
                    "name": String(artifact.value.split(separator: "/").last ?? ""),
                    "href": SitePaths.asset(artifact.value),
                ]
            },
        ]
    }

    /// On the auditor site, a control's page links to its evidence.
    func evidenceMeta(_ control: ControlNarrative) -> Context? {
        guard view.audience == .auditor, let schedule = evidenceSchedule(control) else { return nil }
        let link: Context = [
            "text": evidenceSummary(schedule), "href": SitePaths.evidence(for: control.header.id), "last": true,
        ]
        return ["label": "Evidence", "links": [link], "value": false, "wide": false]
    }

    /// "6 of 6 collected" for a control with a schedule.
    func evidenceSummary(_ schedule: EvidenceSchedule) -> String {
        let collected = schedule.entries.filter { $0.status == .collected }.count
        return "\(collected) of \(schedule.entries.count) collected"
    }

    func evidenceIndex() -> Context {
        let rows: [Context] = view.controls.compactMap { control in
            guard let schedule = evidenceSchedule(control) else { return nil }
            let records = schedule.entries.flatMap(\.records)
            return [
                "id": control.header.id, "title": control.header.title,
                "href": SitePaths.evidence(for: control.header.id),
                "frequency": control.frequency?.displayName ?? "", "summary": evidenceSummary(schedule),
                "gaps": schedule.gaps.count, "hasGaps": !schedule.gaps.isEmpty,
                "records": Set(records).count,
                "exceptions": Set(records.filter { $0.result == .exception }).count,
            ]
        }
        let period = evidencePeriod.map {
            $0.typeI ? "as of \($0.end.longForm)" : "\($0.start.longForm) – \($0.end.longForm)"
        }
        return page(
            SitePaths.evidence, section: "evidence", title: "Evidence of operation",
            [
                "period": period ?? "", "rows": rows, "count": rows.count,
                "gapCount": rows.filter { $0["hasGaps"] as? Bool == true }.count,
                "exceptionsHref": SitePaths.exceptions,
            ])
    }

    func controlEvidence(_ control: ControlNarrative) -> Context {
        let id = control.header.id
        let schedule = evidenceSchedule(control)
        let entries: [Context] = (schedule?.entries ?? []).map { entry in
            [
                "label": entry.slot.label, "from": entry.slot.from.description, "to": entry.slot.to.description,
                "collected": entry.status == .collected,
                "records": entry.records.map { recordContext($0, control: id) },
            ]
        }
        let population = (view.evidence[id]?.records ?? []).map { recordContext($0, control: id) }
        return page(
            SitePaths.evidence(for: id), section: "evidence", title: "Evidence: \(id) \(control.header.title)",
            [
                "id": id, "title": control.header.title, "href": SitePaths.page(for: .document(.control, id)),
                "frequency": control.frequency?.displayName ?? "", "summary": schedule.map(evidenceSummary) ?? "",
                "entries": entries, "population": population, "count": population.count,
                "csv": SitePaths.population(for: id), "source": view.evidence[id]?.path ?? "",
            ])
    }

    func exceptions() -> Context {
        let rows: [Context] = view.controls.flatMap { control in
            (view.evidence[control.header.id]?.records ?? []).filter { $0.result == .exception }.map {
                var row = recordContext($0, control: control.header.id)
                row["title"] = control.header.title
                return row
            }
        }
        return page(
            SitePaths.exceptions, section: "evidence", title: "Exceptions",
            ["rows": rows, "count": rows.count, "hasRows": !rows.isEmpty])
    }

    func policiesIndex() -> Context {
        let items =
            view.policies.map { item(.document(.policy, $0.header.id)) }
            + view.stubs.filter { $0.kind == .policy }.map(stubItem)
        return page(
            SitePaths.policies, section: "policies", title: "Policies",
            [
                "policies": items, "count": items.count, "countLabel": items.count == 1 ? "policy" : "policies",
            ])
    }

    /// The auditor's document register: the revision details of every document shown.
    func register() -> Context {
        var rows: [(key: String, row: Context)] = []
        func row(
            _ header: DocumentHeader, owner: String? = nil, version: String? = nil, effective: CalendarDate? = nil,
            lastReviewed: CalendarDate? = nil, nextReview: CalendarDate? = nil, approvedBy: String? = nil,
            status: String? = nil
        ) {
            rows.append(
                (
                    "\(DocumentKind.allCases.firstIndex(of: header.kind)!)/" + header.id,
                    [
                        "id": header.id, "title": header.title, "kind": header.kind.displayName,
                        "href": SitePaths.page(for: .document(header.kind, header.id)),
                        "owner": owner ?? "", "version": version ?? "", "effective": effective?.description ?? "",
                        "lastReviewed": lastReviewed?.description ?? "", "nextReview": nextReview?.description ?? "",
                        "approvedBy": approvedBy ?? "", "status": status ?? "", "audience": header.audience.rawValue,
                        "path": header.path, "lastChanged": view.history?[header.path]?.first?.date.description ?? "",
                        "lastCommit": view.history?[header.path]?.first?.shortCommit ?? "",
                        "evidence": false, "evidenceHref": false,
                    ]
                ))
        }
        for policy in view.policies {
            row(
                policy.header, owner: policy.owner, version: policy.version, effective: policy.effective,
                lastReviewed: policy.lastReviewed, nextReview: policy.nextReview, approvedBy: policy.approvedBy)
        }
        for control in view.controls {
            row(control.header, owner: control.owner, status: control.status.rawValue)
            if let schedule = evidenceSchedule(control) {
                rows[rows.count - 1].row["evidence"] = evidenceSummary(schedule)
                rows[rows.count - 1].row["evidenceHref"] = SitePaths.evidence(for: control.header.id)
            }
        }
        for page in view.pages { row(page.header) }
        let documents = rows.sorted { $0.key < $1.key }.map(\.row)
        return page(
            SitePaths.register, section: "register", title: "Document register",
            [
                "documents": documents, "count": documents.count,
            ])
    }

    func search() -> Context {
        page(
            SitePaths.search, section: "search", title: "Search",
            scripts: [SitePaths.searchIndex, SitePaths.searchScript], ["noindex": true])
    }

    func notFound() -> Context {
        page(SitePaths.notFound, section: "", title: "Page not found", ["noindex": true])
    }

    func controlsIndex() -> Context {
        let families = controlFamilies()
        let count = view.controls.count + view.stubs.filter { $0.kind == .control }.count
        return page(
            SitePaths.controls, section: "controls", title: "Controls",
            [
                "families": families, "count": count, "countLabel": count == 1 ? "control" : "controls",
            ])
    }
}

/// An optional of any wrapped type, seen through `Any`.
protocol OptionalValue {
    var wrappedValue: Any? { get }
}

extension Optional: OptionalValue {
    var wrappedValue: Any? { map { $0 as Any } }
}
