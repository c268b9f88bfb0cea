import Foundation
import Synchronization
import Testing

@testable import AssureCore
@testable import AssurePreview

/// `assure serve` against a hostile web page and a careless browser: DNS rebinding, half-sent
/// requests, abandoned event streams (issue "Careless hands and hostile input", items 3 and 8).
@Suite("The preview server under attack", .serialized)
struct PreviewHardeningTests {
    /// A preview of the golden fixture on a free loopback port, stopped when `body` returns.
    func withServer(
        idleTimeout: Duration = .seconds(10), audience: SiteAudience = .public,
        _ body: (Int, PreviewServer, URL) async throws -> Void
    ) async throws {
        let root = try Paths.copy("golden")
        defer { try? FileManager.default.removeItem(at: root) }
        let port = Mutex<Int?>(nil)
        let lines = Mutex<[String]>([])
        let server = PreviewServer(
            options: .init(
                root: root, port: 0, audience: audience, asOf: CalendarDate(iso: "2026-06-30")!,
                idleTimeout: idleTimeout),
            log: { line in lines.withLock { $0.append(line) } }, logError: { _ in })
        let task = Task { try await server.run { bound in port.withLock { $0 = bound } } }
        defer { task.cancel() }
        var bound: Int?
        for _ in 0..<400 where bound == nil {
            try await Task.sleep(for: .milliseconds(25))
            bound = port.withLock { $0 }
        }
        try await body(try #require(bound), server, root)
        task.cancel()
        _ = await task.result
    }

    func request(_ port: Int, path: String = "/", headers: [String]) async throws -> String {
        // An answer is expected: a generous timeout keeps a loaded machine from failing the test.
        let probe = try HTTPProbe(port: port, timeout: 20)
        probe.send("GET \(path) HTTP/1.1\r\n" + headers.map { $0 + "\r\n" }.joined() + "Connection: close\r\n\r\n")
        return await probe.reading(until: "\r\n\r\n")
    }

    @Test("3. Requests naming another host are refused: DNS rebinding cannot read the preview")
    func foreignHostsAreRefused() async throws {
        try await withServer(audience: .auditor) { port, _, _ in
            for host in [
                "evil.example:\(port)", "evil.example", "127.0.0.1.nip.io:\(port)", "localhost.evil.example:\(port)",
                "127.0.0.1:\(port + 1)", "",
            ] {
                let answer = try await request(port, headers: ["Host: \(host)"])
                #expect(answer.hasPrefix("HTTP/1.1 421"), "Host: \(host) → \(answer.prefix(40))")
                #expect(!answer.contains("<html"))
            }
            let events = try await request(port, path: "/__assure/events", headers: ["Host: rebound.example:\(port)"])
            #expect(events.hasPrefix("HTTP/1.1 421"))
            for host in ["127.0.0.1:\(port)", "localhost:\(port)", "LOCALHOST:\(port)", "127.0.0.1"] {
                #expect(try await request(port, headers: ["Host: \(host)"]).hasPrefix("HTTP/1.1 200"), "Host: \(host)")
            }
        }
    }

    @Test("3. The event stream and pages refuse other sites' pages (Origin)")
    func foreignOriginsAreRefused() async throws {
        try await withServer { port, _, _ in
            for origin in ["http://evil.example", "null", "https://127.0.0.1:\(port)", "http://evil.example:\(port)"] {
                let answer = try await request(
                    port, path: "/__assure/events", headers: ["Host: 127.0.0.1:\(port)", "Origin: \(origin)"])
                #expect(answer.hasPrefix("HTTP/1.1 403"), "Origin: \(origin)")
            }
            let own = try await request(
                port, path: "/__assure/events",
                headers: ["Host: 127.0.0.1:\(port)", "Origin: http://127.0.0.1:\(port)"])
            #expect(own.hasPrefix("HTTP/1.1 200"))
        }
    }

    @Test("8. A request never finished is closed after the idle timeout")
    func halfSentRequestsAreClosed() async throws {
        try await withServer(idleTimeout: .milliseconds(500)) { port, _, _ in
            let probes = try (0..<20).map { _ in try HTTPProbe(port: port, timeout: 10) }
            for probe in probes { probe.send("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ") }
            // The server closes each (end of stream), where the probe alone would wait 10 s and give up.
            for probe in probes { #expect(await probe.waitForClose()) }
        }
    }

    @Test("8. An event stream the browser closed is let go at once")
    func closedEventStreamsAreReleased() async throws {
        try await withServer { port, server, _ in
            for _ in 0..<3 {
                var probes = try (0..<100).map { _ in try HTTPProbe(port: port) }
                for probe in probes { probe.send("GET /__assure/events HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n\r\n") }
                for probe in probes { _ = await probe.reading(until: "event: hello") }
                #expect(server.state.listenerCount == 100)
                probes.removeAll()  // closes every socket
                var open = server.state.listenerCount
                for _ in 0..<200 where open > 0 {
                    try await Task.sleep(for: .milliseconds(25))
                    open = server.state.listenerCount
                }
                #expect(open == 0, "\(open) event streams still held after their browsers closed them")
            }
        }
    }

    @Test("8. Changes come from the kernel, not from walking the project over and over")
    func changesComeFromTheKernel() async throws {
        let root = try Paths.copy("golden")
        defer { try? FileManager.default.removeItem(at: root) }
        let described = Mutex<[String]>([])
        let watcher = ProjectWatcher(
            root: root, interval: .milliseconds(10),
            describe: { line in described.withLock { $0.append(line) } })
        let stream = watcher.changes()
        var iterator = stream.makeAsyncIterator()
        try await Task.sleep(for: .milliseconds(200))
        #expect(described.withLock { $0 } == ["kernel notifications (inotify)"])
        // A new folder is watched as soon as it appears: a file written in it is noticed.
        try FileManager.default.createDirectory(
            at: root.appending(path: "content/policies/new"), withIntermediateDirectories: true)
        try "x".write(to: root.appending(path: "content/policies/new/a.md"), atomically: false, encoding: .utf8)
        var seen: [String] = []
        while !seen.contains("content/policies/new/a.md"), let changes = await iterator.next() { seen += changes.paths }
        try await Task.sleep(for: .milliseconds(100))
        try "y".write(to: root.appending(path: "content/policies/new/b.md"), atomically: false, encoding: .utf8)
        while !seen.contains("content/policies/new/b.md"), let changes = await iterator.next() { seen += changes.paths }
        #expect(seen.contains("content/policies/new/b.md"))

        // The files the kernel names are the changes: an editor's save through a temporary
        // file is one change to the file saved; hidden files and files beside content/ are none.
        seen = []
        let folder = root.appending(path: "content/policies/new")
        try "z".write(to: folder.appending(path: ".a.md.swp"), atomically: false, encoding: .utf8)
        try "notes".write(to: root.appending(path: "NOTES.txt"), atomically: false, encoding: .utf8)
        try "x2".write(to: folder.appending(path: "a.md.tmp"), atomically: false, encoding: .utf8)
        #expect(rename(folder.appending(path: "a.md.tmp").path, folder.appending(path: "a.md").path) == 0)
        try FileManager.default.removeItem(at: folder.appending(path: "b.md"))
        while !(seen.contains("content/policies/new/a.md") && seen.contains("content/policies/new/b.md")),
            let changes = await iterator.next()
        {
            seen += changes.paths
        }
        #expect(Set(seen) == ["content/policies/new/a.md", "content/policies/new/b.md"])
    }

    @Test("Each rebuild prints only the warnings not printed before")
    func eachRebuildPrintsOnlyNewWarnings() {
        func warning(_ path: String, _ line: Int) -> Diagnostic {
            .warning(.placeholderText, at: SourceLocation(path: path, line: line, column: 1), "still a placeholder")
        }
        let (a, b, c) = (warning("content/a.md", 1), warning("content/a.md", 9), warning("content/b.md", 2))
        let log = WarningLog()
        #expect(log.replace(with: [a, b]) == [a, b])
        #expect(log.replace(with: [a, b, c]) == [c])
        #expect(log.replace(with: [b]) == [])
        #expect(log.replace(with: [a, b]) == [a])
    }

    @Test("Live reload works with any layout: the page's own policy is widened, not matched by its text")
    func liveReloadWithAnyLayout() {
        let layouts = [
            // The built-in layout's policy, and two a project might write instead.
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'self'; img-src "
                + "'self'; base-uri 'none'; form-action 'none'\">",
            "<META HTTP-EQUIV=\"content-security-policy\" CONTENT=\"default-src 'self'; script-src 'none'\">",
            "<meta content=\"default-src 'none'; font-src 'self'\" http-equiv=\"Content-Security-Policy\">",
        ]
        for meta in layouts {
            let page = PreviewResponder.withLiveReload("<html><head>\(meta)<title>x</title></head><body></body></html>")
            #expect(page.contains("<script src=\"/__assure/live.js\" defer></script>"))
            let value = page.lowercased().components(separatedBy: "content=").last ?? ""
            #expect(value.dropFirst().hasPrefix(PreviewResponder.previewDirectives), "\(page)")
        }
        // The search page runs the site's own scripts already: only the connection is added.
        let search = PreviewResponder.withLiveReload(
            "<head><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'self'; "
                + "style-src 'self'\"></head>")
        #expect(
            search.contains("content=\"connect-src 'self'; default-src 'none'; script-src 'self'; style-src 'self'\""))
        // A page without a policy gets the script and nothing else.
        #expect(
            PreviewResponder.withLiveReload("<head></head>")
                == "<head><script src=\"/__assure/live.js\" defer></script>\n</head>")
    }
}
