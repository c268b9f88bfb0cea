import Foundation
import Testing

@testable import AssureCLI

/// A throwaway git repository holding a copy of a fixture project.
struct Repository {
    let root: URL

    init(fixture: String) throws {
        root = try Paths.copy(fixture)
        try git("init", "-q", "-b", "main")
        try commit("Initial programme")
    }

    @discardableResult
    func git(_ arguments: String...) throws -> String { try Self.git(root, arguments) }

    /// git in any folder, as a person named Casey Compliance, on a fixed date.
    @discardableResult
    static func git(_ root: URL, _ arguments: String...) throws -> String { try git(root, arguments) }

    @discardableResult
    static func git(_ root: URL, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments =
            ["git", "-C", root.path, "-c", "user.name=Casey Compliance", "-c", "user.email=casey@example.test"]
            + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["GIT_AUTHOR_DATE"] = "2026-03-01T10:00:00Z"
        environment["GIT_COMMITTER_DATE"] = "2026-03-01T10:00:00Z"
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "git \(arguments)")
        return String(decoding: data, as: UTF8.self)
    }

    func commit(_ message: String) throws {
        try git("add", "-A")
        try git("commit", "-q", "--allow-empty", "-m", message)
    }

    func edit(_ path: String, _ change: (String) -> String) throws {
        let url = root.appending(path: path)
        try change(try String(contentsOf: url, encoding: .utf8)).write(to: url, atomically: true, encoding: .utf8)
    }

    func remove() { try? FileManager.default.removeItem(at: root) }
}

@Suite("assure diff on real git history")
struct DiffCLITests {
    func json(_ repository: Repository, _ arguments: String...) async throws -> (status: Int32, diff: [String: Any]) {
        try await json(repository, arguments)
    }

    /// `assure diff --format json` with `arguments`, its exit status and the parsed report.
    func json(_ repository: Repository, _ arguments: [String]) async throws -> (status: Int32, diff: [String: Any]) {
        let result = await assure(["diff", "--project", repository.root.path, "--format", "json"] + arguments)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any], "\(result.errors)")
        return (result.status, object)
    }

    func ids(_ value: Any?, key: String = "id") -> [String] {
        (value as? [[String: Any]] ?? []).compactMap {
            ($0[key] as? String) ?? (($0["document"] as? [String: Any])?[key] as? String)
        }
    }

    @Test func eachKindOfChangeIsReportedExactly() async throws {
        let repository = try Repository(fixture: "golden")
        defer { repository.remove() }
        try await aPolicyEditedWithoutANewVersion(repository)
        try await theOnlyControlOfACriterionRemoved(repository)
        try await aDocumentWidenedToPublic(repository)
        try await aFileRenamedItsIDKept(repository)
        try await aControlsStatusChanged(repository)

        // Nothing changed between a commit and itself; the working tree is the default head.
        var (status, diff) = try await json(repository, "HEAD", "HEAD", "--fail-on", "any-change")
        #expect(status == 0)
        try repository.edit("content/pages/about.md") { $0 + "\nNow with offices in Lisbon.\n" }
        (status, diff) = try await json(repository, "HEAD")
        #expect(status == 0)
        #expect(diff["head"] as? String == "working tree")
        #expect(ids(diff["changed"]) == ["about"])
    }

    /// A policy edited without a new version.
    func aPolicyEditedWithoutANewVersion(_ repository: Repository) async throws {
        try repository.edit("content/policies/access.md") {
            $0.replacingOccurrences(
                of: "| MFA everywhere | IT |", with: "| MFA everywhere | IT |\n| Hardware keys for admins | IT |")
        }
        try repository.commit("Add a rule")
        var (status, diff) = try await json(repository, "HEAD~1", "HEAD", "--fail-on", "version-unchanged")
        #expect(status == 1)
        let changed = try #require((diff["changed"] as? [[String: Any]])?.first)
        #expect((changed["document"] as? [String: Any])?["id"] as? String == "POL-A")
        #expect(changed["lines_added"] as? Int == 1)
        #expect(changed["lines_removed"] as? Int == 0)
        #expect(changed["sections"] as? [String] == ["Rules"])
        #expect(changed["version_unchanged"] as? Bool == true)
        #expect((changed["fields"] as? [Any])?.isEmpty == true)
        #expect(ids(diff["added"]).isEmpty && ids(diff["removed"]).isEmpty)
        (status, _) = try await json(repository, "HEAD~1", "HEAD", "--fail-on", "coverage-loss,audience-widened")
        #expect(status == 0)
    }

    /// The only control of a criterion removed.
    func theOnlyControlOfACriterionRemoved(_ repository: Repository) async throws {
        try FileManager.default.removeItem(at: repository.root.appending(path: "content/controls/mfa.md"))
        try repository.commit("Retire CTL-1")
        var (status, diff) = try await json(repository, "HEAD~1", "HEAD", "--fail-on", "coverage-loss")
        #expect(status == 1)
        #expect(ids(diff["removed"]) == ["CTL-1"])
        let lost = try #require(diff["coverage_lost"] as? [[String: Any]])
        #expect(lost.map { $0["criterion"] as? String } == ["C1.1"])
        #expect(lost.first?["from"] as? String == "covered")
        #expect(lost.first?["to"] as? String == "uncovered")
        let scope = try #require(diff["scope"] as? [[String: Any]])
        #expect(scope.map { $0["name"] as? String } == ["SOC 2", "SOC 2 Confidentiality"])
        #expect(scope.last?["group"] as? String == "confidentiality")
        #expect(scope.last?["before"] as? String == "2/2")
        #expect(scope.last?["after"] as? String == "1/2")
        (status, _) = try await json(repository, "HEAD~1", "HEAD", "--fail-on", "document-removed")
        #expect(status == 1)
    }

    /// A document widened from auditor to public.
    func aDocumentWidenedToPublic(_ repository: Repository) async throws {
        try repository.edit("content/controls/baseline.md") {
            $0.replacingOccurrences(of: "audience: auditor", with: "audience: public")
        }
        try repository.commit("Publish the baseline")
        let (status, diff) = try await json(repository, "HEAD~1", "HEAD", "--fail-on", "audience-widened")
        #expect(status == 1)
        let widened = try #require((diff["audience_widened"] as? [[String: Any]])?.first)
        #expect((widened["document"] as? [String: Any])?["id"] as? String == "CTL-BASE")
        #expect(widened["from"] as? String == "auditor")
        #expect(widened["to"] as? String == "public")
    }

    /// A file renamed, its ID kept.
    func aFileRenamedItsIDKept(_ repository: Repository) async throws {
        try repository.git("mv", "content/policies/access.md", "content/policies/access-policy.md")
        try repository.commit("Rename the access policy file")
        let (status, diff) = try await json(repository, "HEAD~1", "HEAD", "--fail-on", "any-change")
        #expect(status == 1)
        let renamed = try #require((diff["renamed"] as? [[String: Any]])?.first)
        #expect(renamed["id"] as? String == "POL-A")
        #expect(renamed["from"] as? String == "content/policies/access.md")
        #expect(renamed["to"] as? String == "content/policies/access-policy.md")
        #expect(ids(diff["added"]).isEmpty && ids(diff["removed"]).isEmpty && ids(diff["changed"]).isEmpty)
    }

    /// A control's status changed.
    func aControlsStatusChanged(_ repository: Repository) async throws {
        try repository.edit("content/controls/keys.md") {
            $0.replacingOccurrences(of: "status: planned", with: "status: implemented")
        }
        try repository.commit("Hardware keys are live")
        let (status, diff) = try await json(repository, "HEAD~1", "HEAD", "--fail-on", "status-changed")
        #expect(status == 1)
        let statusChange = try #require((diff["status_changes"] as? [[String: Any]])?.first)
        #expect(statusChange["id"] as? String == "CTL-2")
        #expect(statusChange["from"] as? String == "planned")
        #expect(statusChange["to"] as? String == "implemented")
        let fields = try #require(((diff["changed"] as? [[String: Any]])?.first?["fields"]) as? [[String: Any]])
        #expect(fields.map { $0["field"] as? String } == ["status"])
    }

    /// Text before a document's first heading is named as such, not as a made-up heading.
    @Test func anEditBeforeTheFirstHeadingIsInTheOpeningText() async throws {
        let repository = try Repository(fixture: "golden")
        defer { repository.remove() }
        try repository.edit("content/pages/about.md") {
            $0.replacingOccurrences(of: "---\n## History", with: "---\nWe make widgets.\n\n## History")
        }
        try repository.commit("An opening line")
        let text = await assure("diff", "--project", repository.root.path, "--format", "text", "HEAD~1", "HEAD")
        #expect(text.output.contains("about About us: +2 −0 lines in the opening text"), "\(text.output)")
        let (_, json) = try await json(repository, "HEAD~1", "HEAD")
        #expect(((json["changed"] as? [[String: Any]])?.first?["sections"]) as? [String] == ["the opening text"])
    }

    @Test func historyAppearsOnPagesAndFollowsRenames() async throws {
        let repository = try Repository(fixture: "golden")
        defer { repository.remove() }
        try repository.git("mv", "content/policies/access.md", "content/policies/access-policy.md")
        try repository.commit("Rename the access policy file")
        let result = await assure("build", "--project", repository.root.path, "--audience", "auditor", "-q")
        #expect(result.status == 0, "\(result.errors)")
        let page = try String(
            contentsOf: repository.root.appending(path: "site-auditor/policies/POL-A.html"), encoding: .utf8)
        #expect(page.contains("<td>Casey Compliance</td><td>Rename the access policy file</td>"))
        #expect(page.contains("<td>Casey Compliance</td><td>Initial programme</td>"))
        #expect(page.components(separatedBy: "Initial programme").count == 2, "one history table, one row per commit")
        #expect(page.contains("<dt>Last changed</dt><dd>1 March 2026</dd>"))
        let register = try String(
            contentsOf: repository.root.appending(path: "site-auditor/register.html"), encoding: .utf8)
        #expect(register.contains("<td>2026-03-01</td>"))
        // The public site shows dates and commits, not commit messages or names.
        #expect(await assure("build", "--project", repository.root.path, "-q").status == 0)
        let publicPage = try String(
            contentsOf: repository.root.appending(path: "site/policies/POL-A.html"), encoding: .utf8)
        #expect(publicPage.contains("<td>2026-03-01</td>"))
        #expect(!publicPage.contains("Casey"))
        #expect(!publicPage.contains("Rename the access policy file"))
    }

    @Test func aProjectInASubfolderOfTheRepositoryWorks() async throws {
        let repository = try Repository(fixture: "golden")
        defer { repository.remove() }
        let project = repository.root.appending(path: "docs/trust")
        try FileManager.default.createDirectory(at: project, withIntermediateDirectories: true)
        try repository.git("mv", "content", "docs/trust/content")
        try repository.commit("Move the programme into docs/trust")
        try repository.edit("docs/trust/content/controls/keys.md") {
            $0.replacingOccurrences(of: "status: planned", with: "status: implemented")
        }
        try repository.commit("Hardware keys are live")
        let result = await assure(["diff", "--project", project.path, "--format", "json", "HEAD~1", "HEAD"])
        let diff = try #require(
            try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any], "\(result.errors)")
        #expect(ids(diff["status_changes"]) == ["CTL-2"])
        #expect(await assure("build", "--project", project.path, "--audience", "auditor", "-q").status == 0)
        let page = try String(contentsOf: project.appending(path: "site-auditor/controls/CTL-2.html"), encoding: .utf8)
        #expect(page.contains("<td>Hardware keys are live</td>"))
        #expect(page.contains("<td>Initial programme</td>"), "history follows the move into the subfolder")
    }

    @Test func badRevisionsAndFailOnKindsAreUsageErrors() async throws {
        let repository = try Repository(fixture: "golden")
        defer { repository.remove() }
        let missing = await assure("diff", "--project", repository.root.path, "no-such-branch")
        #expect(missing.status == 64)
        #expect(missing.errors.contains("no-such-branch is not a commit"))
        #expect(await assure("diff", "--project", repository.root.path, "HEAD", "--fail-on", "everything").status == 64)
        let outside = try Paths.copy("golden")
        defer { try? FileManager.default.removeItem(at: outside) }
        #expect(await assure("diff", "--project", outside.path, "HEAD").status == 64)
    }

    @Test func theMarkdownReadsAsAPullRequestComment() async throws {
        let repository = try Repository(fixture: "golden")
        defer { repository.remove() }
        try repository.edit("content/controls/baseline.md") {
            $0.replacingOccurrences(of: "audience: auditor", with: "audience: public")
        }
        try FileManager.default.removeItem(at: repository.root.appending(path: "content/controls/mfa.md"))
        try repository.commit("Publish the baseline, retire CTL-1")
        let result = await assure("diff", "--project", repository.root.path, "HEAD~1", "HEAD")
        #expect(result.status == 0)
        #expect(result.output.hasPrefix("### Assure: what `HEAD~1` → `HEAD` changes"))
        let widened = result.output.range(of: "became more public")
        let coverage = result.output.range(of: "Coverage lost")
        #expect(widened != nil && coverage != nil)
        #expect(widened!.lowerBound < coverage!.lowerBound, "audience changes are called out first")
        #expect(result.output.contains("| removed | `CTL-1` MFA for all staff |"))
    }

    @Test func aGrantThatOpensMoreIsCalledOutAsWideningAccess() async throws {
        let repository = try Repository(fixture: "golden")
        defer { repository.remove() }
        let grant = "content/access/acme.yml"
        try repository.edit("content/controls/mfa.md") {
            $0.replacingOccurrences(of: "audience: public", with: "audience: restricted")
        }
        let url = repository.root.appending(path: grant)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try "customer: ACME Corp\nnda: REF-12\ngranted: 2026-01-01\nexpires: 2026-06-30\ndocuments: [CTL-1]\n"
            .write(to: url, atomically: true, encoding: .utf8)
        try repository.commit("Share CTL-1 with ACME under NDA")
        let added = try await json(repository, "HEAD~1", "HEAD", "--fail-on", "audience-widened")
        #expect(added.status == 1, "a new grant widens access")
        let grants = try #require(added.diff["grants"] as? [[String: Any]])
        #expect(grants.count == 1)
        #expect(grants.first?["change"] as? String == "added" && grants.first?["opened"] as? [String] == ["CTL-1"])
        let markdown = await assure("diff", "--project", repository.root.path, "HEAD~1", "HEAD")
        #expect(markdown.output.contains("> **Access granted to 1 customer**"))
        #expect(markdown.output.contains("> - `acme` (ACME Corp): added; opens `CTL-1`"))

        try repository.edit(grant) { $0.replacingOccurrences(of: "2026-06-30", with: "2026-12-31") }
        try repository.commit("Extend ACME's grant")
        let extended = try await json(repository, "HEAD~1", "HEAD", "--fail-on", "audience-widened")
        #expect(extended.status == 1, "a later expiry widens access")
        let text = await assure("diff", "--project", repository.root.path, "--format", "text", "HEAD~1", "HEAD")
        #expect(text.output.contains("ACCESS GRANTED\n  acme (ACME Corp): expires: 2026-06-30 → 2026-12-31"))

        try FileManager.default.removeItem(at: url)
        try repository.commit("ACME's review is over")
        let removed = try await json(repository, "HEAD~1", "HEAD", "--fail-on", "audience-widened")
        #expect(removed.status == 0, "removing a grant narrows access")
        let after = await assure("diff", "--project", repository.root.path, "--format", "text", "HEAD~1", "HEAD")
        #expect(after.output.contains("Access grants\n  acme (ACME Corp): removed; opened CTL-1"))
    }
}
