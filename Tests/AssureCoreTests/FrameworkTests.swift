import Foundation
import Testing

@testable import AssureCore

/// Several frameworks in one programme: the built-in catalogs, scope per framework, qualified
/// IDs, exclusions, the Statement of Applicability and crosswalk suggestions.
@Suite("Frameworks")
struct FrameworkTests {
    static let builtIn = CriteriaCatalog.builtIn

    func catalog(_ id: String) throws -> Catalog { try #require(Self.builtIn.catalog(id)) }

    func counts(_ catalog: Catalog) -> [String: Int] {
        Dictionary(grouping: catalog.criteria, by: \.group).mapValues(\.count)
    }

    // MARK: - The built-in catalogs

    @Test func theBuiltInCatalogsParseCleanAndComeInAFixedOrder() {
        #expect(CatalogParser.builtInDiagnostics.isEmpty, "\(CatalogParser.builtInDiagnostics)")
        #expect(Self.builtIn.catalogs.map(\.id) == ["soc2", "iso27001", "nist-csf", "hipaa"])
        #expect(Self.builtIn.catalogs.allSatisfy { $0.isBuiltIn })
        // No two built-in catalogs share a bare ID, so a bare ID is never ambiguous among them.
        let ids = Self.builtIn.catalogs.flatMap { $0.criteria.map(\.id) }
        #expect(Set(ids).count == ids.count)
    }

    @Test func soc2HasTheSixtyOneCriteriaOfTheTrustServicesCriteria() throws {
        let soc2 = try catalog("soc2")
        #expect(soc2.criteria.count == 61)
        #expect(
            counts(soc2) == [
                "security": 33, "availability": 3, "confidentiality": 2, "processing-integrity": 5, "privacy": 18,
            ])
        // The AICPA's list: ID and category of each criterion.
        let official = try String(
            contentsOf: Fixtures.root.appending(path: "official-ids/tsc-2017.tsv"), encoding: .utf8
        )
        .split(whereSeparator: \.isNewline).map { $0.replacingOccurrences(of: "\t", with: " ") }
        #expect(official.count == 61)
        #expect(soc2.criteria.map { "\($0.id) \($0.group)" } == official)
        #expect(soc2.answers(to: "tsc-2017"))
    }

    @Test func iso27001HasNinetyThreeAnnexAControlsInFourThemes() throws {
        let iso = try catalog("iso27001")
        #expect(counts(iso) == ["organizational": 37, "people": 8, "physical": 14, "technological": 34])
        let expected =
            (1...37).map { "A.5.\($0)" } + (1...8).map { "A.6.\($0)" } + (1...14).map { "A.7.\($0)" }
            + (1...34).map { "A.8.\($0)" }
        #expect(iso.criteria.map(\.id) == expected)
        #expect(iso.statementOfApplicability)
    }

    @Test func nistCSFHasSixFunctionsTwentyTwoCategoriesAndOneHundredSixSubcategories() throws {
        let csf = try catalog("nist-csf")
        #expect(
            counts(csf) == ["govern": 31, "identify": 21, "protect": 22, "detect": 11, "respond": 13, "recover": 8])
        // The subcategories NIST CSF 2.0 publishes, by category (withdrawn numbers skipped).
        let published: [(String, [Int])] = [
            ("GV.OC", Array(1...5)), ("GV.RM", Array(1...7)), ("GV.RR", Array(1...4)), ("GV.PO", [1, 2]),
            ("GV.OV", [1, 2, 3]), ("GV.SC", Array(1...10)), ("ID.AM", [1, 2, 3, 4, 5, 7, 8]), ("ID.RA", Array(1...10)),
            ("ID.IM", Array(1...4)), ("PR.AA", Array(1...6)), ("PR.AT", [1, 2]), ("PR.DS", [1, 2, 10, 11]),
            ("PR.PS", Array(1...6)), ("PR.IR", Array(1...4)), ("DE.CM", [1, 2, 3, 6, 9]),
            ("DE.AE", [2, 3, 4, 6, 7, 8]), ("RS.MA", Array(1...5)), ("RS.AN", [3, 6, 7, 8]), ("RS.CO", [2, 3]),
            ("RS.MI", [1, 2]), ("RC.RP", Array(1...6)), ("RC.CO", [3, 4]),
        ]
        #expect(published.count == 22)
        let expected = published.flatMap { category, numbers in
            numbers.map { "\(category)-\($0 < 10 ? "0" : "")\($0)" }
        }
        #expect(csf.criteria.map(\.id) == expected)
        #expect(Set(csf.criteria.map { $0.series.prefix(5) }).count == 22)
        #expect(csf.scope.selects == "functions")
    }

    @Test func hipaaMarksEachSpecificationRequiredOrAddressableAsTheRuleDoes() throws {
        let hipaa = try catalog("hipaa")
        #expect(
            counts(hipaa) == [
                "administrative": 30, "physical": 12, "technical": 12, "organizational": 6, "documentation": 5,
            ])
        let addressable = hipaa.criteria.filter { $0.implementation == .addressable }.map(\.id)
        #expect(addressable.count == 22)
        #expect(hipaa.criteria.allSatisfy { $0.implementation != nil })
        // Every standard is required; a few specifications, checked against the rule's text.
        #expect(
            hipaa.criteria.filter { $0.attributes["kind"] == "standard" }.allSatisfy { $0.implementation == .required })
        #expect(addressable.contains("164.312(a)(2)(iv)"))  // encryption and decryption
        #expect(addressable.contains("164.308(a)(5)(ii)(D)"))  // password management
        #expect(!addressable.contains("164.308(a)(1)(ii)(A)"))  // risk analysis is required
        #expect(!addressable.contains("164.312(a)(2)(i)"))  // unique user identification is required
    }

    // MARK: - A programme answering to all four

    /// A project in scope for all four frameworks: one control per group of each catalog meets
    /// the whole group, and a shared control meets criteria of several frameworks at once.
    static func allFourProject() -> TestProject {
        var project = TestProject(coveringEverything: false)
        project["content/assure.yml"] = """
            organization: {name: Test Co}
            frameworks:
              soc2:
                principles: [security, availability, confidentiality, processing-integrity, privacy]
              iso27001:
              nist-csf:
              hipaa:
            """
        project["content/controls/c.md"] = nil
        for catalog in builtIn.catalogs {
            for group in catalog.groups {
                let ids = catalog.criteria(in: group.id).map(\.id).filter {
                    !["CC6.1", "A.5.15", "PR.AA-05"].contains($0)
                }
                addControl(&project, id: "\(catalog.id)-\(group.id)".uppercased(), criteria: ids)
            }
        }
        addControl(&project, id: "SHARED", criteria: ["CC6.1", "A.5.15", "PR.AA-05"])
        return project
    }

    static func addControl(_ project: inout TestProject, id: String, criteria: [String]) {
        let list = criteria.map { "\"\($0)\"" }.joined(separator: ", ")
        project["content/controls/\(id.lowercased()).md"] = """
            ---
            id: \(id)
            title: Control \(id)
            owner: IT
            criteria: [\(list)]
            policies: [POL-A]
            status: implemented
            family: governance
            evidence: [Export]
            ---
            Text.
            """
    }

    @Test func aProgrammeInScopeForAllFourFrameworksChecksCleanAndBuilds() async throws {
        let project = Self.allFourProject()
        let diagnostics = await buildDiagnostics(project.reader)
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.description))")
        let portal = try #require(try await pipeline(project.reader).model().portal)
        #expect(portal.frameworkCoverage.map(\.catalog.id) == ["soc2", "iso27001", "nist-csf", "hipaa"])
        #expect(portal.frameworkCoverage.map(\.summary.total) == [61, 93, 106, 65])
        #expect(portal.frameworkCoverage.allSatisfy { $0.summary.covered == $0.summary.total })
        let site = try await buildSite(project.reader, audience: .auditor)
        for id in ["soc2", "iso27001", "nist-csf", "hipaa"] {
            #expect(site[SitePaths.framework(id)] != nil, "\(id) has no page")
        }
        #expect(site["criteria/hipaa/" + Slug.fileName("164.312(a)(2)(iv)") + ".html"]?.contains("Addressable") == true)
        // The home page has a card per framework; the shared control lists its criteria by framework.
        let home = try #require(site["index.html"])
        for name in ["SOC 2", "ISO 27001", "NIST CSF", "HIPAA"] { #expect(home.contains("\(name)</a></h3>")) }
        let shared = try #require(site["controls/SHARED.html"])
        #expect(shared.contains("<dt>SOC 2 criteria</dt>") && shared.contains("<dt>ISO 27001 criteria</dt>"))
        #expect(shared.contains("<dt>NIST CSF criteria</dt>") && !shared.contains("<dt>HIPAA criteria</dt>"))
        #expect(site[SitePaths.statementOfApplicability("iso27001")] != nil)
    }

    @Test func removingOneControlUncoversExactlyWhatItServedInEachFramework() async throws {
        var project = Self.allFourProject()
        project["content/controls/shared.md"] = nil
        let diagnostics = await buildDiagnostics(project.reader)
        let uncovered = diagnostics.filter { $0.code == .uncoveredCriterion }.map(\.summary).sorted()
        #expect(
            uncovered == [
                "ISO 27001 A.5.15 (Rules for controlling access) is not met by any implemented control",
                "NIST CSF PR.AA-05 (Access follows least privilege and is reviewed) is not met by any "
                    + "implemented control",
                "SOC 2 CC6.1 (Logical access security architecture) is not met by any implemented control",
            ])
        #expect(diagnostics.count == uncovered.count, "\(diagnostics.map(\.description))")
    }

    // MARK: - IDs across catalogs

    @Test func aBareIDTwoCatalogsDefineIsAnErrorNamingBoth() async throws {
        var project = TestProject()
        project["content/catalogs/own.yml"] = "id: own\nname: Own\ncriteria:\n  - {id: A.5.15, title: Our rule}\n"
        Self.addControl(&project, id: "CTL-Q", criteria: ["CC6.1", "A.5.15"])
        let diagnostics = await buildDiagnostics(project.reader)
        let error = try #require(diagnostics.first { $0.code == .ambiguousCriterion })
        #expect(error.summary.contains("iso27001 and own"))
        #expect(error.hint?.contains("iso27001:A.5.15 or own:A.5.15") == true)
        #expect(error.location.path == "content/controls/ctl-q.md")

        // Qualified, it resolves: the control meets the project's own criterion only.
        Self.addControl(&project, id: "CTL-Q", criteria: ["CC6.1", "own:A.5.15"])
        let portal = try #require(try await pipeline(project.reader).model().portal)
        #expect(portal.coverage.row("own:A.5.15")?.controls.map(\.id) == ["CTL-Q"])
        #expect(portal.coverage.row("iso27001:A.5.15")?.controls.isEmpty == true)
    }

    @Test func aMisspeltIDIsMatchedFromTheRightCatalog() async throws {
        var project = TestProject()
        Self.addControl(&project, id: "CTL-Q", criteria: ["CC6.1", "PR.AA-5", "iso27001:A.5.155"])
        let diagnostics = await buildDiagnostics(project.reader).filter { $0.code == .unknownCriterion }
        #expect(diagnostics.map(\.hint) == ["did you mean PR.AA-05?", "did you mean iso27001:A.5.15?"])
    }

    // MARK: - Scope and exclusions

    static func hipaaProject(
        exclusion: String, uncovered: [String] = ["164.312(a)(2)(iv)", "164.312(a)(2)(i)"]
    ) -> TestProject {
        var project = TestProject()
        project["content/assure.yml"] = """
            organization: {name: Test Co}
            frameworks:
              soc2:
              hipaa:
                exclusions:
            \(exclusion)
            """
        let ids = builtIn.catalog("hipaa")!.criteria.map(\.id).filter { !uncovered.contains($0) }
        addControl(&project, id: "CTL-HIPAA", criteria: ids)
        return project
    }

    @Test func anAddressableSpecificationMayBeDocumentedAsNotApplicableARequiredOneMayNot() async throws {
        let addressable = Self.hipaaProject(
            exclusion: """
                      "164.312(a)(2)(iv)":
                        reason: Electronic health information is never stored; it passes through in memory.
                        alternative: Transmission is encrypted (CRY-02); nothing is written to disk.
                      "164.312(a)(2)(i)": Everyone signs in as themselves anyway.
                """)
        let diagnostics = await buildDiagnostics(addressable.reader)
        // The required one stays in scope, uncovered; the addressable one is excluded.
        #expect(
            diagnostics.map(\.code).sorted { $0.rawValue < $1.rawValue } == [
                .exclusionNotAllowed, .uncoveredCriterion,
            ],
            "\(diagnostics.map(\.description))")
        #expect(diagnostics.contains { $0.summary.contains("164.312(a)(2)(i) is a required HIPAA specification") })
        let portal = try #require(await pipeline(addressable.reader).check().portal)
        let row = try #require(portal.coverage.row("hipaa:164.312(a)(2)(iv)"))
        #expect(row.status == .excluded)
        #expect(row.exclusionAlternative?.hasPrefix("Transmission is encrypted") == true)

        // Addressable, but without the alternative measure: not enough.
        let bare = Self.hipaaProject(
            exclusion: "      \"164.312(a)(2)(iv)\": Not stored.\n      \"164.312(a)(2)(i)\": x")
        let bareDiagnostics = await buildDiagnostics(bare.reader)
        #expect(bareDiagnostics.contains { $0.code == .missingField && $0.summary.contains("alternative measure") })
    }

    @Test func aRequiredSpecificationForOtherKindsOfEntityMayBeExcludedWithAReason() async throws {
        let project = Self.hipaaProject(
            exclusion: """
                      "164.312(a)(2)(iv)": {reason: Never stored., alternative: Encrypted in transit.}
                      "164.312(a)(2)(i)": Required for everyone.
                      "164.314(b)(1)": Test Co is not a group health plan.
                """, uncovered: ["164.312(a)(2)(iv)", "164.312(a)(2)(i)", "164.314(b)(1)"])
        let diagnostics = await buildDiagnostics(project.reader)
        #expect(
            diagnostics.filter { $0.code == .exclusionNotAllowed }.map(\.summary) == [
                "164.312(a)(2)(i) is a required HIPAA specification; it cannot be excluded"
            ])
        let portal = try #require(await pipeline(project.reader).check().portal)
        #expect(portal.coverage.row("hipaa:164.314(b)(1)")?.status == .excluded)
        #expect(portal.catalog["hipaa:164.314(b)(1)"]?.appliesTo == "a group health plan")
    }

    @Test func functionsSelectTheCSFScopeAndAProfileNarrowsIt() async throws {
        var project = TestProject()
        project["content/assure.yml"] = """
            organization: {name: Test Co}
            frameworks:
              soc2:
              nist-csf:
                functions: [govern, detect]
                profile: [GV.PO-01, GV.PO-02, DE.CM-01]
            """
        Self.addControl(&project, id: "CTL-CSF", criteria: ["CC6.1", "GV.PO-01", "GV.PO-02", "DE.CM-01"])
        #expect(await buildDiagnostics(project.reader).isEmpty)
        let portal = try #require(try await pipeline(project.reader).model().portal)
        #expect(portal.coverage.summary(framework: "nist-csf").total == 3)
        #expect(portal.coverage.row("nist-csf:PR.AA-01")?.inScope == false)
    }

    @Test func aProjectCatalogCanBeInScopeWithItsOwnExclusionsAndReport() async throws {
        var project = TestProject()
        project["content/assure.yml"] = """
            organization: {name: Test Co}
            frameworks:
              soc2:
              acme:
                exclusions:
                  ACME.2: We hold no paper records.
            """
        project["content/catalogs/acme.yml"] = """
            id: acme
            name: Acme group security baseline
            short_name: Acme baseline
            criteria:
              - {id: ACME.1, title: Access is reviewed}
              - {id: ACME.2, title: Paper is shredded}
              - {id: ACME.3, title: Backups are tested}
            """
        Self.addControl(&project, id: "CTL-A", criteria: ["CC6.1", "ACME.1"])
        let diagnostics = await buildDiagnostics(project.reader)
        #expect(
            diagnostics.map(\.summary)
                == ["ACME.3 (Backups are tested) is not met by any implemented control"]
                .map { "Acme baseline " + $0 })
        let portal = try #require(await pipeline(project.reader).check().portal)
        let acme = try #require(portal.frameworkCoverage.first { $0.catalog.id == "acme" })
        #expect(acme.summary.total == 3 && acme.summary.covered == 1 && acme.summary.excluded == 1)
        let report = CoverageReport(coverage: portal.coverage, frameworks: portal.frameworkCoverage).csv()
        #expect(report.contains("\nacme,ACME.2,acme,Paper is shredded,excluded,,,We hold no paper records.\n"))
    }

    @Test func anOlderProjectWithTopLevelPrinciplesAndExclusionsMeansSOC2() async throws {
        var legacy = TestProject()
        legacy["content/assure.yml"] = """
            organization: {name: Test Co}
            principles: [security, availability]
            exclusions:
              CC6.4: Carved out to the cloud provider.
              A1.2: Backups are the customer's.
            """
        var current = legacy
        current["content/assure.yml"] = """
            organization: {name: Test Co}
            frameworks:
              soc2:
                principles: [security, availability]
                exclusions:
                  CC6.4: Carved out to the cloud provider.
                  A1.2: Backups are the customer's.
            """
        let old = try #require(await pipeline(legacy.reader).check().portal)
        let new = try #require(await pipeline(current.reader).check().portal)
        #expect(old.coverage.rows == new.coverage.rows)
        #expect(old.scope.frameworks.map(\.groups) == [["security", "availability"]])
        let oldDiagnostics = await buildDiagnostics(legacy.reader)
        let newDiagnostics = await buildDiagnostics(current.reader)
        #expect(oldDiagnostics.map(\.summary) == newDiagnostics.map(\.summary))
        #expect(oldDiagnostics.map(\.code) == [.uncoveredCriterion, .uncoveredCriterion])
    }

    // MARK: - Statement of Applicability and suggestions

    @Test func theExampleStatementOfApplicabilityHasARowPerAnnexAControl() async throws {
        let site = try await buildSite(DiskProject(root: Fixtures.repository), audience: .auditor)
        let csv = try #require(site[SitePaths.statementOfApplicabilityCSV("iso27001")])
        let rows = csv.split(separator: "\n")
        #expect(rows.count == 1 + 93)
        #expect(rows.first == "control,title,theme,applicable,justification,implementing_controls,status")
        #expect(rows.contains { $0.hasPrefix("A.7.1,") && $0.contains(",no,") && $0.hasSuffix(",excluded") })
        #expect(site[SitePaths.statementOfApplicability("iso27001")]?.contains("81 of 93 controls apply") == true)
        // Nothing of it reaches the public site.
        let publicSite = try await buildSite(DiskProject(root: Fixtures.repository))
        #expect(publicSite[SitePaths.statementOfApplicabilityCSV("iso27001")] == nil)
        #expect(publicSite[SitePaths.statementOfApplicability("iso27001")] == nil)
    }

    @Test func suggestionsComeFromTheCrosswalkAndNeverCountAsCoverage() async throws {
        var project = TestProject()
        project["content/assure.yml"] = "organization: {name: Test Co}\nframeworks: [soc2, iso27001]\n"
        project["content/catalogs/mappings/soc2-iso.yml"] = """
            between: [soc2, iso27001]
            pairs:
              - [CC6.1, A.5.15]
              - [CC6.1, A.8.5]
            """
        let portal = try #require(await pipeline(project.reader).check().portal)
        let suggestions = CrosswalkSuggestions(portal: portal, frameworks: ["iso27001"]).suggestions
        let accessControl = try #require(suggestions.first { $0.criterion == "A.5.15" })
        #expect(accessControl.controls.map(\.control) == ["CTL-1", "CTL-BASE"])
        #expect(accessControl.controls.first?.via == ["soc2:CC6.1"])
        #expect(suggestions.count == 93)
        #expect(portal.coverage.row("iso27001:A.5.15")?.status == .uncovered)
        #expect(portal.coverage.summary(framework: "iso27001").covered == 0)
    }
}
