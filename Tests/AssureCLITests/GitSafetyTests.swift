import Foundation
import Testing

@testable import AssureCLI

/// Git as a hostile repository would drive it (issue "Careless hands and hostile input",
/// items 11 and 17).
@Suite("Reading untrusted git repositories")
struct GitSafetyTests {
    @Test("11. A commit subject cannot forge a revision; non-ASCII file names get their history")
    func historyIsReadExactly() async throws {
        let repository = try Repository(fixture: "golden")
        defer { repository.remove() }
        let policy = "content/policies/sécurité.md"
        try
            ("---\nid: POL-FR\ntitle: Sécurité\nowner: CISO\nversion: \"1\"\neffective: 2026-01-01\naudience: "
            + "auditor\n---\nTexte.\n")
            .write(to: repository.root.appending(path: policy), atomically: true, encoding: .utf8)
        try repository.commit("Politique de sécurité")
        try repository.edit("content/policies/access.md") { $0 + "\nOne more line.\n" }
        let forged =
            "Harmless\u{1E}dddddddddddddddddddddddddddddddddddddddd\u{1F}1999-01-01\u{1F}Mallory\u{1F}Forged "
            + "approval\nM\tcontent/policies/access.md"
        try repository.commit(forged)
        let result = await assure("build", "--project", repository.root.path, "--audience", "auditor", "-q")
        #expect(result.status == 0, "\(result.errors)")
        let site = repository.root.appending(path: "site-auditor")
        let access = try String(contentsOf: site.appending(path: "policies/POL-A.html"), encoding: .utf8)
        // The subject is shown as the text it is; it adds no row, commit or date of its own.
        #expect(
            !access.contains("<code>dddddddddd") && !access.contains("<td>1999-01-01</td>")
                && !access.contains("<td>Mallory</td>"))
        #expect(access.components(separatedBy: "<tr><td>").count - 1 == 2, "two real commits touched the policy")
        let french = try String(contentsOf: site.appending(path: "policies/POL-FR.html"), encoding: .utf8)
        #expect(french.contains("Politique de sécurité"), "the history of a file with a non-ASCII name")
        #expect(!french.contains("not committed"))
    }

    @Test("17. bundle, build and diff never run commands the repository's configuration names")
    func repositoryConfigurationRunsNothing() async throws {
        let repository = try Repository(fixture: "golden")
        defer { repository.remove() }
        let ran = repository.root.appending(path: "ran")
        try FileManager.default.createDirectory(at: ran, withIntermediateDirectories: true)
        // What an archive's author could leave in .git/config and .gitattributes.
        try "* filter=evil diff=evil\n".write(
            to: repository.root.appending(path: ".gitattributes"), atomically: true, encoding: .utf8)
        try repository.commit("Attributes")
        for (key, value) in [
            ("core.fsmonitor", "touch \(ran.path)/fsmonitor; false"),
            ("filter.evil.clean", "touch \(ran.path)/clean; cat"),
            ("filter.evil.smudge", "touch \(ran.path)/smudge; cat"),
            ("filter.evil.process", "touch \(ran.path)/process; false"),
            ("diff.evil.textconv", "touch \(ran.path)/textconv; cat"),
            ("log.showSignature", "true"),
            ("gpg.program", "\(ran.path)/gpg"),
            ("core.pager", "touch \(ran.path)/pager; cat"),
        ] {
            _ = try repository.git("config", key, value)
        }
        // A changed file with a new time makes `git status` want to run the clean filter.
        try repository.edit("content/policies/access.md") { $0 + "\nEdited.\n" }
        let root = repository.root.path
        #expect(
            await assure("bundle", "--project", root, "-q", "--output", repository.root.appending(path: "b.zip").path)
                .status == 0)
        #expect(await assure("build", "--project", root, "--audience", "auditor", "-q").status == 0)
        #expect(await assure("diff", "--project", root, "HEAD~1").status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: ran.path).isEmpty)
    }
}
