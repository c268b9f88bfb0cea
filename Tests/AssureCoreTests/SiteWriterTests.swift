import Foundation
import Testing

@testable import AssureCore

@Suite("Writing the site atomically")
struct SiteWriterTests {
    func temporaryProject() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appending(path: "assure-writer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appending(path: "content"), withIntermediateDirectories: true)
        return root
    }

    func file(_ path: String, _ text: String) -> OutputFile { OutputFile(path: path, data: Data(text.utf8)) }

    @Test func filesOfDeletedDocumentsDoNotLinger() async throws {
        let root = try temporaryProject()
        defer { try? FileManager.default.removeItem(at: root) }
        let destination = DirectoryDestination(output: root.appending(path: "site"), project: root)
        try await destination.replace(with: [file("index.html", "one"), file("policies/OLD.html", "old")])
        try await destination.replace(with: [file("index.html", "two")])
        #expect(!FileManager.default.fileExists(atPath: root.appending(path: "site/policies/OLD.html").path))
        #expect(try String(contentsOf: root.appending(path: "site/index.html"), encoding: .utf8) == "two")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: root.path).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty)
    }

    @Test func aRebuildKeepsUnchangedFilesAndWritesChangedOnes() async throws {
        let root = try temporaryProject()
        defer { try? FileManager.default.removeItem(at: root) }
        let site = root.appending(path: "site")
        let destination = DirectoryDestination(output: site, project: root)
        func inode(_ path: String) throws -> UInt64 {
            try #require(
                FileManager.default.attributesOfItem(atPath: site.appending(path: path).path)[.systemFileNumber]
                    as? UInt64)
        }
        try await destination.replace(with: [file("index.html", "same"), file("a.html", "old"), file("b.html", "x")])
        let kept = try inode("index.html")
        // A link planted where a page was, with the page's bytes, is never linked into the new site.
        try FileManager.default.removeItem(at: site.appending(path: "b.html"))
        try "x".write(to: root.appending(path: "elsewhere.txt"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(
            at: site.appending(path: "b.html"), withDestinationURL: root.appending(path: "elsewhere.txt"))
        // Nor is a file behind a linked folder, however equal its bytes.
        try FileManager.default.createDirectory(at: root.appending(path: "outside"), withIntermediateDirectories: true)
        try "y".write(to: root.appending(path: "outside/c.html"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(
            at: site.appending(path: "sub"), withDestinationURL: root.appending(path: "outside"))
        try await destination.replace(with: [
            file("index.html", "same"), file("a.html", "new"), file("b.html", "x"), file("sub/c.html", "y"),
        ])
        let outside = try FileManager.default.attributesOfItem(atPath: root.appending(path: "outside/c.html").path)
        #expect(outside[.referenceCount] as? Int == 1)
        #expect(try inode("index.html") == kept)
        #expect(try String(contentsOf: site.appending(path: "a.html"), encoding: .utf8) == "new")
        let planted = try FileManager.default.attributesOfItem(atPath: site.appending(path: "b.html").path)
        #expect(planted[.type] as? FileAttributeType == .typeRegular)
        #expect(try String(contentsOf: site.appending(path: "b.html"), encoding: .utf8) == "x")
        // The old site is gone: the kept page has one link again.
        let links = try FileManager.default.attributesOfItem(atPath: site.appending(path: "index.html").path)
        #expect(links[.referenceCount] as? Int == 1)
    }

    @Test func aFailedWriteLeavesThePreviousSiteWhole() async throws {
        let root = try temporaryProject()
        defer { try? FileManager.default.removeItem(at: root) }
        let destination = DirectoryDestination(output: root.appending(path: "site"), project: root)
        try await destination.replace(with: [file("index.html", "good")])
        await #expect(throws: OutputError.self) {
            try await destination.replace(with: [file("index.html", "bad"), file("../escape.html", "x")])
        }
        #expect(try String(contentsOf: root.appending(path: "site/index.html"), encoding: .utf8) == "good")
        #expect(!FileManager.default.fileExists(atPath: root.appending(path: "escape.html").path))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: root.path).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty)
    }

    @Test func refusesOutputsThatWouldSwallowTheContent() async throws {
        let root = try temporaryProject()
        defer { try? FileManager.default.removeItem(at: root) }
        let content = root.appending(path: "content")
        for output in [content, root, content.appending(path: "site"), URL(fileURLWithPath: "/")] {
            await #expect(throws: OutputError.self) {
                try await DirectoryDestination(output: output, project: root).replace(with: [file("index.html", "x")])
            }
        }
        #expect(FileManager.default.fileExists(atPath: content.path))
    }

    @Test func refusesAnOutputThatIsASymbolicLink() async throws {
        let root = try temporaryProject()
        defer { try? FileManager.default.removeItem(at: root) }
        let elsewhere = root.appending(path: "elsewhere")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: root.appending(path: "site"), withDestinationURL: elsewhere)
        let destination = DirectoryDestination(output: root.appending(path: "site"), project: root)
        await #expect(throws: OutputError.self) { try await destination.replace(with: [file("index.html", "x")]) }
    }

    @Test func symbolicLinksLeadingOutOfContentAreReportedNotRead() async throws {
        let root = try temporaryProject()
        defer { try? FileManager.default.removeItem(at: root) }
        try "organization: X\n".write(to: root.appending(path: "content/assure.yml"), atomically: true, encoding: .utf8)
        try "secret".write(to: root.appending(path: "secret.md"), atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(
            at: root.appending(path: "content/policies"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            at: root.appending(path: "content/policies/leak.md"), withDestinationURL: root.appending(path: "secret.md"))
        let diagnostics = await buildDiagnostics(DiskProject(root: root))
        #expect(
            diagnostics.contains { $0.code == .linkOutsideContent && $0.location.path == "content/policies/leak.md" })
    }
}
