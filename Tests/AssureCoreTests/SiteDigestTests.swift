import Foundation
import Testing

@testable import AssureCore

/// Every byte of every file of the example's sites and of a generated project's, against
/// digests recorded in `Tests/Fixtures/site-digests/`: work meant to change nothing a reader
/// sees (performance work above all) must leave them equal. An intended change is recorded
/// with `ASSURE_UPDATE_GOLDEN=1 scripts/test`, and shows in review as the list of files whose
/// digest changed.
@Suite("Byte-identical output")
struct SiteDigestTests {
    struct Build: Sendable, CustomStringConvertible {
        var name: String
        var audience: SiteAudience
        var description: String { "\(name)-\(audience.rawValue)" }
    }

    static let builds = [
        Build(name: "example", audience: .public), Build(name: "example", audience: .auditor),
        Build(name: "generated", audience: .public), Build(name: "generated", audience: .auditor),
    ]

    static func project(_ name: String) -> any ProjectReader {
        name == "example" ? DiskProject(root: Fixtures.repository) : generated(documents: 240)
    }

    /// "sha256  path" for every file of the site, sorted by path.
    static func digests(_ build: Build) async throws -> String {
        let destination = MemoryDestination()
        _ = try await BuildPipeline(project: project(build.name), asOf: testDate)
            .build(audience: build.audience, into: destination)
        return destination.files.sorted { $0.path < $1.path }
            .map { "\(AuditorBundle.sha256($0.data))  \($0.path)" }.joined(separator: "\n") + "\n"
    }

    /// A build into a folder writes each page as it is rendered (`SiteStage`); the folder
    /// holds exactly the files a build into memory does, byte for byte.
    @Test(arguments: [builds[1], builds[2]])
    func aSiteWrittenPageByPageIsTheSiteBuiltInMemory(_ build: Build) async throws {
        let memory = MemoryDestination()
        let pipeline = BuildPipeline(project: Self.project(build.name), asOf: testDate)
        _ = try await pipeline.build(audience: build.audience, into: memory)
        let root = FileManager.default.temporaryDirectory.appending(path: "assure-stage-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let output = root.appending(path: "site")
        for _ in 0..<2 {  // the second build replaces the first, linking its unchanged files
            _ = try await pipeline.build(
                audience: build.audience, into: DirectoryDestination(output: output, project: root))
        }
        var isFolder: ObjCBool = false
        let written = FileManager.default.enumerator(atPath: output.path)!.compactMap { $0 as? String }.filter {
            $0 != DirectoryDestination.marker
                && FileManager.default.fileExists(atPath: output.appending(path: $0).path, isDirectory: &isFolder)
                && !isFolder.boolValue
        }
        #expect(written.sorted() == memory.files.map(\.path).sorted())
        for file in memory.files {
            #expect(try Data(contentsOf: output.appending(path: file.path)) == file.data, "\(file.path)")
        }
    }

    @Test(arguments: builds)
    func siteMatchesItsRecordedDigests(_ build: Build) async throws {
        let actual = try await Self.digests(build)
        let url = Fixtures.root.appending(path: "site-digests/\(build).txt")
        if Fixtures.updateGolden {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try actual.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        guard actual != expected else { return }
        func table(_ text: String) -> [String: String] {
            Dictionary(
                text.split(separator: "\n").map { line in
                    let parts = line.split(separator: " ", maxSplits: 1)
                    return (String(parts.last ?? "").trimmingCharacters(in: .whitespaces), String(parts.first ?? ""))
                }
            ) { first, _ in first }
        }
        let old = table(expected)
        let new = table(actual)
        let changed = Set(old.keys).union(new.keys).filter { old[$0] != new[$0] }.sorted()
        let listed = changed.prefix(20).joined(separator: ", ")
        Issue.record(
            Comment(
                rawValue: "\(changed.count) files of the \(build) site differ from their recorded digests: \(listed); "
                    + "if the change is intended, run ASSURE_UPDATE_GOLDEN=1 scripts/test"))
    }

    /// A deterministic project shaped like a real one: policies, controls with criteria and
    /// policies, links of both kinds, tables, lists, every audience.
    static func generated(documents: Int) -> InMemoryProject {
        var files: [String: String] = [
            "content/assure.yml": """
            organization: {name: Generated Co, description: A generated programme.}
            frameworks:
              soc2:
                principles: [security]
                exclusions:
                  CC6.4: Hosted with a cloud provider.
              iso27001:
                exclusions:
                  A.7.4: No premises.
            report: {type: type-1, period: {end: 2026-06-30}}
            contact: {email: trust@generated.test}
            base_url: https://trust.generated.test
            """
        ]
        let soc2 = CriteriaCatalog.builtIn.catalog("soc2")!.criteria(in: "security").map(\.id)
        let iso = CriteriaCatalog.builtIn.catalog("iso27001")!.criteria.map(\.id).filter { $0 != "A.7.4" }
        let audiences = ["public", "restricted", "auditor", "auditor", "internal"]
        let policyCount = max(documents / 8, 1)
        for index in 0..<policyCount {
            let id = String(format: "POL-%03d", index)
            files["content/policies/\(id.lowercased()).md"] = policy(index, of: policyCount, audiences: audiences)
        }
        for index in 0..<(documents - policyCount) {
            let id = String(format: "CTL-%03d", index)
            files["content/controls/\(id.lowercased()).md"] = control(
                index, of: documents - policyCount, policies: policyCount, criteria: (soc2, iso), audiences: audiences)
        }
        return InMemoryProject(texts: files)
    }

    /// A generated policy: a table, a task list and a link to the next policy.
    static func policy(_ index: Int, of policyCount: Int, audiences: [String]) -> String {
        let id = String(format: "POL-%03d", index)
        return """
            ---
            id: \(id)
            title: Policy \(index)
            owner: Owner \(index % 5)
            version: "1.\(index % 4)"
            effective: 2026-0\(index % 6 + 1)-01
            last_reviewed: 2026-0\(index % 6 + 1)-15
            review_every: 12 months
            audience: \(audiences[index % 3])
            summary: What policy \(index) requires.
            ---
            ## Purpose

            Policy \(index) sets the rules for area \(index % 7). \
            See [[POL-\(String(format: "%03d", (index + 1) % policyCount))]].

            ## Requirements

            | Rule | Owner | Review |
            |---|---|---|
            | Rule A\(index) | Team \(index % 3) | Quarterly |
            | Rule B\(index) | Team \(index % 4) | Annually |

            - [x] Approved by the board
            - [ ] Translated
            """
    }

    /// A generated control: criteria of two frameworks, its policy, a link to the next control,
    /// a numbered list and a callout.
    static func control(
        _ index: Int, of controlCount: Int, policies policyCount: Int, criteria: (soc2: [String], iso: [String]),
        audiences: [String]
    ) -> String {
        let id = String(format: "CTL-%03d", index)
        let (soc2, iso) = criteria
        let mapped = [soc2[index % soc2.count], iso[index % iso.count], iso[(index * 7 + 3) % iso.count]]
        let policy = String(format: "POL-%03d", index % policyCount)
        let neighbour = String(format: "ctl-%03d", (index + 1) % controlCount)
        return """
            ---
            id: \(id)
            title: Control \(index)
            owner: Owner \(index % 5)
            criteria: [\(mapped.joined(separator: ", "))]
            policies: [\(policy)]
            status: \(index % 13 == 12 ? "partial" : "implemented")
            family: \(["access-control", "change-management", "system-operations", "risk-mitigation"][index % 4])
            audience: \(audiences[index % audiences.count])
            evidence: [Export \(index)]
            summary: Control \(index) in one sentence.
            ---
            Control \(index) operates every day. It implements [[\(policy)]] and works with
            [the next control](\(neighbour).md).

            ## Steps

            1. Collect the records.
            2. Review them with **care**.

            > [!NOTE]
            > Records are kept for a year.
            """
    }
}
