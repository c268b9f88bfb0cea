import Foundation

/// The files a published site is expected to have besides its pages: sitemap, robots.txt,
/// an Atom feed of policy changes and security.txt. Built from the view, so they can list
/// only what the audience may see; dates come from front matter, never the clock.
enum SiteExtras {
    /// `:root` colours for the brand's accent, light and dark; nil when `site` sets none.
    static func brandStylesheet(_ brand: ProjectConfig.Brand) -> String? {
        guard brand.accent != nil || brand.accentDark != nil else { return nil }
        var css = "/* The organisation's colours, from site.accent and site.accent_dark in assure.yml. */\n"
        if let accent = brand.accent { css += ":root { --accent: \(accent); }\n" }
        if let dark = brand.accentDark ?? brand.accent {
            css += "@media (prefers-color-scheme: dark) { :root { --accent: \(dark); } }\n"
        }
        return css
    }

    static func files(for view: PortalView, pagePaths: [String]) -> [OutputFile] {
        let brand = brandStylesheet(view.config.brand).map { [text(SitePaths.brandStylesheet, $0)] } ?? []
        guard view.audience == .public else {
            // The auditor site is not for search engines, wherever it ends up hosted.
            return [text(SitePaths.robots, "User-agent: *\nDisallow: /\n")] + brand
        }
        var files: [OutputFile] = brand
        let base = view.config.baseURL
        var robots = "User-agent: *\nAllow: /\n"
        if let base {
            robots += "\nSitemap: \(base)/\(SitePaths.sitemap)\n"
            files.append(text(SitePaths.sitemap, sitemap(base: base, pages: pagePaths)))
        }
        files.append(text(SitePaths.robots, robots))
        if let feed = feed(view, base: base) { files.append(text(SitePaths.feed, feed)) }
        if let security = securityTxt(view, base: base) { files.append(text(SitePaths.securityTxt, security)) }
        return files
    }

    private static func text(_ path: String, _ content: String) -> OutputFile {
        OutputFile(path: path, data: Data(content.utf8))
    }

    /// Every page but the error and search pages (nothing of their own to find), by absolute address.
    static func sitemap(base: String, pages: [String]) -> String {
        var lines = [
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
            "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">",
        ]
        for path in pages.sorted() where path != SitePaths.notFound && path != SitePaths.search {
            let address = path == SitePaths.home ? "\(base)/" : "\(base)/\(path)"
            lines.append("  <url><loc>\(XML.escape(address))</loc></url>")
        }
        lines.append("</urlset>")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The latest day any public policy took effect or was reviewed.
    static func latestDate(_ view: PortalView) -> CalendarDate? {
        view.documents.policies.flatMap { [$0.effective, $0.lastReviewed].compactMap { $0 } }.max()
    }

    /// Atom: one entry per public policy version, dated by its review or effective date; nil
    /// when no public policy has a date, since a feed must say when it was last updated.
    static func feed(_ view: PortalView, base: String?) -> String? {
        func stamp(_ date: CalendarDate) -> String { "\(date)T00:00:00Z" }
        func link(_ path: String) -> String {
            guard let base else { return path }
            return path == SitePaths.home ? "\(base)/" : "\(base)/\(path)"
        }
        let entries = view.documents.policies.compactMap { policy -> (CalendarDate, Policy)? in
            guard let date = [policy.effective, policy.lastReviewed].compactMap({ $0 }).max() else { return nil }
            return (date, policy)
        }.sorted { ($0.0, $1.1.header.id) > ($1.0, $0.1.header.id) }
        guard let updated = entries.first?.0 else { return nil }
        let feedID =
            base.map { "\($0)/\(SitePaths.feed)" }
            ?? "urn:assure:\(Slug.urnPart(view.config.organization.name)):updates"
        var lines = [
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>",
            "<feed xmlns=\"http://www.w3.org/2005/Atom\">",
            "  <title>\(XML.escape(view.config.siteTitle)): policy updates</title>",
            "  <id>\(XML.escape(feedID))</id>",
            "  <updated>\(stamp(updated))</updated>",
            "  <author><name>\(XML.escape(view.config.organization.name))</name></author>",
            "  <link rel=\"alternate\" href=\"\(XML.escape(link(SitePaths.home)))\"/>",
        ]
        if let base { lines.append("  <link rel=\"self\" href=\"\(XML.escape("\(base)/\(SitePaths.feed)"))\"/>") }
        for (date, policy) in entries {
            let path = SitePaths.page(for: .document(.policy, policy.header.id))
            let version = policy.version.map { " \($0)" } ?? ""
            var summary = "Version\(version) effective \(policy.effective?.longForm ?? "–")"
            if let reviewed = policy.lastReviewed { summary += ", last reviewed \(reviewed.longForm)" }
            let versionNote = policy.version.map { " (version \($0))" } ?? ""
            let entryVersion = policy.version ?? date.description
            lines += [
                "  <entry>",
                "    <title>\(XML.escape(policy.header.title + versionNote))</title>",
                "    <id>urn:assure:policy:\(XML.escape(policy.header.id)):\(XML.escape(entryVersion))</id>",
                "    <updated>\(stamp(date))</updated>",
                "    <link rel=\"alternate\" href=\"\(XML.escape(link(path)))\"/>",
                "    <summary>\(XML.escape(summary + "."))</summary>",
                "  </entry>",
            ]
        }
        lines.append("</feed>")
        return lines.joined(separator: "\n") + "\n"
    }

    /// RFC 9116. `Expires` is a year after the latest public policy date, else after the end of
    /// the report period, so it stays deterministic; with neither, there is no honest expiry
    /// and no file (`assure check` warns).
    static func securityTxt(_ view: PortalView, base: String?) -> String? {
        let contact = view.config.contact
        guard let address = contact.securityEmail ?? contact.email,
            let expires = (latestDate(view) ?? view.config.report?.periodEnd)?.adding(months: 12)
        else { return nil }
        var lines = ["Contact: mailto:\(address)", "Expires: \(expires)T00:00:00.000Z", "Preferred-Languages: en"]
        if let base {
            lines.append("Canonical: \(base)/\(SitePaths.securityTxt)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
