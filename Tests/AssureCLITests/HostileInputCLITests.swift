import Foundation
import Testing

@testable import AssureCLI

/// Hostile and careless content met through the commands a user runs (issue "Careless hands
/// and hostile input"). Each test names the item it covers.
@Suite("Hostile input through the command line")
struct HostileInputCLITests {
    func diff(_ repository: Repository, _ arguments: String...) async throws -> (status: Int32, json: [String: Any]) {
        let result = try await DiffCLITests().json(repository, arguments)
        return (result.status, result.diff)
    }

    func widened(_ json: [String: Any]) -> [String] {
        (json["audience_widened"] as? [[String: Any]] ?? []).compactMap {
            guard let document = $0["document"] as? [String: Any] else { return nil }
            return "\(document["kind"] ?? "") \(document["id"] ?? ""): \($0["from"] ?? "") -> \($0["to"] ?? "")"
        }
    }

    @Test("5. A data entry going from internal to public is a widening, and gated")
    func dataEntriesWidening() async throws {
        let repository = try Repository(fixture: "golden")
        defer { repository.remove() }
        try repository.edit("content/data/subprocessors.yml") {
            $0.replacingOccurrences(of: "audience: public", with: "audience: internal")
        }
        try repository.edit("content/data/faq.yml") {
            $0 + "  - question: Who holds the keys?\n    answer: Only the on-call engineer.\n    audience: internal\n"
        }
        try repository.commit("Internal entries")
        try repository.edit("content/data/subprocessors.yml") {
            $0.replacingOccurrences(of: "audience: internal", with: "audience: public")
        }
        try repository.edit("content/data/faq.yml") {
            $0.replacingOccurrences(of: "audience: internal", with: "audience: public")
        }
        try repository.commit("Publish them")
        let (status, json) = try await diff(repository, "HEAD~1", "HEAD", "--fail-on", "audience-widened")
        #expect(status == 1)
        #expect(
            widened(json) == [
                "subprocessor Cloud Co: internal -> public", "faq Who holds the keys?: internal -> public",
            ])
        let markdown = await assure("diff", "--project", repository.root.path, "HEAD~1", "HEAD", "--format", "markdown")
        #expect(markdown.output.contains("> **2 documents or entries became more public**"), "\(markdown.output)")
        #expect(markdown.output.contains("> - subprocessor `Cloud Co` Cloud Co: internal → **public**"))
    }

    @Test("5. An assure.yml change is reported; turning on unsafe_html is gated as a widening")
    func settingsChanges() async throws {
        let repository = try Repository(fixture: "golden")
        defer { repository.remove() }
        try repository.edit("content/assure.yml") {
            $0.replacingOccurrences(of: "status: in-progress", with: "status: issued") + "unsafe_html: true\n"
        }
        try repository.commit("Raw HTML")
        // The look and the request form: settings `diff` once never reported.
        try Data([0x89, 0x50, 0x4E, 0x47]).write(to: repository.root.appending(path: "content/logo.png"))
        try repository.edit("content/assure.yml") {
            $0.replacingOccurrences(
                of: "  security: security@golden.test",
                with: "  security: security@golden.test\n  request_access: https://golden.test/nda")
                + "site:\n  logo: logo.png\n  favicon: logo.png\n  accent: \"#0b5cad\"\n  accent_dark: \"#6cb6ff\"\n"
        }
        try repository.commit("Branding")
        let (_, branding) = try await diff(repository, "HEAD~1", "HEAD")
        #expect(
            (branding["settings"] as? [[String: String]] ?? []).map { "\($0["field"]!): \($0["to"]!)" } == [
                "contact.request_access: https://golden.test/nda", "site.accent: #0b5cad", "site.accent_dark: #6cb6ff",
                "site.favicon: content/logo.png", "site.logo: content/logo.png",
            ])
        try repository.git("reset", "-q", "--hard", "HEAD~1")
        let (status, json) = try await diff(repository, "HEAD~1", "HEAD", "--fail-on", "audience-widened")
        #expect(status == 1)
        let settings = (json["settings"] as? [[String: String]] ?? []).map {
            "\($0["field"]!): \($0["from"]!) -> \($0["to"]!)"
        }
        #expect(settings == ["report.status: in-progress -> issued", "unsafe_html: false -> true"])
        let text = await assure("diff", "--project", repository.root.path, "HEAD~1", "HEAD", "--format", "text")
        #expect(text.output.contains("unsafe_html turned on: raw HTML in every document now reaches the pages"))
        #expect(
            await assure("diff", "--project", repository.root.path, "HEAD~1", "HEAD", "--fail-on", "any-change").status
                == 1)
    }

    @Test("5. A widened document whose ID changed (even in case only) is one document, widened")
    func renamedIDsStillWiden() async throws {
        let repository = try Repository(fixture: "golden")
        defer { repository.remove() }
        let policy = "content/policies/secret.md"
        try
            ("---\nid: SEC-99\ntitle: Secrets\nowner: CISO\nversion: \"1\"\neffective: 2026-01-01\naudience: "
            + "auditor\n---\nKeys.\n")
            .write(to: repository.root.appending(path: policy), atomically: true, encoding: .utf8)
        try repository.commit("Secret policy")
        for newID in ["sec-99", "SEC-100"] {
            try repository.edit(policy) { text in
                text.replacingOccurrences(of: "audience: auditor", with: "audience: public")
                    .replacingOccurrences(of: "id: SEC-99", with: "id: \(newID)")
            }
            try repository.commit("Publish as \(newID)")
            let (status, json) = try await diff(repository, "HEAD~1", "HEAD", "--fail-on", "audience-widened")
            #expect(status == 1)
            #expect(widened(json) == ["policy \(newID): auditor -> public"])
            #expect((json["added"] as? [Any])?.isEmpty == true && (json["removed"] as? [Any])?.isEmpty == true)
            let fields = ((json["changed"] as? [[String: Any]])?.first?["fields"] as? [[String: String]]) ?? []
            #expect(fields.contains { $0["field"] == "id" && $0["from"] == "SEC-99" && $0["to"] == newID })
            try repository.git("reset", "-q", "--hard", "HEAD~1")
        }
    }

    @Test("12. A carriage return in a title cannot forge lines of the diff's markdown")
    func controlCharactersInDiffOutput() async throws {
        let repository = try Repository(fixture: "golden")
        defer { repository.remove() }
        try repository.edit("content/policies/access.md") {
            $0.replacingOccurrences(
                of: "title: Access Policy", with: "title: \"Access\\r> [!NOTE]\\r> All clear\\u001B[2J\"")
        }
        try repository.commit("Retitle")
        for format in ["markdown", "text"] {
            let result = await assure("diff", "--project", repository.root.path, "HEAD~1", "HEAD", "--format", format)
            #expect(!result.output.contains("\r") && !result.output.contains("\u{1B}"))
            #expect(!result.output.split(separator: "\n").contains { $0.hasPrefix("> [!NOTE]") })
            #expect(result.output.contains("Access > [!NOTE] > All clear\\u{1B}[2J"), "\(result.output)")
        }
    }

    @Test("12. base_url with a line break is refused; security.txt and robots.txt cannot be forged")
    func baseURLInjection() async throws {
        let project = try Paths.copy("golden")
        defer { try? FileManager.default.removeItem(at: project) }
        let config = project.appending(path: "content/assure.yml")
        let original = try String(contentsOf: config, encoding: .utf8)
        for bad in [
            "\"https://trust.example.com\\nDisallow: /\"", "\"https://trust.example.com\\rContact: evil\"",
            "https://user:pass@trust.example.com", "\"https:// trust.example.com\"", "https://trust.example.com/?q=1",
            "javascript:alert(1)", "https://",
        ] {
            try (original + "base_url: \(bad)\n").write(to: config, atomically: true, encoding: .utf8)
            let result = await assure("check", "--project", project.path)
            #expect(result.status == 1, "base_url: \(bad)")
            #expect(
                result.output.contains("content/assure.yml:15:11: error: `base_url` must be an http(s) address"),
                "\(result.output)")
        }
        try (original + "base_url: https://trust.example.com/\n").write(to: config, atomically: true, encoding: .utf8)
        #expect(await assure("build", "--project", project.path, "-q").status == 0)
        let robots = try String(contentsOf: project.appending(path: "site/robots.txt"), encoding: .utf8)
        #expect(robots == "User-agent: *\nAllow: /\n\nSitemap: https://trust.example.com/sitemap.xml\n")
    }

    @Test("12. An escape character from a percent-encoded link never reaches the terminal")
    func escapesInDiagnostics() async throws {
        let project = try Paths.copy("golden")
        defer { try? FileManager.default.removeItem(at: project) }
        try project.appending(path: "content/pages/about.md").appendText("\nSee [red](%1B[31mred%1B[0m.md).\n")
        let result = await assure("check", "--project", project.path)
        #expect(result.status == 1)
        #expect(!result.output.contains("\u{1B}"))
        #expect(result.output.contains("\\u{1B}[31mred\\u{1B}[0m.md"), "\(result.output)")
    }

    @Test("13. A document ID that is a criterion's in another case is refused, and [[cc6.1]] never links it")
    func criterionIDsInAnyCase() async throws {
        let project = try Paths.copy("golden")
        defer { try? FileManager.default.removeItem(at: project) }
        try
            ("---\nid: cc6.1\ntitle: Lower case\nowner: IT\ncriteria: [CC6.1]\nstatus: implemented\nfamily: "
            + "access-control\naudience: public\n---\nText.\n")
            .write(to: project.appending(path: "content/controls/lower.md"), atomically: true, encoding: .utf8)
        try project.appending(path: "content/pages/about.md").appendText("\nSee [[cc6.1]].\n")
        let result = await assure("check", "--project", project.path)
        #expect(result.status == 1)
        #expect(
            result.output.contains(
                "content/controls/lower.md:2:1: error: the ID `cc6.1` is the ID of a criterion (CC6.1) [duplicate-id]"),
            "\(result.output)")
        #expect(result.output.contains("[[cc6.1]] refers to nothing"), "\(result.output)")
        #expect(result.output.contains("did you mean [[CC6.1]]?"))
    }

    @Test("14. A YAML merge key is refused, never a silent fall back to the default audience")
    func mergeKeysAreRefused() async throws {
        let project = try Paths.copy("golden")
        defer { try? FileManager.default.removeItem(at: project) }
        try
            ("---\nid: POL-M\ntitle: Merged\nowner: CISO\nversion: \"1\"\neffective: 2026-01-01\n<<: {audience: "
            + "internal}\n---\nSecret.\n")
            .write(to: project.appending(path: "content/policies/merged.md"), atomically: true, encoding: .utf8)
        try "audience: public\n<<: {audience: internal}\nsubprocessors:\n  - name: Cloud Co\n    purpose: Hosting\n"
            .write(to: project.appending(path: "content/data/subprocessors.yml"), atomically: true, encoding: .utf8)
        let result = await assure("build", "--project", project.path, "--audience", "auditor")
        #expect(result.status == 1)
        #expect(
            result.errors.contains(
                "content/policies/merged.md:7:1: error: YAML merge keys (`<<`) are not supported in the policy"),
            "\(result.errors)")
        #expect(
            result.errors.contains(
                "content/data/subprocessors.yml:2:1: error: YAML merge keys (`<<`) are not supported"))
        #expect(!FileManager.default.fileExists(atPath: project.appending(path: "site-auditor").path))
    }

    @Test(
        "10. SOURCE_DATE_EPOCH out of range is a usage error, never a trap",
        arguments: [
            "-9223372036854775808", "9223372036854775807", "99999999999999", "-1", "1e9", "yesterday",
        ])
    func sourceDateEpochExtremes(value: String) async throws {
        let project = try Paths.copy("golden")
        defer { try? FileManager.default.removeItem(at: project) }
        let bundle = project.appending(path: "bundle.zip").path
        for arguments in [["check"], ["build", "-q"], ["bundle", "-q", "--output", bundle]] {
            let result = try ServeTests().runBinary(
                arguments + ["--project", project.path], environment: ["SOURCE_DATE_EPOCH": value])
            #expect(result.status == 64, "\(arguments) with SOURCE_DATE_EPOCH=\(value): \(result.output)")
            #expect(result.output.contains("SOURCE_DATE_EPOCH must be"), "\(result.output)")
        }
    }

    @Test("10. The latest SOURCE_DATE_EPOCH a zip can carry still makes a bundle")
    func sourceDateEpochLate() async throws {
        let project = try Paths.copy("golden")
        defer { try? FileManager.default.removeItem(at: project) }
        let bundle = project.appending(path: "bundle.zip").path
        // 9999-12-31: later than a zip's dates reach (2107), so the entries say 2107-12-31.
        let result = try ServeTests().runBinary(
            ["bundle", "-q", "--project", project.path, "--output", bundle],
            environment: ["SOURCE_DATE_EPOCH": "253402214400"])
        #expect(result.status == 0, "\(result.output)")
        #expect(await assure("verify", bundle).status == 0)
    }
}

extension URL {
    func appendText(_ text: String) throws {
        let handle = try FileHandle(forWritingTo: self)
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
    }
}
