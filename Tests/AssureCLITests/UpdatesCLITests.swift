import AssureCore
import Foundation
import Testing

@testable import AssureCLI

/// The updates page, the feed and `assure updates`, made from real git repositories made here,
/// one commit at a time on days the tests choose.
@Suite("What changed, told to customers")
struct UpdatesCLITests {
    /// The golden project in a repository: its first commit on 1 January 2026.
    static func repository() throws -> URL {
        let root = try Paths.copy("golden")
        try commit(root, "The programme", on: "2026-01-01")
        return root
    }

    static func commit(_ root: URL, _ message: String, on day: String) throws {
        var environment = ProcessInfo.processInfo.environment
        environment["GIT_AUTHOR_DATE"] = "\(day)T09:30:00Z"
        environment["GIT_COMMITTER_DATE"] = "\(day)T09:30:00Z"
        for arguments in [["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", message]] {
            if arguments[0] == "init", FileManager.default.fileExists(atPath: root.appending(path: ".git").path) {
                continue
            }
            let result = try runProcess(
                URL(fileURLWithPath: "/usr/bin/env"),
                ["git", "-C", root.path, "-c", "user.name=Casey", "-c", "user.email=casey@example.test"] + arguments,
                environment: environment)
            #expect(result.status == 0, "git \(arguments): \(result.output)")
        }
    }

    static func write(_ root: URL, _ path: String, _ text: String) throws {
        let url = root.appending(path: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    static func edit(_ root: URL, _ path: String, _ change: (String) -> String) throws {
        let text = try String(contentsOf: root.appending(path: path), encoding: .utf8)
        try write(root, path, change(text))
    }

    /// `assure updates --format json`, as records.
    static func updates(_ root: URL, _ extra: String...) async throws -> [[String: Any]] {
        let run = await assure(
            ["updates", "--project", root.path, "--format", "json", "--as-of", "2026-06-30"] + extra)
        #expect(run.status == 0, "\(run.errors)")
        let object = try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any]
        return object?["entries"] as? [[String: Any]] ?? []
    }

    static func texts(_ entry: [String: Any]) -> [String] {
        (entry["changes"] as? [[String: Any]] ?? []).compactMap { $0["text"] as? String }
    }

    /// A subprocessor added, changed and removed over three commits: three entries, each dated
    /// by its commit, newest first, in plain words.
    @Test func aSubprocessorAddedChangedAndRemovedGivesThreeDatedEntries() async throws {
        let root = try Self.repository()
        defer { try? FileManager.default.removeItem(at: root) }
        let file = "content/data/subprocessors.yml"
        let added = "  - name: Mail Co\n    purpose: Sending email\n    data: Email addresses\n    location: US\n"
        try Self.edit(root, file) { $0 + added }
        try Self.commit(root, "Add Mail Co", on: "2026-02-10")
        try Self.edit(root, file) { $0.replacingOccurrences(of: "location: US", with: "location: EU") }
        try Self.commit(root, "Mail Co moves to the EU", on: "2026-03-12")
        try Self.edit(root, file) {
            $0.replacingOccurrences(of: added.replacingOccurrences(of: "US", with: "EU"), with: "")
        }
        try Self.commit(root, "Drop Mail Co", on: "2026-04-14")

        let entries = try await Self.updates(root)
        #expect(
            entries.map { $0["date"] as? String ?? "" }.prefix(3) == [
                "2026-04-14T09:30:00Z", "2026-03-12T09:30:00Z", "2026-02-10T09:30:00Z",
            ])
        #expect(
            entries.prefix(3).map(Self.texts) == [
                ["Removed subprocessor: Mail Co"],
                ["Changed subprocessor: Mail Co: location US → EU"],
                ["New subprocessor: Mail Co (Sending email; data: Email addresses; location: US)"],
            ])
        // The first commit is told as what it published.
        #expect(Self.texts(entries.last ?? [:]).first?.hasPrefix("Published: ") == true, "\(entries.last ?? [:])")
        let since = try await Self.updates(root, "--since", "HEAD~2")
        #expect(since.count == 2)

        // The site tells the same, and its feed is valid Atom, the same bytes on a second build.
        let site = root.appending(path: "site")
        for _ in 0..<2 {
            let build = await assure("build", "--project", root.path, "-o", site.path, "--as-of", "2026-06-30")
            #expect(
                build.status == 0 && build.output.contains("updates: 4 commits told on updates/index.html"),
                "\(build.output)")
        }
        let feed = try Data(contentsOf: site.appending(path: "updates.xml"))
        let again = root.appending(path: "again")
        _ = await assure("build", "--project", root.path, "-o", again.path, "--as-of", "2026-06-30")
        #expect(try Data(contentsOf: again.appending(path: "updates.xml")) == feed)
        let parsed = try runProcess(
            URL(fileURLWithPath: "/usr/bin/env"),
            [
                "python3", "-c",
                "import feedparser, sys; f = feedparser.parse(sys.argv[1]); assert not f.bozo, f.bozo_exception; "
                    + "print(len(f.entries)); print(f.entries[0].title); print(f.entries[0].id); "
                    + "print(f.entries[0].updated)",
                site.appending(path: "updates.xml").path,
            ])
        #expect(parsed.status == 0, "\(parsed.output)")
        let lines = parsed.output.split(separator: "\n").map(String.init)
        #expect(lines.count == 4 && lines[0] == "4" && lines[1] == "Removed subprocessor: Mail Co", "\(lines)")
        let head = try runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["git", "-C", root.path, "rev-parse", "HEAD"])
        #expect(
            lines.count == 4
                && lines[2] == "urn:assure:golden-widgets:update:" + head.output.trimmingCharacters(in: .newlines))
        let page = try String(contentsOf: site.appending(path: "updates/index.html"), encoding: .utf8)
        #expect(page.contains("Changed subprocessor: Mail Co: location US → EU"))
    }

    /// A restricted policy's changes reach the public site, the feed and the release notes by
    /// its title only: never its text, its version or its fields. An auditor-only subprocessor
    /// never appears publicly; the auditor site tells both in full.
    @Test func restrictedAndAuditorOnlyChangesNeverLeakPublicly() async throws {
        let root = try Self.repository()
        defer { try? FileManager.default.removeItem(at: root) }
        let policy = """
            ---
            id: POL-SECRET
            title: Key Escrow Policy
            owner: CISO
            version: "1.0"
            effective: 2026-02-01
            audience: restricted
            ---
            CANARY-BODY-ONE the escrow keys are held in vault nine.
            """
        try Self.write(root, "content/policies/secret.md", policy)
        try Self.edit(root, "content/data/subprocessors.yml") {
            $0 + "  - name: CANARY-PROCESSOR Ltd\n    purpose: CANARY-PURPOSE\n    audience: auditor\n"
        }
        try Self.commit(root, "Escrow", on: "2026-02-01")
        try Self.edit(root, "content/policies/secret.md") {
            $0.replacingOccurrences(of: "\"1.0\"", with: "\"7.3\"").replacingOccurrences(of: "ONE", with: "TWO")
        }
        try Self.commit(root, "Escrow v7.3", on: "2026-03-01")

        let notes = await assure("updates", "--project", root.path, "--format", "text", "--as-of", "2026-06-30")
        let site = root.appending(path: "site")
        _ = await assure("build", "--project", root.path, "-o", site.path, "--as-of", "2026-06-30")
        let published = [
            notes.output, try String(contentsOf: site.appending(path: "updates.xml"), encoding: .utf8),
            try String(contentsOf: site.appending(path: "updates/index.html"), encoding: .utf8),
        ]
        for text in published {
            #expect(text.contains("Key Escrow Policy"), "the title is told")
            for canary in ["CANARY", "vault", "7.3", "1.0 →"] { #expect(!text.contains(canary), "\(canary) leaked") }
        }
        #expect(notes.output.contains("New version of Key Escrow Policy (POL-SECRET) (available on request)"))

        let auditor = await assure(
            "updates", "--project", root.path, "--format", "text", "--audience", "auditor", "--as-of", "2026-06-30")
        #expect(
            auditor.output.contains("New version of Key Escrow Policy (POL-SECRET): 1.0 → 7.3"), "\(auditor.output)")
        #expect(auditor.output.contains("New subprocessor: CANARY-PROCESSOR Ltd"))
    }

    /// Thirty days of notice promised, ten given: `check` warns, `--warnings-as-errors` fails,
    /// and `diff --fail-on subprocessor-added` gates the change; the updates page shows the day
    /// the subprocessor starts.
    @Test func aSubprocessorAddedWithTooLittleNoticeWarns() async throws {
        let root = try Self.repository()
        defer { try? FileManager.default.removeItem(at: root) }
        try Self.edit(root, "content/assure.yml") { $0 + "notice_days: 30\n" }
        try Self.commit(root, "Thirty days' notice", on: "2026-05-01")
        try Self.edit(root, "content/data/subprocessors.yml") {
            $0 + "  - name: Fast Co\n    purpose: Analytics\n    effective: 2026-06-20\n"
        }
        try Self.commit(root, "Fast Co", on: "2026-06-10")

        let check = await assure("check", "--project", root.path, "--as-of", "2026-06-12")
        #expect(check.status == 0)
        #expect(
            check.output.contains(
                "content/data/subprocessors.yml:9:5: warning: `Fast Co` starts on 2026-06-20 but was added on "
                    + "2026-06-10, 10 days before it starts; customers are owed 30 days' notice (`notice_days`) "
                    + "[notice-too-short]"), "\(check.output)")
        let strict = await assure("check", "--project", root.path, "--as-of", "2026-06-12", "--warnings-as-errors")
        #expect(strict.status == 1)
        // Once the notice would have run out, the warning is history.
        let later = await assure("check", "--project", root.path, "--as-of", "2026-07-20")
        #expect(!later.output.contains("notice-too-short"))

        let gate = await assure("diff", "--project", root.path, "HEAD~1", "HEAD", "--fail-on", "subprocessor-added")
        #expect(gate.status == 1 && gate.errors.contains("subprocessor-added"))
        let earlier = await assure(
            "diff", "--project", root.path, "HEAD~2", "HEAD~1", "--fail-on", "subprocessor-added")
        #expect(earlier.status == 0)

        let site = root.appending(path: "site")
        _ = await assure("build", "--project", root.path, "-o", site.path, "--as-of", "2026-06-12")
        let page = try String(contentsOf: site.appending(path: "updates/index.html"), encoding: .utf8)
        #expect(
            page.contains("<strong>Fast Co</strong>: Analytics, from <time datetime=\"2026-06-20\">20 June 2026</time>")
        )
        #expect(page.contains("New subprocessor: Fast Co (Analytics; from 20 June 2026)"))
    }

    /// A commit that broke a policy's front matter, mended in the next: the policy is never
    /// told as removed and added again; its new version is told with the commit that built.
    @Test func aCommitThatDoesNotBuildIsToldWithTheNextOneThatDoes() async throws {
        let root = try Self.repository()
        defer { try? FileManager.default.removeItem(at: root) }
        let policy = "content/policies/access.md"
        let original = try String(contentsOf: root.appending(path: policy), encoding: .utf8)
        try Self.write(root, policy, original.replacingOccurrences(of: "title: Access Policy", with: "title: [broken"))
        try Self.commit(root, "Broken", on: "2026-02-01")
        try Self.write(root, policy, original.replacingOccurrences(of: "\"2.1\"", with: "\"2.2\""))
        try Self.commit(root, "Mended, 2.2", on: "2026-02-02")
        let entries = try await Self.updates(root)
        #expect(entries.count == 2)
        #expect(
            Self.texts(entries[0]) == ["New version of Access Policy (POL-A): 2.1 → 2.2, effective 15 January 2026"])
        #expect(entries[0]["date"] as? String == "2026-02-02T09:30:00Z")
    }

    /// A project in a folder of a larger repository (`docs/trust/`) reads its own history.
    @Test func aProjectInAFolderOfTheRepositoryReadsItsHistory() async throws {
        let root = FileManager.default.temporaryDirectory.appending(path: "assure-monorepo-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let project = root.appending(path: "docs/trust")
        try FileManager.default.createDirectory(
            at: project.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.moveItem(at: try Paths.copy("golden"), to: project)
        try Self.write(root, "README.md", "The company's repository.\n")
        try Self.commit(root, "Everything", on: "2026-01-01")
        try Self.edit(project, "content/data/subprocessors.yml") {
            $0.replacingOccurrences(of: "location: EU", with: "location: US")
        }
        try Self.commit(root, "Cloud Co moves", on: "2026-02-01")
        let entries = try await Self.updates(project)
        #expect(entries.count == 2)
        #expect(Self.texts(entries.first ?? [:]) == ["Changed subprocessor: Cloud Co: location EU → US"])
    }

    /// No repository, or a shallow clone: the site builds without an updates page and says why;
    /// `assure updates` refuses with the reason.
    @Test func withoutTheHistoryTheBuildSaysWhyThereIsNoFeed() async throws {
        let plain = try Paths.copy("golden")
        defer { try? FileManager.default.removeItem(at: plain) }
        let build = await assure("build", "--project", plain.path, "-o", plain.appending(path: "site").path)
        #expect(build.output.contains("updates: no updates page or feed: the project is not in a git repository"))
        #expect(!FileManager.default.fileExists(atPath: plain.appending(path: "site/updates.xml").path))

        let root = try Self.repository()
        defer { try? FileManager.default.removeItem(at: root) }
        try Self.edit(root, "content/pages/about.md") { $0 + "\nMore.\n" }
        try Self.commit(root, "More", on: "2026-02-01")
        let shallow = FileManager.default.temporaryDirectory.appending(path: "assure-shallow-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: shallow) }
        let clone = try runProcess(
            URL(fileURLWithPath: "/usr/bin/env"),
            ["git", "clone", "-q", "--depth", "1", "file://\(root.path)", shallow.path])
        #expect(clone.status == 0, "\(clone.output)")
        let shallowBuild = await assure("build", "--project", shallow.path, "-o", shallow.appending(path: "site").path)
        #expect(shallowBuild.status == 0)
        #expect(shallowBuild.output.contains("updates: no updates page or feed: the repository is a shallow clone"))
        let refused = await assure("updates", "--project", shallow.path)
        #expect(refused.status == 1 && refused.errors.contains("git fetch --unshallow"), "\(refused.errors)")
    }
}
