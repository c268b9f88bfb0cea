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
        let feed = UpdateFeed.atom(view, base: view.config.baseURL).map { [text(SitePaths.feed, $0)] } ?? []
        guard view.audience == .public else {
            // The auditor site is not for search engines, wherever it ends up hosted.
            return [text(SitePaths.robots, "User-agent: *\nDisallow: /\n")] + brand + feed
        }
        var files: [OutputFile] = brand
        let base = view.config.baseURL
        var robots = "User-agent: *\nAllow: /\n"
        if let base {
            robots += "\nSitemap: \(base)/\(SitePaths.sitemap)\n"
            files.append(text(SitePaths.sitemap, sitemap(base: base, pages: pagePaths)))
        }
        files.append(text(SitePaths.robots, robots))
        files += feed
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
