import Foundation
import Testing

@testable import AssureCore

/// The importers on small projects written in the sources' real formats
/// (`Tests/Fixtures/import/`), asserting the exact documents, criteria and notes that result,
/// and that the imported project checks with nothing but honest coverage gaps and warnings.
@Suite("Importing from other tools")
struct ImportTests {
    static let date = CalendarDate(iso: "2026-11-29")!

    func importJupiterOne() throws -> ImportedProject {
        try JupiterOneImporter.importProject(
            templates: Fixtures.project("import/jupiterone/templates"), asOf: Self.date)
    }

    func frontMatter(_ text: String?) -> [String] {
        guard let text else { return [] }
        return text.split(separator: "\n").dropFirst().prefix { $0 != "---" }.map(String.init)
    }

    @Test func jupiterOneTemplatesBecomePoliciesControlsAndPages() throws {
        let project = try importJupiterOne()
        #expect(
            project.files.keys.sorted() == [
                "content/assure.yml", "content/controls/cp-access-mfa.md", "content/controls/cp-access-review.md",
                "content/controls/cp-access-wifi.md", "content/pages/ref-handbook.md", "content/policies/access.md",
            ])
        #expect(project.summary == "1 policy, 3 control narratives and 1 page; 8 things to review")
        let mfa = project.files["content/controls/cp-access-mfa.md"]
        #expect(
            frontMatter(mfa) == [
                "id: cp-access-mfa", "title: Multi-factor Authentication", "owner: Robin Hale",
                #"criteria: [CC6.1, "164.312(d)", "164.316(b)(2)(ii)", PR.AA-03, A.5.15]"#, "policies: [access]",
                "status: implemented",
                "family: people-and-access", "summary: MFA is required for every user.",
            ])
        // The procedure's own provider fills its placeholder; the admonition is an alert.
        #expect(mfa?.contains("Kestrel implements Okta for MFA.") == true)
        #expect(mfa?.contains("> [!IMPORTANT]\n> **Approved methods**\n>\n> - Push notification\n") == true)
        #expect(!(mfa?.contains("### Multi-factor Authentication") ?? true), "the title heading is in the front matter")
        // HIPAA's old numbering is brought up to date where the file's own title names the paragraph
        // meant; a real 164.316(b)(1)(i) is taken as written. A procedure not applicable says so.
        #expect(
            frontMatter(project.files["content/controls/cp-access-review.md"]).contains(
                #"criteria: [CC6.2, "164.308(b)(3)", A.5.15]"#))
        #expect(frontMatter(project.files["content/controls/cp-access-wifi.md"]).contains("status: not-applicable"))

        let policy = try #require(project.files["content/policies/access.md"])
        #expect(policy.contains("These safeguards address the HIPAA Security Rule."))
        #expect(!policy.contains("PCI DSS"), "a section for a standard not needed is left out")
        #expect(!policy.contains("defaultRevision") && !policy.contains("``"))
        #expect(policy.contains("[1]: ../pages/ref-handbook.md"), "a reference-style link is rewritten")
        #expect(policy.contains("and the rules for legacy systems."), "a link to a document not adopted is text")
        #expect(policy.contains("Tickets go to TODO: ticketingSystem."), "an empty value stays visible")

        #expect(
            project.notes.map(\.description) == [
                "policies/legacy.md: not adopted in config.json; not imported",
                "standards/soc2/soc2-security.json: 1 references are not SOC 2 Trust Services Criteria criteria and "
                    + "are left out (withdrawn, renumbered, or outside what the catalog covers): CC9.9",
                "standards/hipaa/2013.json: 2 references renumbered as the 2013 rule numbers them, because their "
                    + "titles name those paragraphs: 164.308(b)(4) “Written contract” → 164.308(b)(3); "
                    + "164.316(b)(1)(ii) “Availability” → 164.316(b)(2)(ii)",
                "standards/hipaa/2013.json: 1 references are not HIPAA Security Rule criteria and are left out "
                    + "(withdrawn, renumbered, or outside what the catalog covers): 164.316(b)(1)(i)",
                "standards/nist-csf/v2.0.0.json: 1 references are not NIST Cybersecurity Framework 2.0 criteria and "
                    + "are left out (withdrawn, renumbered, or outside what the catalog covers): PR.DS-05",
                "standards/iso-iec-27001-2022.json: 1 references are not ISO/IEC 27001:2022 Annex A criteria and are "
                    + "left out (withdrawn, renumbered, or outside what the catalog covers): 4.1",
                "content/policies/access.md: links to legacy.md, which was not imported; the link is now plain text",
                "audiences: every document is for auditors only (no `audience`): mark what customers may read "
                    + "`public`, or `restricted` to list it by title with a way to ask for it",
            ])
    }

    @Test func theImportedTemplatesCheckWithOnlyCoverageGapsAsErrors() async throws {
        let project = try importJupiterOne()
        let diagnostics = await BuildPipeline(project: InMemoryProject(texts: project.files), asOf: Self.date)
            .check().diagnostics
        #expect(
            diagnostics.errors.allSatisfy { $0.code == .uncoveredCriterion }, "\(diagnostics.errors.map(\.description))"
        )
        #expect(diagnostics.errors.count == 36 + 62, "SOC 2's and HIPAA's criteria the two procedures do not meet")
        #expect(
            diagnostics.filter { $0.severity != .error }.map { "\($0.location) \($0.code)" } == [
                "content/assure.yml security-txt-undated", "content/controls/cp-access-mfa.md:7:1 missing-evidence",
                "content/controls/cp-access-review.md:7:1 missing-evidence",
            ])
        // The frameworks the configuration asks for are in scope, with what the mapping covers.
        let portal = try #require(
            await BuildPipeline(project: InMemoryProject(texts: project.files), asOf: Self.date).check().portal)
        #expect(portal.frameworkCoverage.map(\.catalog.id) == ["soc2", "hipaa"])
        #expect(portal.coverage.row("hipaa:164.312(d)")?.status == .covered)
        #expect(portal.coverage.row("soc2:CC6.2")?.status == .covered)
        #expect(portal.coverage.row("nist-csf:PR.AA-03")?.controls.map(\.id) == ["cp-access-mfa"])
    }

    @Test func anotherMappedStandardBecomesACatalogOfTheProjectsOwn() async throws {
        let project = try JupiterOneImporter.importProject(
            templates: Fixtures.project("import/jupiterone/templates"), standards: ["standards/pci-dss.json"],
            asOf: Self.date)
        #expect(
            project.files["content/catalogs/pci-dss.yml"]
                == """
                # standards/pci-dss.json of JupiterOne's security-policy-templates, written by \
                `assure import jupiterone`.
                id: pci-dss
                name: PCI DSS 3.2.1
                criteria:
                  - id: "8.3"
                    title: Multi-factor authentication
                    group: requirement-8-identify-and-authenticate-access
                    series: "Requirement 8: Identify and authenticate access"
                  - id: 8.1.4
                    title: 8.1.4
                    group: requirement-8-identify-and-authenticate-access
                    series: "Requirement 8: Identify and authenticate access"

                """)
        #expect(
            frontMatter(project.files["content/controls/cp-access-review.md"]).contains(
                #"criteria: [CC6.2, "164.308(b)(3)", A.5.15, "pci-dss:8.1.4"]"#))
        let portal = try #require(
            await BuildPipeline(project: InMemoryProject(texts: project.files), asOf: Self.date).check().portal)
        #expect(portal.coverage.row("pci-dss:8.3")?.controls.map(\.id) == ["cp-access-mfa"])
    }

    @Test func aComplyProjectBecomesPoliciesAndControlNarratives() async throws {
        let project = try ComplyImporter.importProject(from: Fixtures.project("import/comply"), asOf: Self.date)
        #expect(
            project.files.keys.sorted() == [
                "content/assure.yml", "content/controls/control.md", "content/controls/patch.md",
                "content/policies/access.md",
            ])
        let policy = project.files["content/policies/access.md"]
        #expect(
            frontMatter(policy) == [
                "id: AOTP", "title: Access Onboarding and Termination Policy", #"owner: "TODO: owner""#,
                #"version: "2.0""#,
                "effective: 2018-06-01", "last_reviewed: 2019-01-15", "criteria: [CC6.1, CC6.3]",
            ])
        #expect(
            policy?.contains("\n1. This policy defines how Heron Labs grants") == true, "pandoc's `a.` list is a list")
        #expect(policy?.contains("The [control environment narrative](../controls/control.md) describes how.") == true)
        #expect(policy?.contains("| 2019-01-15 | Added offboarding |") == true)
        #expect(
            frontMatter(project.files["content/controls/control.md"]) == [
                "id: CEN", "title: Control Environment Narrative", #"owner: "TODO: owner""#, "criteria: [CC6.1, CC2.1]",
                "status: implemented", "family: narratives",
            ])
        #expect(frontMatter(project.files["content/controls/patch.md"]).contains("frequency: monthly"))
        #expect(frontMatter(project.files["content/controls/patch.md"]).contains("id: PROC-PATCH"))
        #expect(
            project.notes.map(\.description) == [
                "content/policies/access.md: satisfies TSC CC9.9, which is not a criterion; left out",
                "standards/TSC-2017.yml: not imported: Assure's built-in SOC 2 catalog (and the others) "
                    + "replace comply's "
                    + "standards",
                "owners: comply records no owners: 3 documents say `owner: TODO: owner`",
                "CC6.3: claimed only by AOTP; a policy does not meet a criterion, so it is not covered",
                "audiences: every document is for auditors only (no `audience`): mark what customers may read "
                    + "`public`, or `restricted` to list it by title with a way to ask for it",
            ])
        let diagnostics = await BuildPipeline(project: InMemoryProject(texts: project.files), asOf: Self.date)
            .check().diagnostics
        #expect(diagnostics.errors.allSatisfy { $0.code == .uncoveredCriterion })
        #expect(diagnostics.errors.contains { $0.summary.hasPrefix("CC6.3 ") })
        #expect(
            diagnostics.filter { $0.severity != .error }.map { "\($0.location) \($0.code)" } == [
                "content/controls/control.md:4:1 placeholder-text", "content/controls/control.md:6:1 missing-evidence",
                "content/controls/patch.md:4:1 placeholder-text", "content/controls/patch.md:5:1 no-criteria",
                "content/controls/patch.md:6:1 missing-evidence", "content/policies/access.md:2:1 unimplemented-policy",
                "content/policies/access.md:4:1 placeholder-text",
            ])
    }

    @Test func admonitionsBecomeAlertsOfTheNearestKind() {
        let text =
            "Intro\n\n!!! check \"Acknowledgement\"\n\n    I agree.\n\n    Twice.\n\nAfter\n!!! danger\n\tTabbed\n"
        #expect(
            ImportText.convertingAdmonitions(text)
                == "Intro\n\n> [!TIP]\n> **Acknowledgement**\n>\n> I agree.\n>\n> Twice.\n\nAfter\n\n> "
                + "[!CAUTION]\n> Tabbed\n"
        )
    }

    @Test func githubAlertsRenderAsCalloutsOnBothSites() async throws {
        var project = TestProject()
        project.policy(
            "POL-X", title: "Alerts", audience: .public,
            body: "> [!WARNING]\n> Keep **keys** offline.\n\n> [!note] Inline title\n\n> A plain quote.\n\n"
                + "> [!TIP]\n> <script>alert(1)</script>")
        for audience in SiteAudience.allCases {
            let page = try #require(try await buildSite(project.reader, audience: audience)["policies/POL-X.html"])
            #expect(
                page.contains(
                    "<div class=\"callout callout-warning\" role=\"note\"><p class=\"callout-title\">Warning</p>\n"
                        + "<p>Keep <strong>keys</strong> offline.</p>\n</div>"))
            #expect(page.contains("<p class=\"callout-title\">Note</p>\n<p>Inline title</p>"))
            #expect(page.contains("<blockquote>\n<p>A plain quote.</p>\n</blockquote>"))
            #expect(!page.contains("<script>alert"), "raw HTML stays off inside a callout")
        }
    }
}
