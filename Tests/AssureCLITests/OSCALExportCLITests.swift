import AssureCore
import Foundation
import Testing

@testable import AssureCLI

/// `assure export oscal` on the example, judged by tools that are not Assure: NIST's OSCAL JSON
/// schemas through check-jsonschema, and compliance-trestle's models. `scripts/test` installs
/// both and downloads the schemas from PyPI into `.build/oscal-schemas/VERSION/`.
@Suite("assure export oscal")
struct OSCALExportCLITests {
    static let schemaVersions = ["1.2.0", "1.2.3"]

    /// The schema file and the trestle element of each kind of exported file.
    static func model(of file: String) -> (schema: String, element: String) {
        if file.hasSuffix("-ssp.json") { return ("oscal_ssp_schema.json", "system-security-plan") }
        if file.hasSuffix("-profile.json") { return ("oscal_profile_schema.json", "profile") }
        if file.hasSuffix("-catalog.json") { return ("oscal_catalog_schema.json", "catalog") }
        return ("oscal_component_schema.json", "component-definition")
    }

    static func schema(_ version: String, _ name: String) throws -> URL {
        let url = Paths.repository.appending(path: ".build/oscal-schemas/\(version)/\(name)")
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw OutputError(description: "\(url.path) is missing: run scripts/test, which downloads NIST's schemas")
        }
        return url
    }

    /// check-jsonschema's verdict on `files` against one version's schemas: exit status and output.
    static func validate(_ files: [URL], version: String) throws -> [(status: Int32, output: String)] {
        try Dictionary(grouping: files) { model(of: $0.lastPathComponent).schema }.sorted { $0.key < $1.key }.map {
            schema, group in
            try runProcess(
                URL(fileURLWithPath: "/usr/bin/env"),
                ["check-jsonschema", "--schemafile", try Self.schema(version, schema).path] + group.map(\.path))
        }
    }

    /// compliance-trestle 5.2.0 (OSCAL 1.2.1's models) on PATH, and 3.12.4 (OSCAL 1.1.3's) in
    /// `.build/trestle-1.1.3`: both must load the file.
    static let trestles = ["trestle", Paths.repository.appending(path: ".build/trestle-1.1.3/bin/trestle").path]

    static func trestle(_ file: URL, _ trestle: String) throws -> (status: Int32, output: String) {
        try runProcess(
            URL(fileURLWithPath: "/usr/bin/env"),
            [trestle, "partial-object-validate", "-f", file.path, "-e", model(of: file.lastPathComponent).element])
    }

    static func export(_ root: URL, _ arguments: String...) async throws -> [String: Data] {
        let run = await assure(["export", "oscal", "--project", root.path, "--as-of", "2026-06-30"] + arguments)
        #expect(run.status == 0, "\(run.errors)")
        return Paths.tree(root.appending(path: "oscal")).filter { $0.key.hasSuffix(".json") }
    }

    @Test func theExamplesPlansProfilesCatalogsAndComponentDefinitionAreValidOSCAL() async throws {
        let repository = try Repository(fixture: FrameworkCLITests.example)
        defer { try? FileManager.default.removeItem(at: repository.root) }
        let files = try await Self.export(repository.root)
        #expect(
            files.keys.sorted() == [
                "component-definition.json", "iso27001-catalog.json", "iso27001-profile.json", "iso27001-ssp.json",
                "soc2-catalog.json", "soc2-profile.json", "soc2-ssp.json",
            ])
        let urls = files.keys.sorted().map { repository.root.appending(path: "oscal/\($0)") }
        for version in Self.schemaVersions {
            for result in try Self.validate(urls, version: version) {
                #expect(result.status == 0, "OSCAL \(version): \(result.output)")
            }
        }
        for url in urls {
            for trestle in Self.trestles {
                let result = try Self.trestle(url, trestle)
                #expect(
                    result.status == 0 && result.output.contains("VALID"),
                    "\(trestle) \(url.lastPathComponent): \(result.output)")
            }
        }
        // The validators bite: a plan with a malformed UUID and a by-component with no description fails both.
        let broken = repository.root.appending(path: "broken-ssp.json")
        let text = String(decoding: files["soc2-ssp.json"]!, as: UTF8.self)
        let uuid = try #require(text.firstMatch(of: /"uuid" ?: "([0-9a-f-]+)"/)?.1)
        try Data(text.replacingOccurrences(of: String(uuid), with: "not-a-uuid").utf8).write(to: broken)
        #expect(try Self.validate([broken], version: "1.2.3").allSatisfy { $0.status != 0 })
        for trestle in Self.trestles { #expect(try Self.trestle(broken, trestle).status != 0, "\(trestle)") }
    }

    @Test func coverageReadBackFromTheExportedPlansEqualsAssureCoverage() async throws {
        let project = try Paths.copy(FrameworkCLITests.example)
        defer { try? FileManager.default.removeItem(at: project) }
        let files = try await Self.export(project, "--model", "ssp")
        let coverage = await assure("coverage", "--project", project.path, "--format", "json", "--as-of", "2026-06-30")
        let records = try #require(
            (try JSONSerialization.jsonObject(with: Data(coverage.output.utf8)) as? [String: Any])?["criteria"]
                as? [[String: Any]])
        for framework in ["soc2", "iso27001"] {
            let plan = try #require(try OSCAL.decode(files["\(framework)-ssp.json"]!).systemSecurityPlan)
            let readBack = ReadBack(plan)
            let expected = records.filter { $0["framework"] as? String == framework }
            #expect(readBack.rows.count == expected.count, "\(framework): a requirement per criterion in scope")
            for record in expected {
                let id = record["criterion"] as! String
                let row = try #require(readBack.rows[id], "\(framework):\(id) has no implemented requirement")
                #expect(row.status == record["status"] as? String, "\(framework):\(id)")
                #expect(row.controls == record["controls"] as? [String], "\(framework):\(id)")
                // The plan names no control its audience does not see (an internal one counted as a gap).
                let gaps = (record["gaps"] as? [String] ?? []).filter(readBack.components.values.contains)
                #expect(row.gaps == gaps, "\(framework):\(id)")
            }
        }
    }

    /// A new programme with all four built-in frameworks, gaps and all (`--allow-gaps`): HIPAA's
    /// paragraph IDs are written as tokens that read back, and every file is valid.
    @Test func everyBuiltInFrameworkExportsValidOSCALWithHIPAAIDsAsTokens() async throws {
        let folder = FileManager.default.temporaryDirectory.appending(path: "assure-oscal-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let created = await assure("init", folder.path, "--framework", "soc2,iso27001,nist-csf,hipaa")
        #expect(created.status == 0, "\(created.errors)")
        let refused = await assure("export", "oscal", "--project", folder.path, "--as-of", "2026-06-30")
        #expect(refused.status == 1 && refused.errors.contains("uncovered-criterion"))
        let files = try await Self.export(folder, "--allow-gaps")
        #expect(files.count == 13)
        let plan = try #require(try OSCAL.decode(files["hipaa-ssp.json"]!).systemSecurityPlan)
        let requirements = plan.controlImplementation.implementedRequirements
        #expect(requirements.count == 65)
        let labelled = requirements.map { ($0.controlId, $0.props?.first { $0.name == "label" }?.value ?? "") }
        #expect(labelled.contains { $0 == ("_164.308_a_1_ii_A", "164.308(a)(1)(ii)(A)") }, "\(labelled.prefix(3))")
        #expect(labelled.allSatisfy { OSCALToken.isToken($0.0) && OSCALToken.criterion($0.0) == $0.1 })
        // HIPAA 43/65 addressed, as `init` says: the other 22 say so.
        let open = requirements.filter { $0.remarks != nil }
        #expect(open.count == 22)
        #expect(open.allSatisfy { $0.remarks?.hasSuffix("no implemented control meets this criterion.") == true })
        let urls = files.keys.sorted().map { folder.appending(path: "oscal/\($0)") }
        for version in Self.schemaVersions {
            for result in try Self.validate(urls, version: version) {
                #expect(result.status == 0, "OSCAL \(version): \(result.output)")
            }
        }
        for trestle in Self.trestles {
            #expect(try Self.trestle(folder.appending(path: "oscal/hipaa-ssp.json"), trestle).status == 0, "\(trestle)")
        }
    }

    /// The same commit writes the same bytes, dated by the commit; after a commit that edits a
    /// control, the control and every requirement keep their UUIDs, and the plan, its content
    /// changed, gets a new one.
    @Test func theSameCommitWritesTheSameBytesAndAControlKeepsItsUUID() async throws {
        let repository = try Repository(fixture: FrameworkCLITests.example)
        defer { try? FileManager.default.removeItem(at: repository.root) }
        let first = try await Self.export(repository.root)
        try FileManager.default.removeItem(at: repository.root.appending(path: "oscal"))
        #expect(try await Self.export(repository.root) == first)
        let plan = try #require(try OSCAL.decode(first["soc2-ssp.json"]!).systemSecurityPlan)
        #expect(plan.metadata.lastModified == "2026-03-01T10:00:00Z")
        #expect(plan.metadata.version == (try repository.git("rev-parse", "HEAD")).trimmingCharacters(in: .newlines))

        let narrative = repository.root.appending(path: "content/controls/ac-01.md")
        try (String(contentsOf: narrative, encoding: .utf8) + "\nReviewed again this quarter.\n").write(
            to: narrative, atomically: true, encoding: .utf8)
        try repository.commit("AC-01 reviewed")
        let second = try await Self.export(repository.root)
        let after = try #require(try OSCAL.decode(second["soc2-ssp.json"]!).systemSecurityPlan)
        let uuid = { (plan: OSCAL.SystemSecurityPlan) in
            plan.systemImplementation.components.first { $0.props?.contains { $0.value == "AC-01" } == true }?.uuid
        }
        #expect(uuid(after) != nil && uuid(after) == uuid(plan))
        #expect(after.uuid != plan.uuid)
        #expect(
            after.controlImplementation.implementedRequirements.map(\.uuid)
                == plan.controlImplementation.implementedRequirements.map(\.uuid))
    }

    /// The component definition is the public view: no control or policy the public site
    /// does not show in full or by title appears in it, by ID or by title.
    @Test func theComponentDefinitionHoldsOnlyWhatThePublicSiteShows() async throws {
        let project = try Paths.copy(FrameworkCLITests.example)
        defer { try? FileManager.default.removeItem(at: project) }
        let files = try await Self.export(project, "--model", "component-definition")
        #expect(files.keys.sorted().last == "soc2-profile.json" && files["soc2-ssp.json"] == nil)
        let definition = String(decoding: files["component-definition.json"]!, as: UTF8.self)
        let documents = Paths.tree(project.appending(path: "content/controls"))
            .merging(Paths.tree(project.appending(path: "content/policies"))) { first, _ in first }
        var hidden = 0
        for (_, data) in documents {
            let text = String(decoding: data, as: UTF8.self)
            let audience = text.firstMatch(of: /\naudience: *([a-z]+)/)?.1 ?? "auditor"
            guard audience == "auditor" || audience == "internal" else { continue }
            let id = try #require(text.firstMatch(of: /\nid: *([A-Z0-9-]+)/)?.1)
            let title = try #require(text.firstMatch(of: /\ntitle: *(.+)\n/)?.1)
            #expect(!definition.contains("\"\(id) ") && !definition.contains(" \(id) "), "\(id) leaked")
            #expect(!definition.contains(String(title)), "\(title) leaked")
            hidden += 1
        }
        #expect(hidden > 3)
        #expect(definition.contains("(available on request)"))
    }

    /// The bundle carries the export in oscal/, listed in its manifest, and each policy's
    /// resource in a plan carries the SHA-256 the manifest lists for its page.
    @Test func theBundleCarriesTheExportAndItsHashesMatchTheManifest() async throws {
        let repository = try Repository(fixture: FrameworkCLITests.example)
        defer { try? FileManager.default.removeItem(at: repository.root) }
        let zip = repository.root.appending(path: "bundle.zip")
        let bundled = await assure("bundle", "--project", repository.root.path, "-o", zip.path, "--as-of", "2026-06-30")
        #expect(bundled.status == 0, "\(bundled.errors)")
        let unpacked = repository.root.appending(path: "unpacked")
        _ = try runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["unzip", "-q", zip.path, "-d", unpacked.path])
        let manifest = try JSONDecoder().decode(
            BundleManifest.self, from: Data(contentsOf: unpacked.appending(path: "manifest.json")))
        let listed = Dictionary(uniqueKeysWithValues: manifest.files.map { ($0.path, $0.sha256) })
        let exported = try await Self.export(repository.root)
        for (name, data) in exported {
            #expect(listed["oscal/\(name)"] == AuditorBundle.sha256(data), "oscal/\(name)")
        }
        let plan = try #require(try OSCAL.decode(exported["soc2-ssp.json"]!).systemSecurityPlan)
        let links = (plan.backMatter?.resources ?? []).flatMap { $0.rlinks ?? [] }
        #expect(links.count > 10)
        for link in links {
            let path = String(link.href.dropFirst("../".count))
            #expect(listed[path] != nil && link.hashes?.first?.value == listed[path], "\(link.href)")
        }
    }

    /// A plan read back the way another tool would: each requirement's control by its label,
    /// and its status from its by-components.
    struct ReadBack {
        var rows: [String: (status: String, controls: [String], gaps: [String])] = [:]
        /// Control IDs by component UUID.
        var components: [String: String] = [:]

        init(_ plan: OSCAL.SystemSecurityPlan) {
            var components: [String: String] = [:]
            for component in plan.systemImplementation.components {
                if let id = component.props?.first(where: { $0.name == "document-id" })?.value {
                    components[component.uuid] = id
                }
            }
            self.components = components
            for requirement in plan.controlImplementation.implementedRequirements {
                let id = requirement.props?.first { $0.name == "label" }?.value ?? requirement.controlId
                let parts = requirement.byComponents ?? []
                let named = { (states: Set<String>) in
                    parts.filter { states.contains($0.implementationStatus.state) }.compactMap {
                        components[$0.componentUuid]
                    }.sorted()
                }
                let excluded = parts.contains {
                    components[$0.componentUuid] == nil && $0.implementationStatus.state == "not-applicable"
                }
                let controls = named(["implemented"])
                let gaps = named(["partial", "planned"])
                let status =
                    excluded ? "excluded" : !controls.isEmpty ? "covered" : !gaps.isEmpty ? "gap" : "uncovered"
                rows[id] = (status, controls, gaps)
            }
        }
    }
}
