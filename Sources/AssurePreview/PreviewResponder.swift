import AssureCore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Answers the browser: pages of the last good site from memory, the live-reload script, and
/// the event stream. Only paths that name a file of the built site are served, so no `..`,
/// encoded traversal, absolute path or symbolic link can reach anything else.
struct PreviewResponder: Sendable {
    static let eventsPath = "/__assure/events"
    static let scriptPath = "/__assure/live.js"

    let state: PreviewState
    let hosts: HostGuard

    func respond(to request: Request, context: PreviewContext) async throws -> Response {
        guard hosts.accepts(host: request.head.authority) else {
            return plain(
                .misdirectedRequest,
                "421 Misdirected Request: this preview answers only to localhost and IP addresses\n")
        }
        guard hosts.accepts(origin: request.headers[Self.origin]) else {
            return plain(.forbidden, "403 Forbidden: requests from other sites are refused\n")
        }
        guard request.method == .get || request.method == .head else {
            return Response(status: .methodNotAllowed, headers: [.allow: "GET, HEAD"])
        }
        let rawPath = request.uri.path
        if rawPath == Self.eventsPath {
            // The page the browser shows (its address's path), so it reloads only when that changes.
            let page = request.uri.queryParameters["page"].flatMap { Self.sitePath(for: String($0)) }
            return events(showing: page, until: context.channel.closeFuture)
        }
        if rawPath == Self.scriptPath { return text(Self.liveScript, type: "text/javascript; charset=utf-8") }
        guard let path = Self.sitePath(for: rawPath) else { return plain(.forbidden, "403 Forbidden\n") }
        if let data = state.file(path) {
            return serve(data, path: path, status: .ok, head: request.method == .head)
        }
        if state.file(path + "/index.html") != nil {
            // A folder: send the browser to its index so relative links resolve.
            return Response(status: .movedPermanently, headers: [.location: rawPath + "/"])
        }
        let notFound = state.file(SitePaths.notFound) ?? Data("404 Not Found\n".utf8)
        return serve(notFound, path: SitePaths.notFound, status: .notFound, head: request.method == .head)
    }

    /// The site-relative file a request path names, or nil when it tries to leave the site.
    static func sitePath(for rawPath: String) -> String? {
        guard rawPath.hasPrefix("/"), let decoded = rawPath.removingPercentEncoding,
            !decoded.contains("\0"), !decoded.contains("\\")
        else { return nil }
        let segments = decoded.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        if segments.contains(where: { $0 == ".." || $0 == "." }) { return nil }
        // A second decoding must not reveal traversal either (`%252e%252e`).
        if let twice = decoded.removingPercentEncoding, twice != decoded,
            twice.split(separator: "/").contains(where: { $0 == ".." })
        {
            return nil
        }
        var path = segments.joined(separator: "/")
        if path.isEmpty || path.hasSuffix("/") { path += "index.html" }
        if path.hasPrefix("/") { return nil }
        return path
    }

    static func contentType(for path: String) -> String {
        switch (path as NSString).pathExtension.lowercased() {
        case "html": "text/html; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "js": "text/javascript; charset=utf-8"
        case "json": "application/json"
        case "xml": path.hasSuffix(SitePaths.feed) ? "application/atom+xml" : "application/xml"
        case "txt": "text/plain; charset=utf-8"
        case "csv": "text/csv; charset=utf-8"
        case "png": "image/png"
        case "jpg", "jpeg": "image/jpeg"
        case "gif": "image/gif"
        case "webp": "image/webp"
        case "avif": "image/avif"
        case "pdf": "application/pdf"
        default: "application/octet-stream"
        }
    }

    static func commonHeaders(type: String) -> HTTPFields {
        [.contentType: type, .cacheControl: "no-store", HTTPField.Name("X-Content-Type-Options")!: "nosniff"]
    }

    private func serve(_ data: Data, path: String, status: HTTPResponse.Status, head: Bool) -> Response {
        var body = data
        if path.hasSuffix(".html") { body = Data(Self.withLiveReload(String(decoding: data, as: UTF8.self)).utf8) }
        var headers = Self.commonHeaders(type: Self.contentType(for: path))
        headers[.contentLength] = String(body.count)
        return Response(
            status: status, headers: headers,
            body: head ? .init() : .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    private static let origin = HTTPField.Name("Origin")!

    private func plain(_ status: HTTPResponse.Status, _ message: String) -> Response {
        Response(
            status: status, headers: Self.commonHeaders(type: "text/plain; charset=utf-8"),
            body: .init(byteBuffer: ByteBuffer(string: message)))
    }

    private func text(_ content: String, type: String) -> Response {
        Response(
            status: .ok, headers: Self.commonHeaders(type: type), body: .init(byteBuffer: ByteBuffer(string: content)))
    }

    /// What the preview adds to a page's Content-Security-Policy: its own script, and the
    /// connection to its event stream. A directive given first wins over a later one of the
    /// same name, so these hold whatever policy a project's own layout writes.
    static let previewDirectives = "script-src 'self'; connect-src 'self'; "

    /// Adds the reload script to a page and widens the page's Content-Security-Policy (a
    /// `<meta http-equiv>` in any layout, the built-in one or a project's) for it alone. The
    /// built files themselves carry no script.
    static func withLiveReload(_ html: String) -> String {
        var page = html
        var searchFrom = page.startIndex
        while let meta = page[searchFrom...].range(of: "<meta", options: .caseInsensitive) {
            guard let end = page[meta.upperBound...].firstIndex(of: ">") else { break }
            let tag = page[meta.lowerBound..<end]
            searchFrom = end
            guard tag.range(of: "content-security-policy", options: .caseInsensitive) != nil,
                let content = tag.range(of: "content=", options: .caseInsensitive),
                let quote = page[content.upperBound...].first, quote == "\"" || quote == "'"
            else { continue }
            let valueStart = page.index(after: content.upperBound)
            // A page that runs the site's own scripts already (search) needs only the connection;
            // a repeated directive would cost a console message.
            let added =
                tag.range(of: "script-src 'self';", options: .caseInsensitive) != nil
                ? "connect-src 'self'; " : previewDirectives
            page.insert(contentsOf: added, at: valueStart)
            searchFrom = page.index(valueStart, offsetBy: added.count)
        }
        if let head = page.range(of: "</head>", options: .caseInsensitive) {
            page.replaceSubrange(head, with: "<script src=\"\(scriptPath)\" defer></script>\n</head>")
        }
        return page
    }

    /// Server-sent events: `reload` with a generation number when `page` changed (any change
    /// when the browser did not say), `failed` with diagnostics, or `recovered` when the project
    /// builds again (the diagnostics go, even where the page is as before). The stream ends, and its
    /// connection is let go, as soon as the browser closes it.
    private func events(showing page: String?, until closed: EventLoopFuture<Void>) -> Response {
        let (stream, end) = state.subscribe(page: page)
        closed.whenComplete { _ in end() }
        let generation = state.generation
        var headers = Self.commonHeaders(type: "text/event-stream")
        headers[.connection] = "keep-alive"
        return Response(
            status: .ok, headers: headers,
            body: .init { writer in
                try await writer.write(ByteBuffer(string: "retry: 500\nevent: hello\ndata: \(generation)\n\n"))
                for await event in stream {
                    switch event {
                    case .reload(let generation):
                        try await writer.write(ByteBuffer(string: "event: reload\ndata: \(generation)\n\n"))
                    case .failed(let message):
                        let data = message.split(separator: "\n", omittingEmptySubsequences: false).map {
                            "data: \($0)"
                        }.joined(separator: "\n")
                        try await writer.write(ByteBuffer(string: "event: failed\n\(data)\n\n"))
                    case .recovered:
                        try await writer.write(ByteBuffer(string: "event: recovered\ndata: ok\n\n"))
                    }
                }
                try await writer.finish(nil)
            })
    }

    static let liveScript = """
        // Assure preview: reload on rebuild, show build errors over the last good page.
        (function () {
          var source = new EventSource("\(eventsPath)?page=" + encodeURIComponent(location.pathname));
          var seen = null;
          var overlay = null;
          source.addEventListener("hello", function (event) {
            if (seen !== null && seen !== event.data) { location.reload(); }
            seen = event.data;
          });
          source.addEventListener("reload", function () { location.reload(); });
          source.addEventListener("recovered", function () {
            if (overlay) { overlay.remove(); overlay = null; }
          });
          source.addEventListener("failed", function (event) {
            if (!overlay) {
              overlay = document.createElement("pre");
              overlay.setAttribute("role", "alert");
              var style = overlay.style;
              style.position = "fixed"; style.inset = "1rem"; style.zIndex = "2147483647"; style.margin = "0";
              style.padding = "1.25rem"; style.overflow = "auto"; style.background = "#1b1f24"; style.color = "#ffebe9";
              style.border = "3px solid #b42318"; style.borderRadius = "8px"; style.font = "14px/1.5 ui-monospace, "
                  + "monospace";
              style.whiteSpace = "pre-wrap";
              document.body.appendChild(overlay);
            }
            overlay.textContent =
              "Assure: the last change does not build. The page shows the last good build.\\n\\n" + event.data;
          });
        })();
        """
}
