import Foundation
import Testing

@testable import AssureCore

@Suite("Reproducible builds")
struct ReproducibilityTests {
    /// Copies a folder file by file in the given order, so directory entries are created in it.
    func copy(_ files: [(String, Data)], to root: URL) throws {
        for (path, data) in files {
            let url = root.appending(path: path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url)
        }
    }

    func build(_ root: URL, asOf: CalendarDate, clock: @escaping @Sendable () -> Duration) async throws -> [String:
        Data]
    {
        let destination = MemoryDestination()
        _ = try await BuildPipeline(project: DiskProject(root: root), asOf: asOf, now: clock).build(
            audience: .public, into: destination)
        return Dictionary(uniqueKeysWithValues: destination.files.map { ($0.path, $0.data) })
    }

    @Test func theSameContentBuildsIdenticallyInAnyFolderInAnyOrderOnAnyDay() async throws {
        let source = Fixtures.repository.appending(path: "content")
        let paths = FileManager.default.enumerator(atPath: source.path)!.compactMap { $0 as? String }
            .filter { !FileManager.default.isDirectory(source.appending(path: $0)) }
        let files = try paths.map { ("content/" + $0, try Data(contentsOf: source.appending(path: $0))) }
        #expect(files.count > 70)
        let first = FileManager.default.temporaryDirectory.appending(path: "assure-repro-a-\(UUID().uuidString)")
        let second = FileManager.default.temporaryDirectory.appending(
            path: "assure-repro-b-\(UUID().uuidString)/nested/deeper")
        defer {
            try? FileManager.default.removeItem(at: first)
            try? FileManager.default.removeItem(at: second.deletingLastPathComponent().deletingLastPathComponent())
        }
        try copy(files.sorted { $0.0 < $1.0 }, to: first)
        try copy(files.sorted { $0.0 > $1.0 }, to: second)
        let a = try await build(first, asOf: CalendarDate(iso: "2026-01-01")!, clock: { .seconds(1) })
        let b = try await build(second, asOf: CalendarDate(iso: "2031-07-19")!, clock: { .seconds(987_654) })
        #expect(a.count > 90)
        #expect(a == b)
    }
}
