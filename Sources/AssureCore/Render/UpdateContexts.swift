import Foundation

extension TemplateContext {
    /// `updates.mustache`: what recent commits changed, and subprocessors with a start date.
    struct Updates: Encodable {
        var entries: [UpdateItem]
        var hasEntries: Bool
        var upcoming: [Upcoming]
        var hasUpcoming: Bool
        var feed: String?
    }

    struct UpdateItem: Encodable {
        var anchor: String
        var date: String
        var datetime: String
        var commit: String
        var changes: [UpdateLine]
    }

    struct UpdateLine: Encodable {
        var text: String
        var href: String?
    }

    struct Upcoming: Encodable {
        var name: String
        var purpose: String
        var from: String
        var datetime: String
    }
}

extension PageContexts {
    func updatesPage() -> T.Page<T.Updates> {
        let path = SitePaths.updates
        let entries = view.updates.map { update in
            T.UpdateItem(
                anchor: UpdateFeed.anchor(update), date: CalendarDate(update.date).longForm,
                datetime: update.date.utcTimestamp, commit: String(update.commit.prefix(10)),
                changes: update.changes.map { T.UpdateLine(text: $0.text, href: $0.node.map(SitePaths.page(for:))) })
        }
        let upcoming = view.data.subprocessors.compactMap { item in
            item.effective.map {
                T.Upcoming(name: item.name, purpose: item.purpose, from: $0.longForm, datetime: $0.description)
            }
        }
        return page(
            path, section: "updates", title: "Updates",
            description: "What changed in \(view.config.organization.name)'s security programme, from its history.",
            T.Updates(
                entries: entries, hasEntries: !entries.isEmpty, upcoming: upcoming, hasUpcoming: !upcoming.isEmpty,
                feed: view.hasFeed ? SitePaths.feed : nil))
    }
}

/// The Atom feed of the updates page (RFC 4287): one entry per commit, newest first, dated by
/// the commit; the same commit builds the same feed.
enum UpdateFeed {
    /// The newest entries the feed carries; the page lists them all.
    static let limit = 50

    static func anchor(_ update: ShownUpdate) -> String { "c-" + update.commit.prefix(10) }

    /// A tag URI (RFC 4151) from the site's host and the commit, stable across builds; without
    /// a `base_url`, a URN of the organisation's name and the commit.
    static func entryID(_ update: ShownUpdate, config: ProjectConfig) -> String {
        if let base = config.baseURL, let host = URLComponents(string: base)?.host {
            return "tag:\(host),\(CalendarDate(update.date)):updates/\(update.commit)"
        }
        return "urn:assure:\(Slug.urnPart(config.organization.name)):update:\(update.commit)"
    }

    /// The feed, or nil when there is nothing to tell yet (a feed must say when it was updated).
    static func atom(_ view: PortalView, base: String?) -> String? {
        guard view.hasFeed, let newest = view.updates.first else { return nil }
        func link(_ path: String) -> String { base.map { "\($0)/\(path)" } ?? path }
        let config = view.config
        let feedID =
            base.map { "\($0)/\(SitePaths.feed)" } ?? "urn:assure:\(Slug.urnPart(config.organization.name)):updates"
        var lines = [
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>",
            "<feed xmlns=\"http://www.w3.org/2005/Atom\">",
            "  <title>\(XML.escape(config.siteTitle)): updates</title>",
            "  <id>\(XML.escape(feedID))</id>",
            "  <updated>\(newest.date.utcTimestamp)</updated>",
            "  <author><name>\(XML.escape(config.organization.name))</name></author>",
            "  <link rel=\"alternate\" href=\"\(XML.escape(link(SitePaths.updates)))\"/>",
        ]
        if let base { lines.append("  <link rel=\"self\" href=\"\(XML.escape("\(base)/\(SitePaths.feed)"))\"/>") }
        for update in view.updates.prefix(limit) {
            let items = update.changes.map { change in
                let text = XML.escape(change.text)
                return "<li>"
                    + (change.node.map { "<a href=\"\(XML.escape(link(SitePaths.page(for: $0))))\">\(text)</a>" }
                        ?? text) + "</li>"
            }
            lines += [
                "  <entry>",
                "    <title>\(XML.escape(update.title))</title>",
                "    <id>\(XML.escape(entryID(update, config: config)))</id>",
                "    <updated>\(update.date.utcTimestamp)</updated>",
                "    <link rel=\"alternate\" href=\"\(XML.escape(link(SitePaths.updates) + "#" + anchor(update)))\"/>",
                "    <content type=\"html\">\(XML.escape("<ul>" + items.joined() + "</ul>"))</content>",
                "  </entry>",
            ]
        }
        lines.append("</feed>")
        return lines.joined(separator: "\n") + "\n"
    }
}
