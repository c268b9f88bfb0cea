import Foundation
import Testing

@testable import AssureCLI

/// The fuzzer's seeds and every input it ever found crashing (`scripts/fuzz` keeps them in
/// Tests/Fixtures/fuzz-crashes/), run through `assure check` and `assure build` as the fuzz
/// target runs them: the first byte picks the file the rest becomes.
@Suite("Fuzz inputs never crash")
struct FuzzInputTests {
    static let slots = [
        "content/policies/fuzz.md", "content/assure.yml", "content/data/faq.yml",
        "content/catalogs/fuzz.yml", "content/controls/fuzz.md", "content/pages/fuzz.md",
        "content/evidence/AC-01.yml", "content/catalogs/mappings/fuzz.yml", "content/access/fuzz.yml",
    ]

    static func inputs() -> [String] {
        let folders = ["Fuzz/corpus", "Tests/Fixtures/fuzz-crashes"]
        return folders.flatMap { folder in
            let path = Paths.repository.appending(path: folder).path
            let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
            return names.filter { !$0.hasPrefix(".") }.map { "\(folder)/\($0)" }
        }.sorted()
    }

    @Test(arguments: inputs())
    func runsToAVerdict(input: String) async throws {
        let bytes = try Data(contentsOf: Paths.repository.appending(path: input))
        try #require(!bytes.isEmpty)
        let project = try Paths.copy("golden")
        defer { try? FileManager.default.removeItem(at: project) }
        let slot = project.appending(path: Self.slots[Int(bytes[bytes.startIndex]) % Self.slots.count])
        try FileManager.default.createDirectory(at: slot.deletingLastPathComponent(), withIntermediateDirectories: true)
        try bytes.dropFirst().write(to: slot)
        for arguments in [["check"], ["build", "-q"], ["build", "-q", "--audience", "auditor"]] {
            // With a secret, so a grant that checks clean is sealed into the public site.
            let result = try ServeTests().runBinary(
                arguments + ["--project", project.path, "--as-of", "2026-06-30"],
                environment: ["ASSURE_ACCESS_SECRET": "a fuzzing secret that is long enough"])
            // A verdict either way (0 or 1, with diagnostics), never a crash or a usage error.
            #expect(
                [0, 1].contains(result.status),
                "\(input): assure \(arguments) exited \(result.status)\n\(result.output)")
        }
    }

    @Test func theSeedsCoverEverySlot() {
        let firstBytes = Set(
            Self.inputs().compactMap { input in
                (try? Data(contentsOf: Paths.repository.appending(path: input)))?.first.map {
                    Int($0) % Self.slots.count
                }
            })
        #expect(firstBytes == Set(Self.slots.indices))
    }
}
