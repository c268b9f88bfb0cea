import Foundation
import Testing

@testable import AssureCLI

/// Frameworks as a user meets them on the command line: `init --framework`, `coverage
/// --framework` and `--suggest`, and `diff` per framework.
@Suite("Frameworks from the command line")
struct FrameworkCLITests {
    /// The example project (the repository's own `content/`), as a fixture path.
    static let example = "../.."

    /// A new programme states nothing its controls do not say: the criteria the starter's ten
    /// controls cannot meet are gaps, `check` lists them (and fails, as a programme in readiness
    /// should), `init` says how many, and `--allow-gaps` reports them as warnings.
    @Test func initWritesAStarterWhoseGapsAreHonest() async throws {
        for (choice, summary, open) in [
            ("soc2", "criteria addressed: soc2 33/33", 0),
            ("soc2,iso27001", "criteria addressed: soc2 33/33, iso27001 51/93", 42),
            (
                "soc2,iso27001,nist-csf,hipaa",
                "criteria addressed: soc2 33/33, iso27001 51/93, nist-csf 41/106, hipaa 43/65", 129
            ),
        ] {
            let folder = FileManager.default.temporaryDirectory.appending(path: "assure-init-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: folder) }
            let created = await assure("init", folder.path, "--framework", choice)
            #expect(created.status == 0, "\(created.errors)")
            // The next steps run in order, as written: into the folder once, then each command.
            #expect(created.output.contains("Next:\n  cd \(folder.path)\n  assure check "), "\(created.output)")
            #expect(
                created.output.contains(open == 0 ? "criteria." : "the other \(open) are gaps"), "\(created.output)")
            let check = await assure("check", "--project", folder.path, "--format", "json", "--as-of", "2026-06-30")
            #expect(check.status == (open == 0 ? 0 : 1), "\(check.output)")
            let report = try #require(
                try JSONSerialization.jsonObject(with: Data(check.output.utf8)) as? [String: Any])
            let errors = (report["diagnostics"] as? [[String: Any]] ?? []).filter {
                $0["severity"] as? String == "error"
            }
            #expect(errors.count == open && errors.allSatisfy { $0["code"] as? String == "uncovered-criterion" })
            let readiness = await assure(
                "check", "--project", folder.path, "--allow-gaps", "--as-of", "2026-06-30", "--format", "json")
            #expect(readiness.status == 0, "\(readiness.output)")
            let warnings =
                try #require(
                    try JSONSerialization.jsonObject(with: Data(readiness.output.utf8)) as? [String: Any])[
                    "diagnostics"]
                as? [[String: Any]] ?? []
            #expect(warnings.allSatisfy { $0["severity"] as? String == "warning" })
            #expect(warnings.filter { $0["code"] as? String == "uncovered-criterion" }.count == open)
            let text = await assure("check", "--project", folder.path, "--allow-gaps", "--as-of", "2026-06-30")
            #expect(text.output.hasSuffix("in 14 documents; \(summary)"), "\(text.output)")
        }
        let refused = await assure(
            "init", FileManager.default.temporaryDirectory.appending(path: "assure-\(UUID().uuidString)").path,
            "--framework", "soc2,iso2700")
        #expect(refused.status == 64)
        #expect(refused.errors.contains("`iso2700` is not a framework the starter knows"))
    }

    /// `init` chooses a framework's groups: SOC 2's categories, CSF functions.
    @Test func initChoosesCategoriesAndFunctions() async throws {
        let folder = FileManager.default.temporaryDirectory.appending(path: "assure-init-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let created = await assure(
            "init", folder.path, "--framework", "soc2:availability,confidentiality,nist-csf:govern,protect")
        #expect(created.status == 0, "\(created.errors)")
        let config = try String(contentsOf: folder.appending(path: "content/assure.yml"), encoding: .utf8)
        #expect(config.contains("principles: [security, availability, confidentiality]"), "security is always in")
        #expect(config.contains("functions: [govern, protect]"))
        let check = await assure("check", "--project", folder.path, "--allow-gaps")
        #expect(check.output.hasSuffix("criteria addressed: soc2 33/38, nist-csf 23/53"), "\(check.output)")
        let typo = await assure("init", folder.appending(path: "x").path, "--framework", "soc2:availabilty")
        #expect(typo.status == 64 && typo.errors.contains("did you mean `availability`?"), "\(typo.errors)")
        let none = await assure("init", folder.appending(path: "y").path, "--framework", "iso27001:people")
        #expect(none.status == 64 && none.errors.contains("`iso27001` has no groups to choose"))
    }

    @Test func coverageShowsOneFrameworkWhenAsked() async throws {
        let project = try Paths.copy(Self.example)
        defer { try? FileManager.default.removeItem(at: project) }
        let iso = await assure("coverage", "--project", project.path, "--framework", "iso27001")
        #expect(iso.status == 0, "\(iso.errors)")
        #expect(iso.output.hasPrefix("ISO 27001: 93/93 addressed (81 covered, 12 excluded, 0 gaps, 0 uncovered)"))
        #expect(!iso.output.contains("SOC 2:"))
        #expect(iso.output.split(separator: "\n").contains { $0.hasPrefix("A.8.30 ") && $0.contains(" excluded ") })

        let csv = await assure("coverage", "--project", project.path, "--framework", "iso27001", "--format", "csv")
        let rows = csv.output.split(separator: "\n").dropFirst()
        #expect(rows.count == 93 && rows.allSatisfy { $0.hasPrefix("iso27001,") })
        let all = await assure("coverage", "--project", project.path, "--format", "csv")
        #expect(all.output.split(separator: "\n").count == 1 + 38 + 93)

        let notInScope = await assure("coverage", "--project", project.path, "--framework", "hipaa")
        #expect(notInScope.status == 64)
        #expect(notInScope.errors.contains("does not answer to HIPAA"))
        #expect(await assure("coverage", "--project", project.path, "--framework", "pci").status == 64)
    }

    @Test func suggestionsListControlsThroughTheCrosswalkAndChangeNoCoverage() async throws {
        let folder = FileManager.default.temporaryDirectory.appending(path: "assure-suggest-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(await assure("init", folder.path).status == 0)
        // The programme takes on ISO 27001 with nothing mapped yet, and a crosswalk from SOC 2.
        let config = folder.appending(path: "content/assure.yml")
        let text = try String(contentsOf: config, encoding: .utf8)
        try text.replacingOccurrences(of: "\n\n# Your SOC 2 report", with: "\n  iso27001:\n\n# Your SOC 2 report")
            .write(to: config, atomically: true, encoding: .utf8)
        let mappings = folder.appending(path: "content/catalogs/mappings")
        try FileManager.default.createDirectory(at: mappings, withIntermediateDirectories: true)
        try "between: [soc2, iso27001]\npairs:\n  - [CC6.1, A.5.15]\n  - [CC8.1, A.8.32]\n"
            .write(to: mappings.appending(path: "soc2-iso27001.yml"), atomically: true, encoding: .utf8)

        let suggest = await assure("coverage", "--project", folder.path, "--framework", "iso27001", "--suggest")
        #expect(
            suggest.output.contains(
                "iso27001 A.5.15 Rules for controlling access (uncovered)\n  AC-01, which meets soc2:CC6.1"))
        #expect(
            suggest.output.contains("iso27001 A.8.32 Managing changes (uncovered)\n  CM-01, which meets soc2:CC8.1"))
        #expect(
            suggest.output.contains(
                "iso27001 A.5.1 Security policies set, approved and communicated (uncovered)\n  no mapped"))
        let coverage = await assure("coverage", "--project", folder.path, "--framework", "iso27001")
        #expect(coverage.output.hasPrefix("ISO 27001: 0/93 addressed (0 covered, 0 excluded, 0 gaps, 93 uncovered)"))
    }

    @Test func diffReportsCoverageLostAndGainedPerFramework() async throws {
        let repository = try Repository(fixture: Self.example)
        defer { repository.remove() }
        // AST-02 meets SOC 2 CC6.5 and C1.2, and ISO 27001 A.7.10 and A.7.14; DATA-02 also meets C1.2.
        try FileManager.default.removeItem(at: repository.root.appending(path: "content/controls/ast-02.md"))
        try repository.commit("Drop device disposal")
        let (status, diff) = try await DiffCLITests().json(repository, "HEAD~1", "HEAD", "--fail-on", "coverage-loss")
        #expect(status == 1)
        let lost = try #require(diff["coverage_lost"] as? [[String: Any]])
        #expect(
            lost.map { "\($0["framework"] as? String ?? "") \($0["criterion"] as? String ?? "")" }.sorted() == [
                "iso27001 A.7.10", "iso27001 A.7.14", "soc2 CC6.5",
            ])
        let scope = try #require(diff["scope"] as? [[String: Any]])
        #expect(
            scope.map {
                "\($0["name"] as? String ?? ""): \($0["before"] as? String ?? "") -> \($0["after"] as? String ?? "")"
            } == [
                "SOC 2: 38/38 -> 37/38", "SOC 2 Security: 33/33 -> 32/33", "ISO 27001: 93/93 -> 91/93",
            ])
        let markdown = await assure("diff", "--project", repository.root.path, "HEAD~1", "HEAD")
        #expect(
            markdown.output.contains(
                "> - ISO 27001 `A.7.10` Handling storage media over their life: covered → **uncovered**"))
        #expect(markdown.output.contains("| ISO 27001 | 93/93 | 91/93 |"))
    }
}

@Suite("assure import from the command line")
struct ImportCLITests {
    @Test func importWritesAProjectAndRefusesToOverwriteOneWithoutForce() async throws {
        let folder = FileManager.default.temporaryDirectory.appending(path: "assure-import-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = Paths.fixtures.appending(path: "import/jupiterone").path
        let first = await assure("import", "jupiterone", source, "--into", folder.path, "--as-of", "2026-11-29")
        #expect(first.status == 0, "\(first.errors)")
        #expect(first.output.hasPrefix("Imported \(source) into \(folder.path): 1 policy, 3 control narratives"))
        #expect(first.output.contains("To review:\n  policies/legacy.md: not adopted in config.json; not imported"))
        let check = await assure("check", "--project", folder.path, "--as-of", "2026-11-29")
        #expect(check.output.hasSuffix("criteria addressed: soc2 2/38, hipaa 3/65"))

        let again = await assure(
            "import", "comply", Paths.fixtures.appending(path: "import/comply").path, "--into", folder.path)
        #expect(again.status == 64)
        #expect(again.errors.contains("already holds a project (content/ exists)"))
        let forced = await assure(
            "import", "comply", Paths.fixtures.appending(path: "import/comply").path, "--into", folder.path, "--force")
        #expect(forced.status == 0, "\(forced.errors)")

        let notAProject = await assure(
            "import", "jupiterone", folder.appending(path: "nothing").path, "--into", folder.path)
        #expect(notAProject.status == 64)
        #expect(notAProject.errors.contains("no config.json"))
    }
}
