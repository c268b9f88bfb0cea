import Foundation
import Testing

@testable import AssureCore

@Suite("Resolving references, backlinks and coverage")
struct ResolveTests {
    func portal(_ project: TestProject) async throws -> Portal {
        try await resolvedPortal(project.reader)
    }

    @Test func onlyImplementedControlsCountAsCoverage() async throws {
        var project = TestProject(coveringEverything: false)
        project.control("CTL-2", title: "Partial", audience: .public, criteria: "[CC6.2]", status: "partial")
        project.control("CTL-3", title: "Planned", audience: .public, criteria: "[CC6.3]", status: "planned")
        project.control("CTL-4", title: "Mixed", audience: .public, criteria: "[CC6.3]", status: "not-applicable")
        let coverage = try await portal(project).coverage
        #expect(coverage.row("soc2:CC6.1")?.status == .covered)
        #expect(coverage.row("soc2:CC6.2")?.status == .gap)
        #expect(coverage.row("soc2:CC6.3")?.status == .gap)
        #expect(coverage.row("soc2:CC1.1")?.status == .uncovered)
        let summary = coverage.summary(framework: "soc2", group: "security")
        #expect(summary.total == 33)
        #expect(summary.covered == 1)
        #expect(summary.gaps == 2)
    }

    @Test func anExclusionWithAReasonAddressesACriterion() async throws {
        var project = TestProject(coveringEverything: false)
        project["content/assure.yml"]! += "\nexclusions:\n  CC6.4: Carved out to our cloud provider.\n"
        let coverage = try await portal(project).coverage
        #expect(coverage.row("soc2:CC6.4")?.status == .excluded)
        #expect(coverage.row("soc2:CC6.4")?.exclusionReason == "Carved out to our cloud provider.")
        #expect(coverage.summary(framework: "soc2", group: "security").addressed == 2)
    }

    @Test func selectedPrinciplesAreInScopeAndSecurityAlwaysIs() async throws {
        var project = TestProject(coveringEverything: false)
        project["content/assure.yml"] = "organization: Solo\nprinciples: [availability]\n"
        let model = try await portal(project)
        #expect(model.scope.framework("soc2")?.groups == ["security", "availability"])
        #expect(model.coverage.row("soc2:A1.1")?.inScope == true)
        #expect(model.coverage.row("soc2:C1.1")?.inScope == false)
        #expect(model.catalog.catalog("soc2")?.criteria.count == 61)
    }

    @Test func backlinksRunBothWays() async throws {
        var project = TestProject(coveringEverything: false)
        project.policy("POL-B", title: "Policy B", audience: .public, body: "See [[POL-A]] and [[CC6.1]].")
        let model = try await portal(project)
        #expect(
            model.links.referrers(of: .document(.policy, "POL-A")) == [
                .document(.policy, "POL-B"), .document(.control, "CTL-1"),
            ])
        #expect(
            model.links.referrers(of: .criterion("soc2:CC6.1")) == [
                .document(.policy, "POL-B"), .document(.control, "CTL-1"),
            ])
        #expect(
            model.links.references(of: .document(.control, "CTL-1")) == [
                .document(.policy, "POL-A"), .criterion("soc2:CC6.1"),
            ])
    }

    @Test func relativeLinksResolveInsideContentOnly() {
        #expect(ContentPath.resolve("../controls/c.md", from: "content/policies/a.md") == "content/controls/c.md")
        #expect(ContentPath.resolve("b.md", from: "content/policies/a.md") == "content/policies/b.md")
        #expect(ContentPath.resolve("/pages/x.md", from: "content/policies/a.md") == "content/pages/x.md")
        #expect(ContentPath.resolve("../../README.md", from: "content/policies/a.md") == nil)
        #expect(ContentPath.resolve("../../content/policies/a.md", from: "content/policies/a.md") == nil)
        #expect(ContentPath.resolve("./../pages//x.md", from: "content/policies/a.md") == "content/pages/x.md")
        #expect(ContentPath.resolve("/", from: "content/policies/a.md") == nil)
        #expect(ContentPath.resolve("", from: "content/policies/a.md") == "content/policies")
        #expect(ContentPath.resolve("../pólizas/ü.md", from: "content/policies/a.md") == "content/pólizas/ü.md")
        let combining = "../\u{301}x.md"
        #expect(ContentPath.resolve(combining, from: "content/policies/a.md") == "content/\u{301}x.md")
    }

    @Test func extraCatalogsAddCriteriaAndCanSupplyOfficialWording() async throws {
        var project = TestProject()
        project["content/catalogs/own.yml"] = """
            id: acme-baseline
            name: Acme security baseline
            criteria:
              - id: ACME.1
                title: Access control
                group: organizational
            """
        project["content/catalogs/tsc.yml"] = """
            id: tsc-2017
            criteria:
              - id: CC6.1
                text: The official wording, supplied by the user.
            """
        project.control("CTL-OWN", title: "Own control", audience: .public, criteria: "[ACME.1]")
        let model = try await portal(project)
        #expect(model.catalog.criterion(written: "ACME.1")?.catalog == "acme-baseline")
        #expect(model.catalog["soc2:CC6.1"]?.text == "The official wording, supplied by the user.")
        #expect(model.coverage.row("acme-baseline:ACME.1")?.status == .covered)
        #expect(model.coverage.row("acme-baseline:ACME.1")?.inScope == false)
    }

    @Test func aDocumentCannotTakeACriterionID() async {
        var project = TestProject()
        project.policy("CC6.1", title: "Clash", audience: .public)
        let diagnostics = await buildDiagnostics(project.reader)
        #expect(diagnostics.contains { $0.code == .duplicateID && $0.summary.contains("criterion") })
    }

    @Test func idsDifferingOnlyInCaseAreDuplicates() async {
        var project = TestProject()
        project.policy("pol-a", title: "Lower", audience: .public)
        let diagnostics = await buildDiagnostics(project.reader)
        #expect(diagnostics.contains { $0.code == .duplicateID })
    }

    @Test func severalCriteriaWrittenAsOneTextGetAListHint() async {
        var project = TestProject()
        project.control("CTL-9", title: "Nine", audience: .public, criteria: "\"CC6.1, CC6.2\"")
        let diagnostics = await buildDiagnostics(project.reader)
        let error = diagnostics.first { $0.code == .unknownCriterion }
        #expect(error?.hint == "write a list: [CC6.1, CC6.2]")
    }

    @Test func indexIsReservedBecauseItNamesTheListPage() async {
        var project = TestProject()
        project.policy("index", title: "Index", audience: .public)
        let diagnostics = await buildDiagnostics(project.reader)
        #expect(diagnostics.contains { $0.code == .invalidID })
    }
}
