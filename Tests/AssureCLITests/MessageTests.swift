import Foundation
import Testing

@testable import AssureCLI
@testable import AssureCore

/// Messages that say what to do: each problem found moving real programmes in, with the text
/// or place a user now sees.
@Suite("Messages that say what to do")
struct MessageTests {
    /// A copy of the clean fixture with `files` added or replaced.
    func project(_ files: [String: String]) throws -> URL {
        let root = try Paths.copy("inputs/clean")
        for (path, text) in files {
            let url = root.appending(path: path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        return root
    }

    static let page = "---\ntitle: Links\naudience: public\n---\n"

    @Test func aReferenceStyleLinkIsReportedAtItsDefinitionWithTheDocumentMeant() async throws {
        let root = try project([
            "content/pages/links.md": Self.page
                + "See the [access policy][2] for details,\nand nothing else.\n\n[2]: a.md\n",
            "content/controls/more.md": "---\nid: CTL-M\ntitle: More\nowner: IT\ncriteria: [CC6.1]\n"
                + "status: implemented\nfamily: access-control\nevidence: [Log]\n---\nSee [the policy](a.md).\n",
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let result = await assure("check", "--project", root.path)
        #expect(
            result.output.contains("content/pages/links.md:8:6: error: the link `a.md` points to content/pages/a.md"))
        #expect(result.output.contains("    hint: did you mean ../policies/a.md?"))
        #expect(result.output.contains("content/controls/more.md:10:18: error: the link `a.md`"))
    }

    @Test func aMissingAnchorListsTheHeadingsTheTargetHas() async throws {
        let root = try project([
            "content/pages/links.md": Self.page + "See [scope](../policies/a.md#scop) and [x](about.md#nope).\n",
            "content/pages/about.md": "---\ntitle: About\n---\nNo headings.\n",
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let result = await assure("check", "--project", root.path)
        #expect(
            result.output.contains(
                "has no heading with the anchor `#scop` [missing-anchor]\n    hint: did you mean #scope? its "
                    + "headings: #scope"
            ))
        #expect(result.output.contains("hint: it has no headings; link to the document without `#...`"))
    }

    /// One typo is one error: a control whose status cannot be read stays in the model, so the
    /// links to it resolve and the criteria only it meets are not reported as faults of their own.
    @Test func aTypoInAControlsStatusIsOneError() async throws {
        let root = try project([
            "content/assure.yml":
                "organization: {name: Test Co}\nprinciples: [security, availability]\n"
                + "report: {type: type-1, status: planned, period: {end: 2026-06-30}}\n",
            "content/controls/mfa.md": "---\nid: AC-MFA\ntitle: MFA\nowner: IT\ncriteria: [A1.1, A1.2, A1.3]\n"
                + "status: implemnted\nfamily: access-control\nevidence: [Log]\n---\nText.\n",
            "content/pages/links.md": Self.page + "See [[AC-MFA]], [[AC-MFA]] and [[AC-MFA]].\n",
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let result = await assure("check", "--project", root.path, "--as-of", "2026-06-30")
        #expect(result.status == 1)
        let errors = result.output.split(separator: "\n").filter { $0.contains(": error: ") }
        #expect(
            errors == ["content/controls/mfa.md:6:9: error: `status` cannot be `implemnted` [invalid-value]"],
            "\(result.output)")
        #expect(result.output.contains("did you mean `implemented`?"))
    }

    @Test func aDuplicateIDNamesWhereTheFirstIs() async {
        let result = await assure("check", "--project", Paths.fixtures.appending(path: "inputs/duplicate-id").path)
        #expect(
            result.output.contains(
                "content/policies/b.md:2:1: error: the ID `POL-A` is already used by content/policies/a.md:2:1"))
    }

    @Test func aHiddenLinkSaysWhatPublicReadersSee() async throws {
        let result = await assure(
            "check", "--project", Paths.fixtures.appending(path: "inputs/public-links-hidden").path)
        #expect(result.output.contains("readers of the public site see [[POL-B]] as written, with no link"))
        let root = try project(["content/pages/links.md": Self.page + "See [the baseline](../controls/baseline.md).\n"])
        defer { try? FileManager.default.removeItem(at: root) }
        let link = await assure("check", "--project", root.path)
        #expect(link.output.contains("which is `auditor`; readers of the public site see the link's text with no link"))
    }

    /// Five implemented controls without evidence: three shown, two counted.
    func manyWarnings() throws -> URL {
        var files: [String: String] = [:]
        for index in 1...5 {
            files["content/controls/w\(index).md"] =
                "---\nid: W-\(index)\ntitle: W\(index)\nowner: IT\ncriteria: [CC6.1]\nstatus: implemented\n"
                + "family: access-control\n---\nText.\n"
        }
        files["content/policies/broken.md"] =
            "---\nid: POL-Z\ntitle: Z\nowner: CISO\nversion: \"1\"\neffective: 2026-01-01\n---\nSee [[NOPE]].\n"
        return try project(files)
    }

    @Test func repeatedWarningsAreCountedSoTheErrorStaysInSight() async throws {
        let root = try manyWarnings()
        defer { try? FileManager.default.removeItem(at: root) }
        let result = await assure("check", "--project", root.path)
        #expect(result.output.components(separatedBy: "[missing-evidence]\n").count - 1 == 3)
        #expect(
            result.output.contains(
                "… and 2 more warnings [missing-evidence]; `assure check --select missing-evidence` lists them all"))
        #expect(result.output.contains("[[NOPE]] refers to nothing"))
        let selected = await assure("check", "--project", root.path, "--select", "missing-evidence")
        #expect(selected.output.components(separatedBy: "[missing-evidence]\n").count - 1 == 5)
        #expect(!selected.output.contains("[[NOPE]]"))
        #expect(selected.status == 0, "only the selected warnings count")
        let ignored = await assure("check", "--project", root.path, "--ignore", "missing-evidence,unimplemented-policy")
        #expect(!ignored.output.contains("missing-evidence") && ignored.status == 1)
        let misspelt = await assure("check", "--project", root.path, "--ignore", "missing-evidense")
        #expect(misspelt.status == 64 && misspelt.errors.contains("did you mean `missing-evidence`?"))
    }

    @Test func quietPrintsErrorsOnlyEvenWhenTheBuildFails() async throws {
        let root = try manyWarnings()
        defer { try? FileManager.default.removeItem(at: root) }
        let result = await assure("build", "--project", root.path, "--quiet")
        #expect(result.status == 1)
        #expect(result.errors.contains("[[NOPE]] refers to nothing"))
        #expect(!result.errors.contains("warning:"), "\(result.errors)")
        #expect(result.output.isEmpty)
    }

    @Test func theProjectTurnsWarningsDownOrOffButNeverErrors() async throws {
        let root = try manyWarnings()
        defer { try? FileManager.default.removeItem(at: root) }
        let config = root.appending(path: "content/assure.yml")
        try
            (try String(contentsOf: config, encoding: .utf8)
            + "diagnostics:\n  missing-evidence: ignore\n  unimplemented-policy: note\n")
            .write(to: config, atomically: true, encoding: .utf8)
        let result = await assure("check", "--project", root.path)
        #expect(!result.output.contains("missing-evidence"))
        #expect(result.output.contains("note: no control implements POL-Z"))
        let sarif = await assure("check", "--project", root.path, "--format", "sarif")
        let log = try #require(try JSONSerialization.jsonObject(with: Data(sarif.output.utf8)) as? [String: Any])
        let run = try #require((log["runs"] as? [[String: Any]])?.first)
        let overrides = try #require(
            ((run["invocations"] as? [[String: Any]])?.first?["ruleConfigurationOverrides"]) as? [[String: Any]])
        #expect(
            overrides.map {
                let id = ($0["descriptor"] as? [String: Any])?["id"] ?? ""
                return "\(id) \(($0["configuration"] as? [String: Any])?["level"] ?? "")"
            }
                == ["missing-evidence none", "unimplemented-policy note"])

        try (try String(contentsOf: config, encoding: .utf8) + "  dangling-reference: ignore\n")
            .write(to: config, atomically: true, encoding: .utf8)
        let refused = await assure("check", "--project", root.path)
        #expect(
            refused.output.contains(
                "`dangling-reference` is an error; errors cannot be turned down or off in assure.yml"))
        #expect(refused.output.contains("[[NOPE]] refers to nothing"))
    }

    @Test func aUsageErrorShowsTheUsageOfTheCommandRun() async {
        let result = await assure("new", "policy", "bad id!")
        #expect(result.status == 64)
        #expect(result.errors.contains("Usage: assure new "))
        #expect(result.errors.contains("See 'assure new --help'"))
        #expect(!result.errors.contains("assure <subcommand>"))
    }

    @Test func theCoverageTableFitsTheWidthItIsGiven() async throws {
        let report = try #require(
            await BuildPipeline(project: DiskProject(root: Paths.repository), asOf: CalendarDate(iso: "2026-11-28")!)
                .check().portal)
        let table = CoverageReport(coverage: report.coverage, frameworks: report.frameworkCoverage).table(width: 80)
        #expect(table.split(separator: "\n").allSatisfy { $0.count <= 80 })
        #expect(table.contains("…"))
    }

    @Test func theTextDiffUsesOneArrow() async throws {
        let repository = try Repository(fixture: "golden")
        defer { repository.remove() }
        try repository.edit("content/controls/mfa.md") {
            $0.replacingOccurrences(of: "status: implemented", with: "status: partial")
        }
        try repository.edit("content/assure.yml") { $0.replacingOccurrences(of: "in-progress", with: "issued") }
        try repository.commit("Change")
        let text = await assure("diff", "--project", repository.root.path, "HEAD~1", "HEAD", "--format", "text")
        #expect(text.output.contains("→"))
        #expect(!text.output.contains("->"), "\(text.output)")
    }

    @Test func turningAWarningOffShowsInTheDiff() async throws {
        let repository = try Repository(fixture: "golden")
        defer { repository.remove() }
        try repository.edit("content/assure.yml") { $0 + "diagnostics:\n  missing-evidence: ignore\n" }
        try repository.commit("Quiet")
        let (_, diff) = try await DiffCLITests().json(repository, "HEAD~1", "HEAD")
        let settings = try #require(diff["settings"] as? [[String: Any]])
        #expect(
            settings.contains {
                $0["field"] as? String == "diagnostics.missing-evidence" && $0["to"] as? String == "ignore"
            })
    }
}

@Suite("A programme in readiness")
struct ReadinessTests {
    @Test func buildAllowGapsPublishesWhereTheProgrammeStandsWhileCheckStillFails() async throws {
        let project = try Paths.copy("inputs/uncovered-criterion")
        defer { try? FileManager.default.removeItem(at: project) }
        #expect(await assure("build", "--project", project.path, "--as-of", "2026-06-30").status == 1)
        let build = await assure("build", "--project", project.path, "--as-of", "2026-06-30", "--allow-gaps")
        #expect(build.status == 0, "\(build.errors)")
        #expect(build.errors.contains("warning:") && build.errors.contains("[uncovered-criterion]"))
        let home = try String(contentsOf: project.appending(path: "site/index.html"), encoding: .utf8)
        #expect(home.contains("Self-assessed: no audit report has been issued yet."))
        #expect(home.contains("open</p>") || home.contains(" open"), "the card counts the gaps")
        let framework = try String(
            contentsOf: project.appending(path: "site/criteria/soc2/index.html"), encoding: .utf8)
        #expect(framework.contains("badge-gap\">Gap</span>"), "the gap is shown as a gap")
        #expect(await assure("check", "--project", project.path, "--as-of", "2026-06-30").status == 1)
    }
}

extension ReadinessTests {
    @Test func servePreviewsAProgrammeWithGapsWhenAllowed() async throws {
        let project = DiskProject(root: Paths.fixtures.appending(path: "inputs/uncovered-criterion"))
        let asOf = CalendarDate(iso: "2026-06-30")!
        await #expect(throws: BuildFailure.self) {
            _ = try await IncrementalBuilder(project: project, audience: .public, asOf: asOf).build()
        }
        let result = try await IncrementalBuilder(project: project, audience: .public, asOf: asOf, allowGaps: true)
            .build()
        #expect(result.files.contains { $0.path == "index.html" })
        #expect(result.warnings.contains { $0.code == .uncoveredCriterion && $0.severity == .warning })
    }
}
