import Foundation
import Testing

@testable import AssureCore

/// OSCAL catalogs and profiles made here, imported as Assure catalogs with exact counts.
@Suite("assure import oscal")
struct OSCALImportTests {
    static let catalog = """
        {"catalog": {"uuid": "00000000-0000-4000-8000-000000000001",
          "metadata": {"title": "Example Controls", "version": "1.0", "last-modified": "2026-01-01T00:00:00Z",
                       "oscal-version": "1.1.2"},
          "groups": [
            {"id": "ac", "title": "Access  Control", "controls": [
              {"id": "ac-1", "title": "Policy for {{ insert: param, ac-1_prm_1 }}",
               "params": [{"id": "ac-1_prm_1", "label": "organization-defined systems"}]},
              {"id": "ac-2", "title": "Account Management", "controls": [
                {"id": "ac-2.1", "title": "Automated Management"},
                {"id": "ac-2.2", "title": "Temporary accounts: {{ insert: param, ac-2.2_prm_1 }}",
                 "params": [{"id": "ac-2.2_prm_1", "select": {"choice": ["remove", "disable"]}}]},
                {"id": "ac-2.3", "title": "Withdrawn enhancement", "props": [{"name": "status", "value": "withdrawn"}]}
              ]},
              {"id": "ac-3", "title": "Withdrawn control", "props": [{"name": "status", "value": "withdrawn"}],
               "controls": [{"id": "ac-3.1", "title": "Child of a withdrawn control"}]}
            ]},
            {"id": "sc", "title": "System Protection", "controls": [
              {"id": "sc-7", "title": "Boundary Protection", "controls": [{"id": "sc-7.3", "title": "Access Points"}]},
              {"id": "sc-8", "title": "Transmission Confidentiality"}
            ]}
          ],
          "controls": [{"id": "x-1", "title": "Ungrouped control"}]
        }}
        """

    func imported(profile: String? = nil, key: String? = "example") throws -> OSCALCatalogImport {
        try OSCALImporter.importCatalog(
            Data(Self.catalog.utf8), named: "catalog.json", profile: profile.map { (Data($0.utf8), "profile.json") },
            key: key)
    }

    /// The imported catalog as the catalog parser reads it: its criteria IDs and titles.
    func parsed(_ result: OSCALCatalogImport) throws -> [(id: String, title: String, group: String)] {
        let (catalogs, diagnostics) = CatalogParser.parse([
            SourceFile(path: result.path, data: Data(result.yaml.utf8))
        ])
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.description))")
        let catalog = try #require(catalogs.catalog(result.key))
        return catalog.criteria.map { ($0.id, $0.title, $0.group) }
    }

    @Test func aWholeCatalogImportsWithGroupsEnhancementsAndParameters() throws {
        let result = try imported()
        #expect((result.controls, result.enhancements, result.withdrawn, result.excluded) == (5, 3, 3, 0))
        let criteria = try parsed(result)
        #expect(criteria.map(\.id) == ["ac-1", "ac-2", "ac-2.1", "ac-2.2", "sc-7", "sc-7.3", "sc-8", "x-1"])
        #expect(criteria[0].title == "Policy for [organization-defined systems]")
        #expect(criteria[3].title == "Account Management | Temporary accounts: [remove; disable]")
        #expect(criteria.map(\.group) == ["ac", "ac", "ac", "ac", "sc", "sc", "sc", "controls"])
        #expect(result.yaml.contains("- {id: \"ac\", name: \"Access Control\"}"))
        #expect(result.yaml.hasPrefix("# Imported by `assure import oscal` from catalog.json (SHA-256 "))
    }

    @Test func aProfileIncludesAndExcludesByIDPatternAndChildren() throws {
        let profile = """
            {"profile": {"uuid": "00000000-0000-4000-8000-000000000002",
              "metadata": {"title": "Baseline", "last-modified": "2026-01-01T00:00:00Z", "oscal-version": "1.1.2"},
              "imports": [{"href": "#catalog",
                "include-controls": [{"with-ids": ["ac-1", "sc-7"], "with-child-controls": "yes"},
                                     {"matching": [{"pattern": "ac-2*"}]}],
                "exclude-controls": [{"with-ids": ["ac-2.1"]}]}]}}
            """
        let result = try imported(profile: profile)
        #expect((result.controls, result.enhancements, result.withdrawn, result.excluded) == (3, 2, 3, 3))
        #expect(try parsed(result).map(\.id) == ["ac-1", "ac-2", "ac-2.2", "sc-7", "sc-7.3"])
        #expect(result.yaml.contains("# narrowed by the profile profile.json (SHA-256 "))
    }

    @Test func remoteImportsAndFilesThatAreNotOSCALAreRefused() {
        let remote = #"{"profile": {"imports": [{"href": "https://example.com/catalog.json", "include-all": {}}]}}"#
        #expect(throws: ImportFailure.self) { try imported(profile: remote) }
        #expect(throws: ImportFailure.self) {
            try OSCALImporter.importCatalog(Data("<catalog/>".utf8), named: "c.xml")
        }
        #expect(throws: ImportFailure.self) {
            try OSCALImporter.importCatalog(Data(#"{"profile": {}}"#.utf8), named: "p.json")
        }
        #expect(throws: ImportFailure.self) { try imported(key: "no good key!") }
    }

    /// With NIST's files (`ASSURE_OSCAL_CONTENT`: a checkout of usnistgov/oscal-content), the SP
    /// 800-53 rev5 MODERATE baseline imports with its 177 controls and 110 enhancements, from
    /// the resolved-profile catalog and from the profile applied to the HIGH baseline.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["ASSURE_OSCAL_CONTENT"] != nil))
    func nistModerateBaselineImportsWithItsCounts() async throws {
        let folder = URL(fileURLWithPath: ProcessInfo.processInfo.environment["ASSURE_OSCAL_CONTENT"]!)
            .appending(path: "nist.gov/SP800-53/rev5/json")
        func data(_ name: String) throws -> Data { try Data(contentsOf: folder.appending(path: name)) }
        let resolved = try OSCALImporter.importCatalog(
            data("NIST_SP-800-53_rev5_MODERATE-baseline-resolved-profile_catalog-min.json"), named: "moderate")
        #expect(resolved.key == "sp800-53" && (resolved.controls, resolved.enhancements) == (177, 110))
        let profiled = try OSCALImporter.importCatalog(
            data("NIST_SP-800-53_rev5_HIGH-baseline-resolved-profile_catalog-min.json"), named: "high",
            profile: (data("NIST_SP-800-53_rev5_MODERATE-baseline_profile.json"), "moderate profile"))
        #expect((profiled.controls, profiled.enhancements) == (177, 110))
        #expect(try parsed(profiled).map(\.id) == (try parsed(resolved).map(\.id)))

        // In a project that answers to it, a control mapped to `sp800-53:ac-2` counts for it.
        var project = TestProject()
        project["content/catalogs/sp800-53.yml"] = resolved.yaml
        project["content/assure.yml"] = "organization: {name: Test Co}\nframeworks:\n  sp800-53: {}\n"
        project["content/controls/c.md"] = project["content/controls/c.md"]!.replacingOccurrences(
            of: "criteria: [CC6.1]", with: "criteria: [sp800-53:ac-2]")
        let portal = try #require(await pipeline(project.reader).check().portal)
        #expect(portal.coverage.row("sp800-53:ac-2")?.status == .covered)
        #expect(portal.coverage.row("sp800-53:ac-2.1")?.status == .uncovered)
    }
}
