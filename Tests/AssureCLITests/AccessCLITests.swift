import Foundation
import Testing

@testable import AssureCLI
@testable import AssureCore

/// `assure access list`, `assure access link` and the secret's sources, from the command line.
@Suite("Access grants from the command line")
struct AccessCLITests {
    /// The clean fixture with a restricted control, a base URL and two grants (one expired).
    func project(baseURL: Bool = true) throws -> URL {
        try MessageTests().project([
            "content/assure.yml": "organization: {name: Test Co}\nprinciples: [security]\n"
                + "report: {type: type-1, status: planned, period: {end: 2026-06-30}}\n"
                + (baseURL ? "base_url: https://trust.test.example\n" : ""),
            "content/controls/r.md": "---\nid: CTL-R\ntitle: Restricted\nowner: IT\ncriteria: [CC6.1]\n"
                + "status: implemented\nfamily: access-control\naudience: restricted\nevidence: [Log]\n---\nText.\n",
            "content/access/acme.yml": "customer: ACME Corp\nnda: REF-12\ngranted: 2026-06-01\nexpires: 2026-07-10\n"
                + "documents: [CTL-R]\n",
            "content/access/old.yml": "customer: Old Co\nnda: REF-1\ngranted: 2025-01-01\nexpires: 2025-12-31\n"
                + "documents: restricted\n",
        ])
    }

    func secretFile(_ text: String = "a secret of more than thirty-two characters") throws -> URL {
        let url = FileManager.default.temporaryDirectory.appending(path: "assure-secret-\(UUID().uuidString)")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test func listShowsEveryGrantWithItsStateAndNoKey() async throws {
        let root = try project()
        defer { try? FileManager.default.removeItem(at: root) }
        let result = await assure("access", "list", "--project", root.path, "--as-of", "2026-06-30")
        #expect(result.status == 0, "\(result.errors)")
        let lines = result.output.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("grant  customer   nda     granted     expires     documents  state") == true)
        #expect(lines.contains("acme   ACME Corp  REF-12  2026-06-01  2026-07-10  1          expires in 10 days"))
        #expect(lines.contains("old    Old Co     REF-1   2025-01-01  2025-12-31  1          expired"))
        #expect(!result.output.contains("access/") && !result.output.contains("#k="))
    }

    @Test func linkPrintsTheAddressTheBuildPublished() async throws {
        let root = try project()
        let secret = try secretFile()
        defer {
            try? FileManager.default.removeItem(at: root)
            try? FileManager.default.removeItem(at: secret)
        }
        let link = await assure(
            "access", "link", "acme", "--project", root.path, "--access-secret-file", secret.path, "--as-of",
            "2026-06-30")
        #expect(link.status == 0, "\(link.errors)")
        let address = link.output.trimmingCharacters(in: .whitespacesAndNewlines)
        let match = try #require(
            address.wholeMatch(
                of: /https:\/\/trust\.test\.example\/(access\/[0-9a-f]{32})\/index\.html#k=[A-Za-z0-9_-]{43}/))
        let output = root.appending(path: "site")
        let build = await assure(
            "build", "--project", root.path, "--access-secret-file", secret.path, "--as-of", "2026-06-30")
        #expect(build.status == 0, "\(build.errors)")
        #expect(build.output.contains("access grants: 1 published (2 sealed pages); 1 expired, not published"))
        #expect(FileManager.default.fileExists(atPath: output.appending(path: "\(match.1)/index.html").path))
        // The expired grant has no link.
        let expired = await assure(
            "access", "link", "old", "--project", root.path, "--access-secret-file", secret.path, "--as-of",
            "2026-06-30")
        #expect(expired.status == 1)
        #expect(expired.errors.contains("grant old expired on 2025-12-31: it has no link"))
    }

    @Test func aProgrammeInReadinessStillListsAndLinksItsGrants() async throws {
        let root = try project()
        let secret = try secretFile()
        defer {
            try? FileManager.default.removeItem(at: root)
            try? FileManager.default.removeItem(at: secret)
        }
        // An uncovered criterion: `build --allow-gaps` publishes, so the link must be had.
        try "organization: {name: Test Co}\nprinciples: [security, availability]\n"
            .appending("report: {type: type-1, status: planned, period: {end: 2026-06-30}}\n")
            .appending("base_url: https://trust.test.example\n")
            .write(to: root.appending(path: "content/assure.yml"), atomically: true, encoding: .utf8)
        let check = await assure("check", "--project", root.path, "--as-of", "2026-06-30")
        #expect(check.status == 1)
        let list = await assure("access", "list", "--project", root.path, "--as-of", "2026-06-30")
        #expect(list.status == 0, "\(list.errors)")
        let link = await assure(
            "access", "link", "acme", "--project", root.path, "--access-secret-file", secret.path, "--as-of",
            "2026-06-30")
        #expect(link.status == 0, "\(link.errors)")
        // A grant's own error still blocks.
        try "customer: ACME Corp\nnda: REF-12\ngranted: 2026-06-01\nexpires: 2026-07-10\ndocuments: [NOPE]\n"
            .write(to: root.appending(path: "content/access/acme.yml"), atomically: true, encoding: .utf8)
        let broken = await assure("access", "list", "--project", root.path, "--as-of", "2026-06-30")
        #expect(broken.status == 1)
        #expect(broken.output.contains("grant-unknown-document") || broken.errors.contains("grant-unknown-document"))
    }

    @Test func listNeverPrintsAControlCharacterFromAGrant() async throws {
        let root = try project()
        defer { try? FileManager.default.removeItem(at: root) }
        try
            ("customer: \"Evil\\e[2J Corp\"\nnda: \"REF\\r1\"\ngranted: 2026-06-01\nexpires: "
            + "2026-07-10\ndocuments: [CTL-R]\n")
            .write(to: root.appending(path: "content/access/acme.yml"), atomically: true, encoding: .utf8)
        let list = await assure("access", "list", "--project", root.path, "--as-of", "2026-06-30")
        #expect(list.status == 0, "\(list.errors)")
        #expect(!list.output.contains("\u{1B}") && !list.output.contains("\r"))
        #expect(list.output.contains("Evil\\u{1B}[2J Corp"), "\(list.output)")
    }

    @Test func withoutASecretTheBuildSaysSoAndLinkFails() async throws {
        let root = try project()
        defer { try? FileManager.default.removeItem(at: root) }
        let build = await assure("build", "--project", root.path, "--as-of", "2026-06-30")
        #expect(build.status == 0)
        #expect(
            build.output.contains(
                "access grants: 1 live but not published: no secret (set ASSURE_ACCESS_SECRET or pass "
                    + "--access-secret-file)"
            ))
        #expect(!FileManager.default.fileExists(atPath: root.appending(path: "site/access").path))
        let link = await assure("access", "link", "acme", "--project", root.path, "--as-of", "2026-06-30")
        #expect(link.status == 1)
        #expect(link.errors.contains("no access secret"))
    }

    /// The secret never enters git: `init`'s .gitignore keeps the conventional file out, and a
    /// secret file git tracks, or that lies in the work tree unignored, is refused by every
    /// command that takes one, with how to move it.
    @Test func aSecretGitCouldCommitIsRefused() async throws {
        let folder = FileManager.default.temporaryDirectory.appending(path: "assure-secret-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(await assure("init", folder.path).status == 0)
        let ignore = try String(contentsOf: folder.appending(path: ".gitignore"), encoding: .utf8)
        #expect(ignore.contains("\n/.assure-access-secret\n"))
        try Repository.git(folder, "init", "-q")
        let text = "a secret of more than thirty-two characters"
        try text.write(to: folder.appending(path: ".assure-access-secret"), atomically: true, encoding: .utf8)
        try text.write(to: folder.appending(path: "secret.txt"), atomically: true, encoding: .utf8)
        func build(_ file: String) async -> (status: Int32, errors: String) {
            let result = await assure(
                "build", "--project", folder.path, "--allow-gaps", "--access-secret-file",
                folder.appending(path: file).path)
            return (result.status, result.errors)
        }
        #expect(await build(".assure-access-secret").status == 0, "the ignored conventional file is used")
        let unignored = await build("secret.txt")
        #expect(
            unignored.status == 64 && unignored.errors.contains("is inside the git work tree"), "\(unignored.errors)")
        #expect(unignored.errors.contains("move it outside the repository"))
        let link = await assure(
            "access", "link", "x", "--project", folder.path, "--access-secret-file",
            folder.appending(path: "secret.txt").path)
        #expect(link.status == 64 && link.errors.contains("not ignored"))
        try Repository.git(folder, "add", "-f", ".assure-access-secret")
        let tracked = await build(".assure-access-secret")
        #expect(
            tracked.status == 64 && tracked.errors.contains("is tracked by the git repository"), "\(tracked.errors)")
    }

    @Test func aSecretInsideContentOrTooShortIsRefused() async throws {
        let root = try project()
        let short = try secretFile("short")
        defer {
            try? FileManager.default.removeItem(at: root)
            try? FileManager.default.removeItem(at: short)
        }
        let inside = root.appending(path: "content/secret.txt")
        try "a secret of more than thirty-two characters".write(to: inside, atomically: true, encoding: .utf8)
        let committed = await assure("build", "--project", root.path, "--access-secret-file", inside.path)
        #expect(committed.status == 64)
        #expect(committed.errors.contains("the access secret may not live in content/"))
        let tooShort = await assure("build", "--project", root.path, "--access-secret-file", short.path)
        #expect(tooShort.status == 64)
        #expect(tooShort.errors.contains("shorter than 32 characters"))
    }

    @Test func linkNamesTheGrantsWhenItDoesNotKnowOneAndNeedsABaseURL() async throws {
        let root = try project(baseURL: false)
        let secret = try secretFile()
        defer {
            try? FileManager.default.removeItem(at: root)
            try? FileManager.default.removeItem(at: secret)
        }
        let unknown = await assure(
            "access", "link", "acme-corp", "--project", root.path, "--access-secret-file", secret.path)
        #expect(unknown.status == 64)
        #expect(unknown.errors.contains("no grant `acme-corp` in content/access/; grants: acme, old"))
        let noBase = await assure(
            "access", "link", "acme", "--project", root.path, "--access-secret-file", secret.path, "--as-of",
            "2026-06-30")
        #expect(noBase.status == 1)
        #expect(noBase.errors.contains("no base_url"))
    }
}
