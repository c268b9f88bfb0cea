import Foundation
import Testing

@testable import AssureCore

/// Every class of bad input in `Tests/Fixtures/inputs/` gets the right diagnostic at the right place.
@Suite("Bad input gets a diagnostic with file, line and column")
struct BadInputTests {
    struct Case: CustomTestStringConvertible, Sendable {
        /// A fixture folder under `Tests/Fixtures/inputs/`, or the name of a project made in
        /// memory (`generated`) where a fixture cannot hold the input (a file of 9 MB, one
        /// that cannot be read).
        var fixture: String
        var code: DiagnosticCode
        /// `path:line:column` of the expected diagnostic, relative to the fixture root.
        var location: String
        var severity: Severity = .error
        var generated: (@Sendable () -> any ProjectReader)? = nil
        var testDescription: String { fixture }

        var project: any ProjectReader { generated?() ?? Fixtures.project("inputs/\(fixture)") }
    }

    static let cases: [Case] = fixtureCases + generatedCases

    static let fixtureCases: [Case] = [
        Case(fixture: "malformed-yaml-tab", code: .malformedYAML, location: "content/policies/a.md:4:1"),
        Case(fixture: "malformed-yaml-unclosed-quote", code: .malformedYAML, location: "content/policies/a.md:3:8"),
        Case(fixture: "unresolved-reference", code: .danglingReference, location: "content/policies/a.md:11:5"),
        Case(fixture: "list-where-text-belongs", code: .invalidValue, location: "content/policies/a.md:4:3"),
        Case(fixture: "mapping-where-list-belongs", code: .invalidValue, location: "content/controls/c.md:6:3"),
        Case(fixture: "invalid-date", code: .invalidValue, location: "content/policies/a.md:6:12"),
        Case(fixture: "invalid-status", code: .invalidValue, location: "content/controls/c.md:7:9"),
        Case(fixture: "missing-front-matter", code: .missingFrontMatter, location: "content/policies/a.md:1:1"),
        Case(fixture: "unclosed-front-matter", code: .unclosedFrontMatter, location: "content/policies/a.md:1:1"),
        Case(fixture: "empty-file", code: .emptyFile, location: "content/policies/a.md"),
        Case(fixture: "binary-file", code: .binaryFile, location: "content/policies/a.md:3:1"),
        Case(fixture: "invalid-utf8", code: .invalidUTF8, location: "content/policies/a.md:3:11"),
        Case(fixture: "duplicate-id", code: .duplicateID, location: "content/policies/b.md:2:1"),
        Case(fixture: "unknown-criterion", code: .unknownCriterion, location: "content/controls/c.md:5:19"),
        Case(fixture: "dangling-policy", code: .danglingReference, location: "content/controls/c.md:6:19"),
        Case(fixture: "link-outside-content", code: .linkOutsideContent, location: "content/policies/a.md:9:18"),
        Case(fixture: "link-to-missing-file", code: .danglingReference, location: "content/policies/a.md:9:18"),
        Case(fixture: "missing-anchor", code: .missingAnchor, location: "content/policies/a.md:11:15"),
        Case(fixture: "missing-field", code: .missingField, location: "content/policies/a.md:2:1"),
        Case(fixture: "invalid-id", code: .invalidID, location: "content/policies/a.md:2:5"),
        Case(fixture: "exclusion-without-reason", code: .exclusionWithoutReason, location: "content/assure.yml:9:3"),
        Case(fixture: "exclusion-out-of-scope", code: .exclusionOutOfScope, location: "content/assure.yml:9:3"),
        Case(fixture: "unknown-principle", code: .unknownPrinciple, location: "content/assure.yml:3:24"),
        Case(fixture: "missing-config", code: .missingConfig, location: "content/assure.yml"),
        Case(fixture: "malformed-config", code: .malformedYAML, location: "content/assure.yml:2:1"),
        Case(fixture: "deeply-nested-yaml", code: .malformedYAML, location: "content/policies/a.md:3:9"),
        Case(fixture: "template-error", code: .templateError, location: "templates/policy.mustache:4:1"),
        Case(fixture: "uncovered-criterion", code: .uncoveredCriterion, location: "content/assure.yml:3:14"),
        Case(
            fixture: "uncovered-criterion", code: .coverageGap, location: "content/controls/planned.md:7:1",
            severity: .note),
        Case(fixture: "internal-only-coverage", code: .uncoveredCriterion, location: "content/assure.yml:3:14"),
        Case(
            fixture: "review-overdue", code: .reviewOverdue, location: "content/policies/a.md:7:1", severity: .warning),
        Case(
            fixture: "unimplemented-policy", code: .unimplementedPolicy, location: "content/policies/b.md:2:1",
            severity: .warning),
        Case(
            fixture: "public-links-hidden", code: .publicLinksHidden, location: "content/policies/a.md:9:5",
            severity: .warning),
        Case(
            fixture: "missing-evidence", code: .missingEvidence, location: "content/controls/c.md:7:1",
            severity: .warning),
        Case(fixture: "unexpected-file", code: .unexpectedFile, location: "content/notes.rtf", severity: .warning),
        Case(
            fixture: "placeholder-text", code: .placeholderText, location: "content/policies/a.md:4:1",
            severity: .warning),
        Case(
            fixture: "unreferenced-file", code: .unreferencedFile, location: "content/policies/diagram.png",
            severity: .warning),
        Case(
            fixture: "security-txt-undated", code: .securityTxtUndated, location: "content/assure.yml",
            severity: .warning),
        Case(fixture: "unknown-field", code: .unknownField, location: "content/policies/a.md:5:1", severity: .warning),
    ]

    /// `TestProject` with one answer (`content/answers/a.md`) and any other files.
    static func answering(_ frontMatter: String, body: String = "Yes.", adding files: [String: String] = [:])
        -> any ProjectReader
    {
        var project = TestProject()
        project["content/answers/a.md"] = "---\nid: ANS-A\ntitle: Is it done?\n\(frontMatter)\n---\n\(body)\n"
        for (path, text) in files { project[path] = text }
        return project.reader
    }

    /// A control of `TestProject`'s shape with another ID and status, citing no criterion.
    static func control(_ id: String, status: String) -> String {
        "---\nid: \(id)\ntitle: Control \(id)\nowner: IT\ncriteria: []\nstatus: \(status)\nfamily: access-control\n"
            + "audience: public\n---\nControl body.\n"
    }

    static let answerCases: [Case] = [
        Case(
            fixture: "generated: a yes backed by a planned control", code: .answerClaimsUnimplemented,
            location: "content/answers/a.md:5:13"
        ) {
            answering(
                "answer: \"yes\"\nbacked_by: [CTL-P]\napplies_to: [caiq-4.0.3:IAM-14.1]",
                adding: ["content/controls/p.md": control("CTL-P", status: "planned")])
        },
        Case(
            fixture: "generated: a yes backed by a policy alone", code: .unbackedAnswer,
            location: "content/answers/a.md:5:1"
        ) { answering("answer: \"yes\"\nbacked_by: [POL-A]") },
        Case(
            fixture: "generated: a yes backed by a control that is not applicable", code: .answerBackedByExcluded,
            location: "content/answers/a.md:5:13"
        ) {
            answering(
                "answer: \"yes\"\nbacked_by: [CTL-NA]",
                adding: ["content/controls/na.md": control("CTL-NA", status: "not-applicable")])
        },
        Case(
            fixture: "generated: a na answer without a reason", code: .answerWithoutReason,
            location: "content/answers/a.md:4:1"
        ) { answering("answer: na\nbacked_by: []", body: "") },
        Case(
            fixture: "generated: an answer backed by a control with an exception", code: .answerBackingException,
            location: "content/answers/a.md:5:13", severity: .warning
        ) {
            var project = TestProject()
            project["content/answers/a.md"] =
                "---\nid: ANS-A\ntitle: Is it done?\nanswer: \"yes\"\nbacked_by: [CTL-1]\n---\nYes.\n"
            project["content/controls/c.md"] = project["content/controls/c.md"]!.replacingOccurrences(
                of: "status: implemented", with: "status: implemented\nfrequency: annually")
            project["content/evidence/CTL-1.yml"] =
                "records:\n  - performed: 2026-06-30\n    covers: {from: 2026-06-30, to: 2026-06-30}\n"
                + "    performer: Sam\n    reviewer: Tom\n    result: exception\n"
                + "    exception: One leaver kept access.\n"
            return project.reader
        },
        Case(
            fixture: "generated: an answer past its review", code: .answerStale, location: "content/answers/a.md:6:1",
            severity: .warning
        ) { answering("answer: \"yes\"\nbacked_by: [CTL-1]\nreviewed: 2025-01-10\nreview_every: 12 months") },
        Case(
            fixture: "generated: a question the questionnaire does not have", code: .unknownQuestion,
            location: "content/answers/a.md:6:14"
        ) { answering("answer: \"yes\"\nbacked_by: [CTL-1]\napplies_to: [caiq-4.0.3:IAM-99.1]") },
        Case(
            fixture: "generated: two answers to one question", code: .duplicateAnswer,
            location: "content/answers/b.md:6:14"
        ) {
            answering(
                "answer: \"yes\"\nbacked_by: [CTL-1]\napplies_to: [caiq-4.0.3:IAM-14.1]",
                adding: [
                    "content/answers/b.md":
                        "---\nid: ANS-B\ntitle: Is MFA on?\nanswer: \"yes\"\nbacked_by: [CTL-1]\n"
                        + "applies_to: [caiq-4.0.3:IAM-14.1]\n---\nYes.\n"
                ])
        },
        Case(
            fixture: "generated: a promise to a customer whose answer is gone", code: .promiseAtRisk,
            location: "content/questionnaires/sent/acme-2026-06-01.yml:5:34", severity: .warning
        ) {
            answering(
                "answer: \"yes\"\nbacked_by: [CTL-1]",
                adding: [
                    "content/questionnaires/sent/acme-2026-06-01.yml":
                        "customer: ACME\nsent: 2026-06-01\nquestionnaire: caiq-4.0.3\nanswers:\n"
                        + "  - {question: IAM-14.1, answer: ANS-GONE, given: \"yes\"}\n"
                ])
        },
    ]

    static let generatedCases: [Case] = answerCases + projectCases

    /// Problems of documents, settings, evidence and grants made in memory.
    static let projectCases: [Case] = [
        // A document still in the words `assure init` wrote.
        Case(
            fixture: "generated: the starter's example text", code: .starterContent,
            location: "content/controls/cm-01.md:2:1", severity: .warning
        ) {
            var project = TestProject()
            let starter = String(
                decoding: Scaffold.starterFiles["content/controls/cm-01.md"] ?? Data(), as: UTF8.self)
            project["content/controls/cm-01.md"] = starter.replacingOccurrences(of: "[POL-OPS]", with: "[POL-A]")
            return project.reader
        },
        // Ten days' notice of a new subprocessor where thirty are promised (not committed: added today).
        Case(
            fixture: "generated: a subprocessor with too little notice", code: .noticeTooShort,
            location: "content/data/subprocessors.yml:5:5", severity: .warning
        ) {
            var project = TestProject()
            project["content/assure.yml"] = (project["content/assure.yml"] ?? "") + "\nnotice_days: 30\n"
            project["content/data/subprocessors.yml"] = """
                subprocessors:
                  - name: Acme Analytics
                    purpose: Product analytics
                    location: Ireland
                    effective: 2026-07-10
                """
            return project.reader
        },
        Case(
            fixture: "generated: a file over the size limit", code: .fileTooLarge, location: "content/pages/huge.md"
        ) {
            var project = TestProject()
            project["content/pages/huge.md"] =
                "---\ntitle: Huge\n---\n"
                + String(repeating: "x", count: ProjectLayout.maximumTextFileSize)
            return project.reader
        },
        Case(
            fixture: "generated: a file that cannot be read", code: .unreadableFile,
            location: "content/policies/locked.md"
        ) {
            var project = TestProject()
            project["content/policies/locked.md"] = "never read"
            return UnreadableProject(inner: project.reader)
        },
        // Criterion pages of IDs that differ only in case would be one file on many file systems.
        Case(
            fixture: "generated: two pages for one file", code: .unsafeOutput, location: "criteria/extra/ext-1.html"
        ) {
            var project = TestProject()
            project["content/catalogs/extra.yml"] = """
                id: extra
                name: Extra
                criteria:
                  - {id: EXT-1, title: Upper}
                  - {id: ext-1, title: Lower}
                """
            project.control("CTL-X", title: "Both", audience: .public, criteria: "[EXT-1, ext-1]")
            return project.reader
        },
        Case(
            fixture: "generated: a framework key misspelt", code: .unknownFramework,
            location: "content/assure.yml:5:3"
        ) {
            var project = TestProject()
            project["content/assure.yml"] = "organization:\n  name: Test Co\nframeworks:\n  soc2:\n  iso-27001:\n"
            return project.reader
        },
        // A project catalog reusing an Annex A number: a bare `A.5.15` could mean either.
        Case(
            fixture: "generated: an ID two catalogs define", code: .ambiguousCriterion,
            location: "content/controls/c.md:5:19"
        ) {
            var project = TestProject()
            project["content/catalogs/own.yml"] =
                "id: own\ncriteria:\n  - {id: A.5.15, title: Our own access rule}\n"
            project["content/controls/c.md"]! = project["content/controls/c.md"]!.replacingOccurrences(
                of: "criteria: [CC6.1]", with: "criteria: [CC6.1, A.5.15]")
            return project.reader
        },
        Case(
            fixture: "generated: an implemented control citing no criterion", code: .noCriteria,
            location: "content/controls/c.md:5:1", severity: .warning
        ) {
            var project = TestProject()
            project["content/controls/c.md"]! = project["content/controls/c.md"]!.replacingOccurrences(
                of: "criteria: [CC6.1]", with: "criteria: []")
            return project.reader
        },
        Case(
            fixture: "generated: a control citing a criterion of a category not selected",
            code: .criterionOutOfScope, location: "content/controls/c.md:5:1", severity: .note
        ) {
            var project = TestProject()
            project["content/controls/c.md"]! = project["content/controls/c.md"]!.replacingOccurrences(
                of: "criteria: [CC6.1]", with: "criteria: [CC6.1, A1.2]")
            return project.reader
        },
        Case(
            fixture: "generated: a control with no evidence at a Type I date", code: .evidenceGap,
            location: "content/controls/c.md:10:1"
        ) {
            var project = TestProject()
            project["content/assure.yml"] =
                "organization: {name: Test Co}\nreport: {type: type-1, period: {end: 2026-05-31}}\n"
            project["content/controls/c.md"]! = project["content/controls/c.md"]!.replacingOccurrences(
                of: "audience: public", with: "audience: public\nfrequency: annually")
            return project.reader
        },
        Case(
            fixture: "generated: a grant naming a document that does not exist", code: .grantUnknownDocument,
            location: "content/access/acme.yml:5:13"
        ) { grantProject(documents: "[CTL-NOPE]") },
        Case(
            fixture: "generated: a grant naming a public document", code: .grantNotRestricted,
            location: "content/access/acme.yml:5:13"
        ) { grantProject(documents: "[CTL-1]") },
        Case(
            fixture: "generated: a grant that expires before it is granted", code: .grantEndsBeforeStart,
            location: "content/access/acme.yml:4:1"
        ) { grantProject(expires: "2025-12-31") },
        Case(
            fixture: "generated: two grants for one customer at once", code: .duplicateGrant,
            location: "content/access/acme-again.yml:1:1"
        ) {
            var project = TestProject()
            project.control("CTL-R", title: "Restricted", audience: .restricted)
            project["content/controls/ctl-r.md"] = project["content/controls/ctl-r.md"]!.replacingOccurrences(
                of: "audience: restricted", with: "audience: restricted\nevidence: [Export]")
            let grant = "customer: ACME\nnda: REF-1\ngranted: 2026-01-01\nexpires: 2026-12-31\ndocuments: [CTL-R]\n"
            project["content/access/acme.yml"] = grant
            project["content/access/acme-again.yml"] = grant.replacingOccurrences(
                of: "2026-01-01", with: "2026-06-01")
            return project.reader
        },
        Case(
            fixture: "generated: evidence overdue while the period runs", code: .evidenceOverdue,
            location: "content/evidence/CTL-1.yml:1:1", severity: .warning
        ) {
            var project = TestProject()
            project["content/assure.yml"] =
                "organization: {name: Test Co}\nreport: {type: type-2, period: {start: 2026-01-01, end: 2026-12-31}}\n"
            project["content/controls/c.md"]! = project["content/controls/c.md"]!.replacingOccurrences(
                of: "audience: public", with: "audience: public\nfrequency: monthly")
            project["content/evidence/CTL-1.yml"] =
                "records:\n  - performed: 2026-01-15\n    covers: {from: 2026-01-01, to: 2026-06-29}\n    "
                + "performer: Kim\n"
                + "    result: ok\n"
            return project.reader
        },
        Case(
            fixture: "generated: a required HIPAA specification excluded", code: .exclusionNotAllowed,
            location: "content/assure.yml:8:7"
        ) {
            var project = TestProject()
            project["content/assure.yml"] = """
                organization:
                  name: Test Co
                frameworks:
                  soc2:
                  hipaa:
                    profile: ["164.312(a)(2)(i)"]
                    exclusions:
                      "164.312(a)(2)(i)": Every user shares one account.
                """
            project["content/controls/c.md"]! = project["content/controls/c.md"]!.replacingOccurrences(
                of: "criteria: [CC6.1]", with: #"criteria: [CC6.1, "164.312(a)(2)(i)"]"#)
            return project.reader
        },
    ]

    @Test(arguments: cases)
    func reportsTheProblemWhereItIs(_ example: Case) async throws {
        // A build, not only a check: some problems (two pages for one file) show only then.
        let diagnostics = await buildDiagnostics(example.project)
        let match = diagnostics.first { $0.code == example.code }
        #expect(match != nil, "expected \(example.code) among \(diagnostics.map(\.description))")
        #expect(match.map { "\($0.location)" } == example.location, "\(diagnostics.map(\.description))")
        #expect(match?.severity == example.severity)
        #expect(match?.summary.isEmpty == false)
        // Errors, and only errors, stop a build.
        if example.severity != .note { #expect(diagnostics.hasErrors == (example.severity == .error)) }
    }

    @Test func everyDocumentedCodeHasACaseThatFiresIt() {
        let covered = Set(Self.cases.map(\.code))
        for (code, _) in DiagnosticCode.documented {
            #expect(covered.contains(code), "no case fires \(code)")
        }
    }

    /// Every code declared in `DiagnosticCodes.swift` is in `DiagnosticCode.documented` (SARIF
    /// rules) and in the README's table, and nothing is documented that is not declared.
    @Test func everyDeclaredCodeIsDocumented() throws {
        let source = try String(
            contentsOf: Fixtures.repository.appending(path: "Sources/AssureCore/Diagnostics/DiagnosticCodes.swift"),
            encoding: .utf8)
        let declared = Set(
            source.matches(of: /static let \w+: DiagnosticCode = "([a-z0-9-]+)"/).map { String($0.output.1) })
        #expect(declared.count >= 30)
        let documented = Set(DiagnosticCode.documented.map(\.code.rawValue))
        #expect(declared == documented)
        let readme = try String(contentsOf: Fixtures.repository.appending(path: "README.md"), encoding: .utf8)
        let table = readme.components(separatedBy: "## Diagnostics").dropFirst().first ?? ""
        for code in declared.sorted() {
            #expect(table.contains("`\(code)`"), "the README's diagnostics table does not list \(code)")
        }
    }

    /// A reader that lists a file it then cannot read, as a file with no read permission would.
    struct UnreadableProject: ProjectReader {
        var inner: InMemoryProject
        func entries(under directory: String) throws -> [ProjectEntry] { try inner.entries(under: directory) }
        func read(_ path: String) throws -> Data {
            guard path != "content/policies/locked.md" else { throw CocoaError(.fileReadNoPermission) }
            return try inner.read(path)
        }
        func fileExists(_ path: String) -> Bool { inner.fileExists(path) }
    }

    @Test func eachGeneratedProblemIsTheOnlyOne() async {
        // The generated projects are otherwise clean: each reports exactly its one problem.
        for example in Self.generatedCases {
            let diagnostics = await buildDiagnostics(example.project)
            #expect(
                diagnostics.map { "\($0.location) \($0.code)" } == ["\(example.location) \(example.code)"],
                "\(example.fixture)")
        }
    }

    @Test func aCleanProjectHasNoDiagnosticsAtAll() async {
        let diagnostics = await pipeline(Fixtures.project("inputs/clean")).check().diagnostics
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.description))")
    }

    @Test func anUncoveredCriterionNamesItAndTheControlsThatDoNotCount() async throws {
        let diagnostics = await pipeline(Fixtures.project("inputs/uncovered-criterion")).check().diagnostics
        let error = try #require(diagnostics.first { $0.code == .uncoveredCriterion })
        #expect(error.summary.hasPrefix("CC5.1 "))
        #expect(error.hint?.contains("CTL-9 (planned)") == true)
        #expect(diagnostics.filter { $0.code == .uncoveredCriterion }.count == 1)
        let internalOnly = await pipeline(Fixtures.project("inputs/internal-only-coverage")).check().diagnostics
        #expect(
            internalOnly.first { $0.code == .uncoveredCriterion }?.hint?.contains("CTL-INT meets it but is `internal`")
                == true)
    }

    @Test func unknownCriterionSuggestsTheNearestID() async throws {
        let diagnostics = await buildDiagnostics(Fixtures.project("inputs/unknown-criterion"))
        let error = try #require(diagnostics.first { $0.code == .unknownCriterion })
        #expect(error.summary.contains("CC6.11"))
        #expect(error.hint?.contains("did you mean CC6.1") == true)
    }

    @Test func unknownFieldIsAWarningWithTheNearestKnownField() async throws {
        let diagnostics = await buildDiagnostics(Fixtures.project("inputs/unknown-field"))
        #expect(!diagnostics.hasErrors)
        let warning = try #require(diagnostics.first { $0.code == .unknownField })
        #expect(warning.severity == .warning)
        #expect("\(warning.location)" == "content/policies/a.md:5:1")
        #expect(warning.hint == "did you mean `owner`?")
    }

    @Test func tabsInYAMLGetAHintAboutSpaces() async throws {
        let diagnostics = await buildDiagnostics(Fixtures.project("inputs/malformed-yaml-tab"))
        #expect(diagnostics.first?.hint?.contains("tabs") == true)
    }

    @Test func aFileWithBOMAndCRLFBuildsLikeAnyOther() async throws {
        let project = Fixtures.project("inputs/valid-bom-crlf")
        let diagnostics = await buildDiagnostics(project)
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.description))")
        let site = try await buildSite(project)
        let page = try #require(site["policies/POL-A.html"])
        #expect(page.contains("<del>struck</del>"))
        #expect(page.contains("<a class=\"xref\" href=\"../controls/CTL-1.html\">Control one</a>"))
        #expect(!page.contains("\r"))
        #expect(!page.contains("\u{FEFF}"))
    }

    /// A project with a restricted control and one grant, `content/access/acme.yml`.
    static func grantProject(documents: String = "[CTL-R]", expires: String = "2026-12-31") -> InMemoryProject {
        var project = TestProject()
        project.control("CTL-R", title: "Restricted", audience: .restricted)
        project["content/controls/ctl-r.md"] = project["content/controls/ctl-r.md"]!.replacingOccurrences(
            of: "audience: restricted", with: "audience: restricted\nevidence: [Export]")
        project["content/access/acme.yml"] =
            "customer: ACME\nnda: REF-1\ngranted: 2026-01-01\nexpires: \(expires)\ndocuments: \(documents)\n"
        return project.reader
    }
}
