/// The part of every page's context the layout shows around it: the site's name, the menu,
/// the way back to the root.
extension PageContexts {
    func site(path: String, section: String) -> T.Site {
        func link(_ title: String, _ href: String, _ id: String) -> T.NavItem {
            T.NavItem(title: title, href: href, current: section == id, isGroup: false)
        }
        var nav = [
            link("Overview", SitePaths.home, "home"), link("Policies", SitePaths.policies, "policies"),
            link("Controls", SitePaths.controls, "controls"), link("Criteria", SitePaths.criteria, "criteria"),
        ]
        // Pages with a `menu:` group sit under one menu item, in the order of their first page.
        var groups: [String: Int] = [:]
        for page in view.documents.pages {
            let item = link(
                page.header.title, SitePaths.page(for: .document(.page, page.header.id)), "page:" + page.header.id)
            guard let menu = page.menu else {
                nav.append(item)
                continue
            }
            if let index = groups[menu] {
                nav[index].items?.append(item)
                if item.current { nav[index].current = true }
            } else {
                groups[menu] = nav.count
                nav.append(T.NavItem(title: menu, current: item.current, isGroup: true, items: [item]))
            }
        }
        if view.showsAnswers { nav.append(link("Answers", SitePaths.answers, "answers")) }
        if view.audience == .auditor {
            nav.append(link("Register", SitePaths.register, "register"))
            if evidencePeriod != nil { nav.append(link("Evidence", SitePaths.evidence, "evidence")) }
        }
        if view.hasUpdates { nav.append(link("Updates", SitePaths.updates, "updates")) }
        nav.append(link("Search", SitePaths.search, "search"))
        return T.Site(
            title: view.config.siteTitle, organization: view.config.organization.name,
            root: root(from: path), nav: nav, isAuditor: view.audience == .auditor,
            feed: view.hasFeed ? SitePaths.feed : nil, contactEmail: view.config.contact.email,
            logo: view.config.brand.logo.map { SitePaths.asset($0.value) },
            favicon: view.config.brand.favicon.map { SitePaths.asset($0.value) },
            brandCSS: SiteExtras.brandStylesheet(view.config.brand) != nil ? SitePaths.brandStylesheet : nil,
            readiness: readiness)
    }

    /// The readiness stamp of a site with open criteria, or nil.
    static func readiness(openCriteria: Int) -> String? {
        guard openCriteria > 0 else { return nil }
        return "Readiness: \(openCriteria) \(openCriteria == 1 ? "criterion" : "criteria") in scope "
            + "\(openCriteria == 1 ? "is" : "are") not yet met. This programme has not completed an audit of them."
    }
}
