import Foundation

/// What the build did with the access grants, for its summary.
public struct AccessSummary: Sendable, Hashable {
    public struct Published: Sendable, Hashable {
        public var id: String
        public var pages: Int
    }
    /// Grants whose pages were published, and how many pages each has.
    public var published: [Published] = []
    /// Live grants not published because the build had no secret.
    public var withoutSecret: [String] = []
    /// Grants past their `expires` date or not yet `granted`: never published.
    public var expired: [String] = []
    public var notYetGranted: [String] = []
}

/// A customer's grant pages in the public site: each granted document rendered in the portal's
/// look for that customer alone, watermarked, sealed with AES-256-GCM under keys derived from
/// the secret (`GrantKeys`), under a path that names neither the customer nor the documents.
/// The page shell carries nothing but the ciphertext; `assets/access.js` opens it in the
/// browser with the key from the link's fragment.
enum GatedPages {
    /// `publicView`: the public site's own view, which the pages' shells are built from.
    static func render(
        portal: Portal, publicView: PortalView, theme: Theme, secret: AccessSecret?, asOf: CalendarDate
    ) throws -> (files: [OutputFile], summary: AccessSummary) {
        var summary = AccessSummary()
        var files: [OutputFile] = []
        for grant in portal.grants {
            switch grant.state(on: asOf) {
            case .expired:
                summary.expired.append(grant.id)
                continue
            case .notYetGranted:
                summary.notYetGranted.append(grant.id)
                continue
            case .live, .expiringSoon:
                break
            }
            guard let secret else {
                summary.withoutSecret.append(grant.id)
                continue
            }
            let pages = try self.pages(
                for: grant, keys: GrantKeys(secret: secret, grant: grant), portal: portal, publicView: publicView,
                theme: theme)
            summary.published.append(AccessSummary.Published(id: grant.id, pages: pages.count))
            files += pages
        }
        return (files, summary)
    }

    /// The grant's index page and one page per document it opens.
    static func pages(for grant: AccessGrant, keys: GrantKeys, portal: Portal, publicView: PortalView, theme: Theme)
        throws -> [OutputFile]
    {
        let view = AudienceFilter(audience: .public, granted: Set(grant.opens)).apply(to: portal)
        let contexts = PageContexts(view: view, rootOverride: "../../")
        // The documents' own templates without the page shell: the shell stays outside the seal.
        var inner = theme.library
        try inner.register("{{$content}}{{/content}}", named: "layout")
        let opened = Set(grant.opens)
        let documents = SitePage.all(for: view).filter {
            if case .node(let node) = $0.dependency { opened.contains(node) } else { false }
        }
        let sealed = documents.compactMap { page -> (page: SitePage, file: String, title: String)? in
            guard case .node(let node) = page.dependency, let document = view.documents[node] else { return nil }
            return (page, keys.fileName(for: node.id, version: version(of: document)), title(of: document))
        }
        // Links between the grant's documents lead to their pages in this folder.
        var files: [String: String] = [:]
        for entry in sealed {
            if case .node(let node) = entry.page.dependency { files["../../" + SitePaths.page(for: node)] = entry.file }
        }
        let watermark =
            "Shared with \(grant.customer) under NDA \(grant.nda) until \(grant.expires.longForm)"
        var output: [OutputFile] = []
        for entry in sealed {
            let html = try inner.render(entry.page.context(contexts), withTemplate: entry.page.template)
            output.append(
                try shell(
                    path: "\(keys.folder)/\(entry.file)", title: entry.title,
                    body: rewritingLinks(in: String(decoding: html, as: UTF8.self), to: files), watermark: watermark,
                    grant: grant, keys: keys,
                    publicView: publicView, theme: theme))
        }
        let list = sealed.map {
            "<li><a href=\"\(HTML.escape($0.file))\">\(HTML.escape($0.title))</a></li>"
        }.joined(separator: "\n")
        let index = """
            <header class="doc-header"><h1>Documents shared with \(HTML.escape(grant.customer))</h1>
            <p class="lead">Under NDA \(HTML.escape(grant.nda)), until \(grant.expires.longForm). Please do not \
            forward this link: it opens these documents for whoever holds it.</p></header>
            <ul class="doc-list">
            \(list)
            </ul>
            """
        output.append(
            try shell(
                path: "\(keys.folder)/index.html", title: "Documents shared with \(grant.customer)", body: index,
                watermark: watermark, grant: grant, keys: keys, publicView: publicView, theme: theme))
        return output
    }

    /// The published page: the portal's shell around the sealed document.
    private static func shell(
        path: String, title: String, body: String, watermark: String, grant: AccessGrant, keys: GrantKeys,
        publicView: PortalView, theme: Theme
    ) throws -> OutputFile {
        let content =
            "<p class=\"watermark\" role=\"note\">\(HTML.escape(watermark))</p>\n"
            + "<div class=\"watermark-mark\" aria-hidden=\"true\">\(HTML.escape(watermark))</div>\n" + body
        let payload = Payload(title: title, expires: grant.expires.description, html: content)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let sealed = try keys.seal(try encoder.encode(payload))
        // The shell is built like any page, but from the public site's own view: nothing of the
        // grant reaches it.
        let page = PageContexts(view: publicView).page(
            path, section: "", title: "Shared document", scripts: [SitePaths.accessScript],
            TemplateContext.Gated(salt: sealed.salt, sealed: sealed.sealed, noindex: true))
        return OutputFile(
            path: path, data: Data(try theme.library.render(TemplateEncoder.object(page), withTemplate: "gated")))
    }

    /// Every `href="…"` whose address (before any `#`) is a key of `files` points at that file
    /// instead, in one pass over the page.
    static func rewritingLinks(in html: String, to files: [String: String]) -> String {
        let marker = Array("href=\"".utf8)
        let bytes = Array(html.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "h"), bytes[index...].starts(with: marker) else {
                output.append(bytes[index])
                index += 1
                continue
            }
            let start = index + marker.count
            var end = start
            while end < bytes.count, bytes[end] != UInt8(ascii: "\""), bytes[end] != UInt8(ascii: "#") { end += 1 }
            output += marker
            if let file = files[String(decoding: bytes[start..<end], as: UTF8.self)] {
                output += Array(file.utf8)
            } else {
                output += bytes[start..<end]
            }
            index = end
        }
        return String(decoding: output, as: UTF8.self)
    }

    struct Payload: Encodable {
        var title: String
        var expires: String
        var html: String
    }

    /// What changes when the document does: its fields and its text.
    static func version(of document: Document) -> String {
        let fields = document.content.kindFieldValues.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value ?? "")" }
        return ([document.header.title, document.header.summary ?? ""] + fields + [document.body.source])
            .joined(separator: "\n")
    }

    static func title(of document: Document) -> String {
        document.header.kind == .control ? "\(document.header.id) \(document.header.title)" : document.header.title
    }
}
