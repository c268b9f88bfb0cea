import Foundation
import Testing

@testable import AssureCore

/// The public trust page with many restricted controls: grouped by family with counts, a way
/// to ask for each, and nothing that does not apply.
@Suite("The public trust page at scale")
struct TrustPageTests {
    /// POL-A with one public control and three restricted ones in two families, and a control
    /// that does not apply.
    static func project(contact: String = "contact: {email: trust@test.example}") -> TestProject {
        var project = TestProject()
        project["content/assure.yml"]! += "\n\(contact)\n"
        func control(_ id: String, _ title: String, family: String, audience: String, status: String = "implemented") {
            project["content/controls/\(id.lowercased()).md"] = """
                ---
                id: \(id)
                title: \(title)
                owner: IT
                criteria: [CC6.1]
                policies: [POL-A]
                status: \(status)
                family: \(family)
                audience: \(audience)
                evidence: [Export]
                ---
                Text.
                """
        }
        control("CTL-R1", "Restricted one", family: "access-control", audience: "restricted")
        control("CTL-R2", "Restricted two & more", family: "access-control", audience: "restricted")
        control("CTL-R3", "Restricted three", family: "change-management", audience: "restricted")
        control(
            "CTL-NA", "CANARY not applicable", family: "access-control", audience: "public", status: "not-applicable")
        control(
            "CTL-NR", "CANARY restricted not applicable", family: "access-control", audience: "restricted",
            status: "not-applicable")
        return project
    }

    @Test func controlsAreGroupedByFamilyWithCountsAndNothingThatDoesNotApply() async throws {
        let site = try await buildSite(Self.project().reader)
        for (path, content) in site {
            #expect(!content.contains("CANARY"), "\(path) lists a control that does not apply")
        }
        #expect(site["controls/CTL-NA.html"] == nil)
        let controls = try #require(site["controls/index.html"])
        #expect(!controls.contains("Further controls"))
        #expect(
            controls.contains(
                "<summary><h2>Access control <span class=\"muted family-count\">3 controls · 1 shown here, 2 "
                    + "available on request</span></h2></summary>"
            ))
        #expect(controls.contains("<details class=\"family\" id=\"f-change-management\">"), "only titles: closed")
        let home = try #require(site["index.html"])
        #expect(
            home.contains(
                "<summary><h3>Change management <span class=\"muted family-count\">1 control · 0 shown here, "
                    + "1 available on request</span></h3></summary>"
            ))
        // The auditor site still shows the control that does not apply.
        let auditor = try await buildSite(Self.project().reader, audience: .auditor)
        #expect(auditor["controls/CTL-NA.html"]?.contains("CANARY not applicable") == true)
    }

    @Test func aPolicyPageSaysHowManyControlsImplementIt() async throws {
        let site = try await buildSite(Self.project().reader)
        #expect(
            site["policies/POL-A.html"]?.contains(
                "4 controls implement this policy: 1 shown here, 3 available on request.") == true)
    }

    @Test func eachRestrictedDocumentHasARequestAccessAction() async throws {
        let site = try await buildSite(Self.project().reader)
        #expect(
            site["controls/index.html"]?.contains(
                "<a class=\"request-access\" href=\"mailto:trust@test.example?subject=Request%20access%3A%20CTL-R2%20"
                    + "Restricted%20two%20%26%20more\">Request access</a>") == true)
        let form = try await buildSite(
            Self.project(
                contact: "contact: {email: trust@test.example, request_access: \"https://test.example/nda?from=trust\"}"
            )
            .reader)
        #expect(
            form["controls/index.html"]?.contains(
                "href=\"https://test.example/nda?from=trust&amp;document=CTL-R1\">Request access</a>") == true)
    }

    @Test func pagesWithAMenuGroupShareOneMenuItem() async throws {
        var project = TestProject()
        for (id, title, menu) in [
            ("faq", "FAQ", "Resources"), ("handbook", "Handbook", "Resources"), ("status", "Status", ""),
        ] {
            project["content/pages/\(id).md"] =
                "---\ntitle: \(title)\naudience: public\n\(menu.isEmpty ? "" : "menu: \(menu)\n")---\nText.\n"
        }
        let site = try await buildSite(project.reader)
        let page = try #require(site["pages/handbook.html"])
        #expect(
            page.contains(
                "<li><details class=\"menu\"><summary class=\"current\">Resources</summary><ul>"
                    + "<li><a href=\"../pages/faq.html\">FAQ</a></li>"
                    + "<li><a href=\"../pages/handbook.html\" "
                    + "aria-current=\"page\">Handbook</a></li></ul></details></li>"
            ))
        #expect(page.contains("<li><a href=\"../pages/status.html\">Status</a></li>"))
        #expect(site["index.html"]?.contains("<summary>Resources</summary>") == true)
    }

    /// A one-pixel PNG.
    static let png = Data(
        base64Encoded:
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")!

    func branded(_ site: String) -> InMemoryProject {
        var project = TestProject()
        project["content/assure.yml"]! += "\nsite:\n\(site)\n"
        var reader = project.reader
        reader.files["content/brand/logo.png"] = Self.png
        reader.files["content/brand/icon.png"] = Self.png
        return reader
    }

    @Test func theLogoColoursAndFaviconComeFromTheSettings() async throws {
        let project = branded(
            "  logo: brand/logo.png\n  favicon: brand/icon.png\n  accent: \"#0B5CAD\"\n  accent_dark: \"#6cb6ff\"")
        #expect(await buildDiagnostics(project).isEmpty)
        let site = try await buildSite(project)
        #expect(site["files/brand/logo.png"] != nil && site["files/brand/icon.png"] != nil)
        let page = try #require(site["policies/POL-A.html"])
        #expect(page.contains("<img class=\"logo\" src=\"../files/brand/logo.png\" alt=\"\">"))
        #expect(page.contains("<link rel=\"icon\" href=\"../files/brand/icon.png\">"))
        #expect(page.contains("<link rel=\"stylesheet\" href=\"../assets/brand.css\">"))
        #expect(site["assets/brand.css"]?.contains(":root { --accent: #0b5cad; }") == true)
        #expect(
            site["assets/brand.css"]?.contains("@media (prefers-color-scheme: dark) { :root { --accent: #6cb6ff; } }")
                == true)
    }

    @Test func aColourTooFaintToReadOrAnSVGLogoIsAnError() async throws {
        let faint = await buildDiagnostics(branded("  accent: \"#ffdd00\""))
        #expect(
            faint.map(\.summary).contains(
                "the accent #ffdd00 has a contrast of 1.3:1 on the light background (#ffffff); links need at "
                    + "least 4.5:1"
            ))
        let dark = await buildDiagnostics(branded("  accent: \"#0b3d91\""))
        #expect(dark.contains { $0.summary.contains("on the dark-mode background (#0d1117)") })
        var svg = branded("  logo: brand/logo.svg")
        svg.files["content/brand/logo.svg"] = Data("<svg onload='alert(1)'/>".utf8)
        #expect(
            await buildDiagnostics(svg).contains {
                $0.summary == "the logo content/brand/logo.svg is an SVG file, which can carry scripts"
            })
    }

    /// A report not yet under way reads as planned; the coverage bar shows exclusions as their
    /// own segment, apart from what implemented controls cover.
    @Test func aPlannedReportAndTheCoverageBarSayWhatTheyAre() async throws {
        var project = TestProject()
        let planned = try #require(try await buildSite(project.reader)[SitePaths.home])
        #expect(planned.contains("<dt>Planned for</dt><dd>30 June 2026</dd>"), "a planned report is not “as of”")
        project["content/assure.yml"] = project["content/assure.yml"]!.replacingOccurrences(
            of: "  type: type-1", with: "  type: type-1\n  status: in-progress")
        let running = try #require(try await buildSite(project.reader)[SitePaths.home])
        #expect(running.contains("<dt>As of</dt><dd>30 June 2026</dd>"))

        let golden = try #require(try await buildSite(Fixtures.project("golden"))[SitePaths.home])
        let bar = try #require(golden.firstMatch(of: /<p class="coverage-bar"[^>]*>(.*?)<\/p>/)?.output.1)
        #expect(bar.components(separatedBy: #"<span class="bar-covered">"#).count - 1 == 34, "\(bar)")
        #expect(bar.components(separatedBy: #"<span class="bar-excluded">"#).count - 1 == 1)
    }

    /// A framework page explains its statuses, and says in one line that a category the
    /// programme leaves out is not assessed, instead of a table of criteria marked so.
    @Test func aFrameworkPageHasALegendAndOneLinePerCategoryOutOfScope() async throws {
        let page = try #require(try await buildSite(Fixtures.project("golden"))[SitePaths.framework("soc2")])
        #expect(page.contains("<strong>Gap</strong>: only partial or planned controls address it so far."))
        #expect(page.contains("<strong>Not covered</strong>: nothing addresses it yet."))
        #expect(page.contains("Not part of this programme's scope, so none of its criteria is assessed."))
        #expect(!page.contains(">A1.1</a>"), "no row for a criterion of a category not in scope")
        #expect(page.contains(">C1.1</a>"), "a category in scope keeps its table")
    }

    /// A title shown alone tells no more than it should, and no less: a restricted planned control
    /// says it is planned, a criterion's page offers its restricted controls on request, and a
    /// public text that names a restricted document says where to ask for it.
    @Test func restrictedControlsSayTheirStatusAndHowToAskForThem() async throws {
        var project = Self.project()
        project["content/controls/ctl-rp.md"] = """
            ---
            id: CTL-RP
            title: Restricted planned
            owner: IT
            criteria: [CC6.2]
            policies: [POL-A]
            status: planned
            family: access-control
            audience: restricted
            ---
            Text.
            """
        project.policy("POL-B", title: "Policy B", audience: .public, body: "See [[CTL-R1]] for how.")
        let site = try await buildSite(project.reader)
        let controls = try #require(site["controls/index.html"])
        #expect(controls.contains(#"<span>Restricted planned</span> <span class="badge badge-request">"#))
        #expect(controls.contains(#"<span class="badge badge-planned">Planned</span>"#))
        #expect(controls.contains("4 controls · 1 shown here, 3 available on request · 1 not yet implemented"))
        let criterion = try #require(site["criteria/soc2/CC6.1.html"])
        #expect(criterion.contains("<span>Restricted one</span>"), "offered on request where it meets the criterion")
        #expect(criterion.contains(#"href="mailto:trust@test.example?subject=Request%20access%3A%20CTL-R1"#))
        let policy = try #require(site["policies/POL-B.html"])
        #expect(policy.contains("Restricted one <em>(available on request)</em></span> <a class=\"request-access\""))
    }
}
