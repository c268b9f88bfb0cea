import Foundation
import Testing

@testable import AssureCLI

@Suite("assure bundle and assure verify from the command line")
struct BundleCLITests {
    /// A project in a real git repository with one commit.
    func repository(_ fixture: String) throws -> URL {
        let project = try Paths.copy(fixture)
        for arguments in [
            ["init", "-q"], ["add", "-A"],
            ["-c", "user.name=Test", "-c", "user.email=test@example.test", "commit", "-q", "-m", "Initial content"],
        ] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["git", "-C", project.path] + arguments
            try process.run()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
        }
        return project
    }

    @Test func bundleThenVerifyPassesAndTamperingFails() async throws {
        let project = try repository("golden")
        defer { try? FileManager.default.removeItem(at: project) }
        let zip = project.appending(path: "out/bundle.zip").path
        let made = await assure("bundle", "--project", project.path, "--output", zip, "--as-of", "2026-06-30")
        #expect(made.status == 0, "\(made.errors)")
        #expect(made.output.contains("source: commit "))
        let digest = try #require(
            made.output.split(separator: "\n").first { $0.contains("manifest SHA-256:") }?
                .split(separator: " ").last.map(String.init))

        let verified = await assure("verify", zip, "--manifest-sha256", digest)
        #expect(verified.status == 0, "\(verified.output)")
        #expect(verified.output.hasPrefix("OK: "))

        // A clean tree is recorded as clean; an edit afterwards is not.
        let manifest = try #require(
            try JSONSerialization.jsonObject(
                with: try Data(contentsOf: URL(fileURLWithPath: zip)).manifestJSON()) as? [String: Any])
        #expect((manifest["source"] as? [String: Any])?["clean"] as? Bool == true)

        // Tamper with the archive with the system's zip tools: change, remove and add a file.
        let work = project.appending(path: "unzipped")
        try run("unzip", "-q", zip, "-d", work.path)
        try "tampered".write(to: work.appending(path: "policies/POL-A.html"), atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(at: work.appending(path: "coverage.csv"))
        try "new".write(to: work.appending(path: "added.html"), atomically: true, encoding: .utf8)
        let tampered = project.appending(path: "tampered.zip").path
        try run("sh", "-c", "cd '\(work.path)' && zip -q -r -X '\(tampered)' .")
        let result = await assure("verify", tampered)
        #expect(result.status == 1)
        #expect(result.output.contains("changed: policies/POL-A.html"))
        #expect(result.output.contains("missing: coverage.csv"))
        #expect(result.output.contains("added: added.html"))
        #expect(result.output.contains("FAILED: 3 problems"))
    }

    @Test func aRecordedDigestCatchesARewrittenManifest() async throws {
        let project = try Paths.copy("golden")
        defer { try? FileManager.default.removeItem(at: project) }
        let zip = project.appending(path: "bundle.zip").path
        #expect(await assure("bundle", "--project", project.path, "--output", zip, "-q").status == 0)
        let result = await assure("verify", zip, "--manifest-sha256", String(repeating: "0", count: 64))
        #expect(result.status == 1)
        #expect(result.output.contains("changed: manifest.json"))
    }

    @Test func verifyRefusesWhatIsNotABundle() async throws {
        let file = FileManager.default.temporaryDirectory.appending(path: "not-a-bundle-\(UUID().uuidString).zip")
        try "hello".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = await assure("verify", file.path)
        #expect(result.status == 1)
        #expect(result.output.contains("invalid: not a zip archive"))
        #expect(await assure("verify", "/nonexistent/bundle.zip").status == 1)
    }

    @Test func aSymlinkedOutputFolderIsRefused() async throws {
        let project = try Paths.copy("golden")
        defer { try? FileManager.default.removeItem(at: project) }
        try FileManager.default.createDirectory(
            at: project.appending(path: "elsewhere"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            at: project.appending(path: "site"), withDestinationURL: project.appending(path: "elsewhere"))
        let result = await assure("build", "--project", project.path)
        #expect(result.status == 1)
        #expect(result.errors.contains("is a symbolic link"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: project.appending(path: "elsewhere").path).isEmpty)
    }

    /// A team shares a readiness bundle with its auditor before the audit: `bundle` refuses a
    /// programme with gaps and says why, `--allow-gaps` makes one stamped as readiness (manifest
    /// and every page), and `bundle` and `verify` count the same files.
    @Test func aReadinessBundleSaysHowManyCriteriaAreOpen() async throws {
        let folder = FileManager.default.temporaryDirectory.appending(path: "assure-readiness-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(await assure("init", folder.path, "--framework", "soc2,iso27001").status == 0)
        let zip = folder.appending(path: "readiness.zip").path
        let refused = await assure("bundle", "--project", folder.path, "--output", zip)
        #expect(refused.status == 1 && refused.errors.contains("--allow-gaps"), "\(refused.errors)")

        let made = await assure("bundle", "--project", folder.path, "--output", zip, "--allow-gaps")
        #expect(made.status == 0, "\(made.errors)")
        let files = try #require(made.output.firstMatch(of: /Wrote .*: (\d+) files and the manifest/)?.output.1)
        #expect(made.output.contains("(readiness: 42 criteria open)"), "\(made.output)")
        #expect(!made.errors.contains("diagnostics: {uncovered-criterion: ignore}"), "a refused setting is offered")
        let manifest = try #require(
            try JSONSerialization.jsonObject(
                with: try Data(contentsOf: URL(fileURLWithPath: zip)).manifestJSON()) as? [String: Any])
        #expect((manifest["readiness"] as? [String: Any])?["open_criteria"] as? Int == 42)
        let work = folder.appending(path: "unzipped")
        try run("unzip", "-q", zip, "-d", work.path)
        for page in ["index.html", "policies/index.html", "criteria/index.html"] {
            let html = try String(contentsOf: work.appending(path: page), encoding: .utf8)
            #expect(html.contains("Readiness: 42 criteria in scope are not yet met."), "\(page)")
        }

        let verified = await assure("verify", zip)
        #expect(verified.output.hasPrefix("OK: \(files) files match the manifest"), "\(verified.output)")
        #expect(verified.output.contains("readiness: made while 42 criteria in scope were open"))
        #expect(verified.output.contains("not checked: the manifest itself"))
        let digest = try #require(made.output.firstMatch(of: /manifest SHA-256: ([0-9a-f]+)/)?.output.1)
        let pinned = await assure("verify", zip, "--manifest-sha256", String(digest))
        #expect(pinned.status == 0 && !pinned.output.contains("not checked"))
    }

    func run(_ arguments: String...) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(arguments)")
    }
}

extension Data {
    /// manifest.json from a bundle, read with the system's unzip.
    func manifestJSON() throws -> Data {
        let file = FileManager.default.temporaryDirectory.appending(path: "bundle-\(UUID().uuidString).zip")
        try write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["unzip", "-p", file.path, "manifest.json"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return data
    }
}
