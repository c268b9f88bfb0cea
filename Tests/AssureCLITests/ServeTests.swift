import AssurePreview
import Foundation
import Synchronization
import Testing

@testable import AssureCLI
@testable import AssureCore

/// `assure serve` running in this process, with its output captured as it comes.
final class RunningServer: Sendable {
    final class Lines: Sendable {
        let stored = Mutex<[String]>([])
        func append(_ line: String) { stored.withLock { $0.append(line) } }
    }

    let lines = Lines()
    let task = Mutex<Task<Int32, Never>?>(nil)

    init(_ arguments: [String]) {
        let lines = self.lines
        let console = Console(write: { lines.append($0) }, error: { lines.append($0) })
        let task = Task { await Console.$current.withValue(console) { await AssureCLI.run(arguments) } }
        self.task.withLock { $0 = task }
    }

    var output: String { lines.stored.withLock { $0.joined(separator: "\n") } }

    /// The port from "Serving the ... view on http://127.0.0.1:PORT/".
    func port() async throws -> Int {
        for _ in 0..<200 {
            if let match = output.firstMatch(of: /http:\/\/127\.0\.0\.1:(\d+)\//), let port = Int(match.output.1) {
                return port
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw CocoaError(.fileReadUnknown)
    }

    func waitFor(_ text: String, seconds: Double = 10) async throws {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while !output.contains(text) && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
    }

    func stop() async -> Int32 {
        let task = self.task.withLock { $0 }
        task?.cancel()
        return await task?.value ?? -1
    }
}

@Suite("assure init, new and serve", .serialized)
struct ServeTests {
    static var binary: URL { Paths.repository.appending(path: ".build/debug/assure") }

    func runBinary(_ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, output: String)
    {
        try runProcess(Self.binary, arguments, environment: environment)
    }

    @Test func initMakesAProjectThatChecksAndBuildsAtOnce() throws {
        #expect(
            FileManager.default.isExecutableFile(atPath: Self.binary.path),
            "build the binary first: swift build --product assure")
        let folder = FileManager.default.temporaryDirectory.appending(path: "assure-init-\(UUID().uuidString)/trust")
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        let created = try runBinary(["init", folder.path])
        #expect(created.status == 0, "\(created.output)")
        #expect(FileManager.default.fileExists(atPath: folder.appending(path: ".gitignore").path))
        let config = try String(contentsOf: folder.appending(path: "content/assure.yml"), encoding: .utf8)
        for key in [
            "organization:", "principles:", "report:", "exclusions:", "contact:", "base_url:", "unsafe_html:", "site:",
        ] {
            #expect(config.contains(key))
        }
        #expect(config.components(separatedBy: "\n#").count > 5, "settings are explained in comments")
        // The starter is a draft until a person makes it theirs: each of its fourteen documents,
        // its exclusion and its ten example evidence records is a warning, its documents stay off
        // the public site, and the example evidence counts for nothing.
        let check = try runBinary(["check", "--project", folder.path, "--as-of", "2026-06-30"])
        #expect(check.status == 0, "\(check.output)")
        #expect(check.output.contains("0 errors, 25 warnings"), "\(check.output)")
        let drafts = try runBinary([
            "check", "--project", folder.path, "--as-of", "2026-06-30", "--select", "starter-content", "--format",
            "json",
        ])
        #expect(drafts.output.components(separatedBy: "\"starter-content\"").count - 1 == 25, "\(drafts.output)")
        let build = try runBinary(["build", "--project", folder.path, "--as-of", "2026-06-30"])
        #expect(build.status == 0, "\(build.output)")
        #expect(FileManager.default.fileExists(atPath: folder.appending(path: "site/index.html").path))
        #expect(!FileManager.default.fileExists(atPath: folder.appending(path: "site/controls/AC-01.html").path))
        let auditor = try runBinary([
            "build", "--project", folder.path, "--as-of", "2026-06-30", "--audience", "auditor",
        ])
        #expect(auditor.status == 0, "\(auditor.output)")
        let evidence = try String(
            contentsOf: folder.appending(path: "site-auditor/evidence/AC-01.html"), encoding: .utf8)
        #expect(!evidence.contains("Alex Morgan"), "example evidence is not shown as collected")
        // A second init into the same folder is refused; --force adds the files anyway.
        #expect(try runBinary(["init", folder.path]).status == 64)
        #expect(try runBinary(["init", folder.path, "--force"]).status == 0)
    }

    @Test func newWritesADocumentThatChecksAndRefusesATakenID() async throws {
        let folder = FileManager.default.temporaryDirectory.appending(path: "assure-new-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(await assure("init", folder.path).status == 0)
        let made = await assure(
            "new", "control", "AC-09", "--title", "Hardware \"keys\"", "--project", folder.path, "--as-of", "2026-06-30"
        )
        #expect(made.status == 0, "\(made.errors)")
        let text = try String(contentsOf: folder.appending(path: "content/controls/ac-09.md"), encoding: .utf8)
        #expect(text.contains("title: \"Hardware \\\"keys\\\"\""))
        #expect(text.contains("status: planned"))
        #expect(text.contains("audience: internal"))
        #expect(await assure("new", "policy", "POL-NEW", "--project", folder.path, "--as-of", "2026-06-30").status == 0)
        let policy = try String(contentsOf: folder.appending(path: "content/policies/pol-new.md"), encoding: .utf8)
        #expect(policy.contains("effective: 2026-06-30"))
        let check = await assure("check", "--project", folder.path, "--as-of", "2026-06-30")
        #expect(check.status == 0, "\(check.output)")
        let taken = await assure("new", "policy", "AC-09", "--project", folder.path)
        #expect(taken.status == 64)
        #expect(taken.errors.contains("already used"))
        #expect(await assure("new", "policy", "bad id", "--project", folder.path).status == 64)
        #expect(await assure("new", "policy", "CC6.1", "--project", folder.path).status == 64)
    }

    /// Whether `path` answers with `status` within ten seconds (a rebuild in the background).
    static func eventually(status: Int, of path: String, port: Int) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            if try await HTTPProbe.fetch(path, port: port).status == status { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return false
    }

    /// A project from `assure init` whose CM-01 is in words of its own (the public site leaves
    /// the starter's example text out), previewed on a free port.
    func servedNewProject() async throws -> (URL, RunningServer, Int) {
        let folder = FileManager.default.temporaryDirectory.appending(path: "assure-serve-\(UUID().uuidString)")
        #expect(await assure("init", folder.path).status == 0)
        let control = folder.appending(path: "content/controls/cm-01.md")
        try (String(contentsOf: control, encoding: .utf8) + "\nOur own words.\n")
            .write(to: control, atomically: true, encoding: .utf8)
        let server = RunningServer([
            "serve", "--project", folder.path, "--port", "0", "--verbose", "--as-of", "2026-06-30",
        ])
        return (folder, server, try await server.port())
    }

    /// With the access secret, the public preview carries each live grant's sealed pages, so the
    /// link `access link` prints can be tried before anything is published; without it, none.
    @Test func serveWithTheAccessSecretServesGrantPages() async throws {
        let access = AccessCLITests()
        let root = try access.project()
        let secret = try access.secretFile()
        defer {
            try? FileManager.default.removeItem(at: root)
            try? FileManager.default.removeItem(at: secret)
        }
        let link = await assure(
            "access", "link", "acme", "--project", root.path, "--access-secret-file", secret.path, "--as-of",
            "2026-06-30")
        #expect(link.errors.contains("The link opens once the public site is built with this same secret"))
        let folder = try #require(link.output.firstMatch(of: /\/(access\/[0-9a-f]{32})\/index\.html/)?.output.1)
        let server = RunningServer([
            "serve", "--project", root.path, "--port", "0", "--as-of", "2026-06-30", "--access-secret-file",
            secret.path,
        ])
        let port = try await server.port()
        let page = try await HTTPProbe.fetch("/\(folder)/index.html", port: port)
        #expect(await server.stop() == 0)
        #expect(page.status == 200 && page.body.contains("assets/access.js"), "\(page.status)")

        let plain = RunningServer(["serve", "--project", root.path, "--port", "0", "--as-of", "2026-06-30"])
        let plainPort = try await plain.port()
        let missing = try await HTTPProbe.fetch("/\(folder)/index.html", port: plainPort)
        #expect(await plain.stop() == 0)
        #expect(missing.status == 404)
    }

    @Test func serveShowsPagesReloadsOnEditAndGuardsItsFolder() async throws {
        let (folder, server, port) = try await servedNewProject()
        defer { try? FileManager.default.removeItem(at: folder) }

        let home = try await HTTPProbe.fetch("/", port: port)
        #expect(home.status == 200)
        #expect(home.headers.lowercased().contains("content-type: text/html; charset=utf-8"))
        #expect(home.body.contains("Example Co Trust Center"))
        #expect(home.body.contains("/__assure/live.js"))
        #expect(
            try await HTTPProbe.fetch("/assets/style.css", port: port).headers.lowercased().contains(
                "content-type: text/css"))
        #expect(try await HTTPProbe.fetch("/__assure/live.js", port: port).body.contains("EventSource"))

        // Requests that try to leave the site get 403 or 404, never a file from elsewhere.
        try "secret outside".write(to: folder.appending(path: "outside.txt"), atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(at: folder.appending(path: "site"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            at: folder.appending(path: "site/planted.txt"), withDestinationURL: folder.appending(path: "outside.txt"))
        for path in [
            "/../outside.txt", "/%2e%2e/outside.txt", "/%2E%2E%2Foutside.txt", "/..%2f..%2f/etc/passwd",
            "//etc/passwd", "/%252e%252e/outside.txt", "/planted.txt", "/site/planted.txt", "/content/assure.yml",
            "/policies/..%5c..%5coutside.txt",
        ] {
            let response = try await HTTPProbe.fetch(path, port: port)
            #expect([403, 404].contains(response.status), "\(path) → \(response.status)")
            #expect(!response.body.contains("secret outside"))
            #expect(!response.body.contains("root:x:0"))
        }

        // Listen for reloads, then edit a document.
        let events = try HTTPProbe(port: port, timeout: 10)
        events.send("GET /__assure/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        #expect(await events.reading(until: "event: hello").contains("event: hello"))
        let control = folder.appending(path: "content/controls/cm-01.md")
        let original = try String(contentsOf: control, encoding: .utf8)
        let signed = original.replacingOccurrences(
            of: "Changes are made through pull requests.", with: "Changes are made through signed pull requests.")
        try signed.write(to: control, atomically: true, encoding: .utf8)
        #expect(await events.reading(until: "event: reload").contains("event: reload"))
        #expect(try await HTTPProbe.fetch("/controls/CM-01.html", port: port).body.contains("signed pull requests"))

        // A broken edit: the error reaches the terminal and the browser; the last good page stays.
        try original.replacingOccurrences(of: "status: implemented", with: "status: implemnted").write(
            to: control, atomically: true, encoding: .utf8)
        #expect(await events.reading(until: "event: failed").contains("`status` cannot be `implemnted`"))
        try await server.waitFor("the site still shows the last good build")
        #expect(
            server.output.contains(
                "content/controls/cm-01.md:7:9: error: `status` cannot be `implemnted` [invalid-value]"))
        #expect(try await HTTPProbe.fetch("/controls/CM-01.html", port: port).body.contains("signed pull requests"))

        // Mended back to the last good text, the pages are the ones already shown: the overlay still
        // goes, and the terminal says the project builds again.
        try signed.write(to: control, atomically: true, encoding: .utf8)
        #expect(await events.reading(until: "event: recovered").contains("event: recovered"))
        try await server.waitFor("the project builds again")

        // Fixing it reloads again. A symbolic link out of content/ is refused, not served.
        try original.write(to: control, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(
            at: folder.appending(path: "content/pages/leak.md"),
            withDestinationURL: folder.appending(path: "outside.txt"))
        try await server.waitFor("leads out of content/")
        try FileManager.default.removeItem(at: folder.appending(path: "content/pages/leak.md"))
        try await server.waitFor("rebuilt after content/pages/leak.md")
        #expect(try await HTTPProbe.fetch("/pages/leak.html", port: port).status == 404)
        #expect(try await HTTPProbe.fetch("/controls/CM-01.html", port: port).body.contains("through pull requests."))
        // The starter's own text again: the public site leaves the control out.
        try original.replacingOccurrences(of: "\nOur own words.\n", with: "").write(
            to: control, atomically: true, encoding: .utf8)
        #expect(try await Self.eventually(status: 404, of: "/controls/CM-01.html", port: port))

        // It stops cleanly, even with an event stream open.
        #expect(await server.stop() == 0)
        #expect(server.output.contains("Stopped."))
        #expect((try? HTTPProbe(port: port, timeout: 1)) == nil)
    }

    /// A retitled control: its open page reloads with the new title at once, and the list of
    /// controls has it once the whole site is built again.
    @Test func aFieldEditReachesItsOpenPageFirstAndTheListsAfter() async throws {
        let (folder, server, port) = try await servedNewProject()
        defer { try? FileManager.default.removeItem(at: folder) }
        try await server.waitFor("watching content/")
        let events = try HTTPProbe(port: port, timeout: 10)
        events.send("GET /__assure/events?page=%2Fcontrols%2FCM-01.html HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        #expect(await events.reading(until: "event: hello").contains("event: hello"))
        let control = folder.appending(path: "content/controls/cm-01.md")
        try String(contentsOf: control, encoding: .utf8).replacingOccurrences(
            of: "title: Reviewed and tested changes", with: "title: Peer-reviewed changes"
        ).write(to: control, atomically: true, encoding: .utf8)
        #expect(await events.reading(until: "event: reload").contains("event: reload"))
        #expect(try await HTTPProbe.fetch("/controls/CM-01.html", port: port).body.contains("Peer-reviewed changes"))
        try await server.waitFor("rebuilt after content/controls/cm-01.md")
        #expect(try await HTTPProbe.fetch("/controls/index.html", port: port).body.contains("Peer-reviewed changes"))
        #expect(try await HTTPProbe.fetch("/controls/CM-01.html", port: port).body.contains("Peer-reviewed changes"))
        #expect(await server.stop() == 0)
    }

    @Test func ctrlCStopsTheRealBinaryCleanly() async throws {
        #expect(
            FileManager.default.isExecutableFile(atPath: Self.binary.path),
            "build the binary first: swift build --product assure")
        let folder = FileManager.default.temporaryDirectory.appending(path: "assure-sigint-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(await assure("init", folder.path).status == 0)
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = ["serve", "--project", folder.path, "--port", "0"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        var output = ""
        let handle = pipe.fileHandleForReading
        while !output.contains("Ctrl-C to stop") {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            output += String(decoding: chunk, as: UTF8.self)
        }
        let port = try #require(output.firstMatch(of: /127\.0\.0\.1:(\d+)\//).flatMap { Int($0.output.1) })
        let events = try HTTPProbe(port: port, timeout: 5)
        events.send("GET /__assure/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        #expect(events.read(until: "event: hello").contains("hello"))
        process.interrupt()
        process.waitUntilExit()
        output += String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 0, "\(output)")
        #expect(output.contains("Stopped."))
        #expect(!output.contains("Fatal error"))
    }

    @Test func serveListensOnLoopbackUnlessToldOtherwise() async throws {
        #expect(
            PreviewServerChecks.loopback("127.0.0.1") && PreviewServerChecks.loopback("localhost")
                && PreviewServerChecks.loopback("::1"))
        #expect(!PreviewServerChecks.loopback("0.0.0.0"))
        let folder = FileManager.default.temporaryDirectory.appending(path: "assure-serve-host-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(await assure("init", folder.path).status == 0)
        let server = RunningServer(["serve", "--project", folder.path, "--port", "0"])
        _ = try await server.port()
        #expect(server.output.contains("http://127.0.0.1:"))
        #expect(await server.stop() == 0)
        let wide = RunningServer(["serve", "--project", folder.path, "--port", "0", "--host", "0.0.0.0"])
        try await wide.waitFor("Serving")
        #expect(wide.output.contains("warning: listening on 0.0.0.0 makes the preview reachable from other machines"))
        #expect(await wide.stop() == 0)
    }
}

enum PreviewServerChecks {
    static func loopback(_ host: String) -> Bool { PreviewServer.isLoopback(host) }
}
