import Foundation
import Testing

@testable import AssureCore

@Suite("Incremental rebuilds match full builds")
struct IncrementalBuildTests {
    func fullBuild(_ root: URL, audience: SiteAudience) async throws -> [String: Data] {
        let destination = MemoryDestination()
        _ = try await pipeline(DiskProject(root: root)).build(audience: audience, into: destination)
        return Dictionary(uniqueKeysWithValues: destination.files.map { ($0.path, $0.data) })
    }

    /// A copy of the example's content in a folder of its own.
    func exampleCopy() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appending(path: "assure-incremental-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: Fixtures.repository.appending(path: "content"), to: root.appending(path: "content"))
        return root
    }

    /// A copy of the example's content and a builder that has built it once.
    func builtExampleCopy(_ audience: SiteAudience) async throws -> (URL, IncrementalBuilder) {
        let root = try exampleCopy()
        let builder = IncrementalBuilder(project: DiskProject(root: root), audience: audience, asOf: testDate)
        _ = try await builder.build()
        return (root, builder)
    }

    func edit(_ root: URL, _ path: String, _ change: (String) -> String) throws {
        let url = root.appending(path: path)
        try change(try String(contentsOf: url, encoding: .utf8)).write(to: url, atomically: true, encoding: .utf8)
    }

    /// Edits, additions and deletions of every kind, in order, to a copy of the example at `root`.
    func sequenceOfEdits(in root: URL) -> [(String, () throws -> Void)] {
        [
            (
                "edit a policy's text",
                {
                    try self.edit(root, "content/policies/access-control.md") {
                        $0.replacingOccurrences(of: "## Principles", with: "## Principles\n\nReviewed every quarter.")
                    }
                }
            ),
            (
                "retitle a control",
                {
                    try self.edit(root, "content/controls/ac-01.md") {
                        $0.replacingOccurrences(
                            of: "title: Single sign-on with phishing-resistant MFA",
                            with: "title: Single sign-on with security keys")
                    }
                }
            ),
            (
                "change a control's status",
                {
                    try self.edit(root, "content/controls/ac-07.md") {
                        $0.replacingOccurrences(of: "status: partial", with: "status: implemented")
                    }
                }
            ),
            (
                "widen a control's audience",
                {
                    try self.edit(root, "content/controls/gov-06.md") {
                        $0.replacingOccurrences(of: "audience: auditor", with: "audience: public")
                    }
                }
            ),
            (
                "narrow a policy's audience",
                {
                    try self.edit(root, "content/policies/vendor-management.md") {
                        $0.replacingOccurrences(of: "audience: public", with: "audience: restricted")
                    }
                }
            ),
        ] + additionsAndDeletions(in: root)
    }

    /// Documents added and deleted, a page retitled, the configuration changed.
    func additionsAndDeletions(in root: URL) -> [(String, () throws -> Void)] {
        [
            (
                "add a control",
                {
                    try """
                    ---
                    id: AC-99
                    title: Privileged session recording
                    owner: IT Lead
                    criteria: [CC6.3, CC7.2]
                    policies: [POL-AC]
                    status: implemented
                    family: access-control
                    audience: public
                    evidence: [Session logs]
                    ---
                    Sessions are recorded; see [[AC-06]] and [[POL-AC]].
                    """.write(to: root.appending(path: "content/controls/ac-99.md"), atomically: true, encoding: .utf8)
                }
            ),
            (
                "link a policy to the new control",
                { try self.edit(root, "content/policies/information-security.md") { $0 + "\nSee also [[AC-99]].\n" } }
            ),
            (
                "delete a control",
                {
                    try FileManager.default.removeItem(at: root.appending(path: "content/controls/ac-99.md"))
                    try self.edit(root, "content/policies/information-security.md") {
                        $0.replacingOccurrences(of: "\nSee also [[AC-99]].\n", with: "")
                    }
                }
            ),
            (
                "change a page's title",
                {
                    try self.edit(root, "content/pages/security-overview.md") {
                        $0.replacingOccurrences(
                            of: "title: Security at Fernhill Labs", with: "title: Security overview")
                    }
                }
            ),
            (
                "change the configuration",
                {
                    try self.edit(root, "content/assure.yml") {
                        $0.replacingOccurrences(of: "title: Fernhill Labs Trust Center", with: "title: Fernhill Trust")
                    }
                }
            ),
        ]
    }

    @Test(arguments: SiteAudience.allCases)
    func aSequenceOfEditsAdditionsAndDeletions(_ audience: SiteAudience) async throws {
        let root = try exampleCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        let builder = IncrementalBuilder(project: DiskProject(root: root), audience: audience, asOf: testDate)
        let first = try await builder.build()
        let total = first.rendered

        let steps = sequenceOfEdits(in: root)
        var renderedWhole: [String] = []
        for (name, step) in steps {
            try step()
            let result = try await builder.build()
            let incremental = Dictionary(uniqueKeysWithValues: result.files.map { ($0.path, $0.data) })
            let full = try await fullBuild(root, audience: audience)
            #expect(incremental.keys.sorted() == full.keys.sorted(), "\(name): different files")
            for (path, data) in full where incremental[path] != data {
                Issue.record("\(name): \(path) differs from a full build")
            }
            if result.rendered >= total { renderedWhole.append(name) }
        }
        // A page's title is in every page's menu and the configuration on every page; every other
        // edit renders only what its fields reach.
        #expect(renderedWhole == ["change a page's title", "change the configuration"])
    }

    /// Edits to the text of documents (and a few that are more), each with the files it
    /// touches, whether it is text alone and whether it builds.
    func textEdits(in root: URL, policy: String, publicControl: String, auditorControl: String) -> [(
        String, [String], Bool, Bool, () throws -> Void
    )] {
        [
            (
                "a sentence", [policy], true, true,
                { try self.edit(root, policy) { $0 + "\nReviewed every quarter.\n" } }
            ),
            (
                "a link to another control", [publicControl], true, true,
                { try self.edit(root, publicControl) { $0 + "\nRestores follow [[BC-02]] and [[AC-02]].\n" } }
            ),
            (
                "a placeholder paragraph", [auditorControl], true, true,
                { try self.edit(root, auditorControl) { $0 + "\n  todo: say who restores what.\n" } }
            ),
            (
                "two documents at once", [policy, auditorControl], true, true,
                {
                    try self.edit(root, policy) { $0.replacingOccurrences(of: "every quarter", with: "each quarter") }
                    try self.edit(root, auditorControl) {
                        $0.replacingOccurrences(of: "  todo: say who restores what.", with: "Restores are logged.")
                    }
                }
            ),
            (
                "a link to nothing", [publicControl], true, false,
                { try self.edit(root, publicControl) { $0 + "\nSee [[AC-404]].\n" } }
            ),
            (
                "another document while the link leads nowhere", [policy], true, false,
                { try self.edit(root, policy) { $0 + "\nOwned by the CISO.\n" } }
            ),
            (
                "the link mended", [publicControl], true, true,
                { try self.edit(root, publicControl) { $0.replacingOccurrences(of: "[[AC-404]]", with: "[[AC-03]]") } }
            ),
            (
                "a new heading", [policy], false, true,
                { try self.edit(root, policy) { $0 + "\n## Exceptions\n\nNone.\n" } }
            ),
            (
                "a field", [publicControl], false, true,
                {
                    try self.edit(root, publicControl) {
                        $0.replacingOccurrences(of: "owner: IT Lead", with: "owner: CISO")
                    }
                }
            ),
            (
                "a picture shown", [publicControl, "content/controls/flow.png"], false, true,
                {
                    try Data([0x89, 0x50, 0x4E, 0x47]).write(to: root.appending(path: "content/controls/flow.png"))
                    try self.edit(root, publicControl) { $0 + "\n![Sign-in flow](flow.png)\n" }
                }
            ),
            (
                "text beside the picture", [publicControl], true, true,
                { try self.edit(root, publicControl) { $0 + "\nThe flow is drawn above.\n" } }
            ),
            (
                "Windows line endings", [policy], true, true,
                { try self.edit(root, policy) { $0.replacingOccurrences(of: "\n", with: "\r\n") } }
            ),
            (
                "a byte order mark", [auditorControl], true, true,
                { try self.edit(root, auditorControl) { "\u{FEFF}" + $0 } }
            ),
            (
                "bytes that are not UTF-8", [auditorControl], false, false,
                {
                    let url = root.appending(path: auditorControl)
                    try (try Data(contentsOf: url) + Data([0xFF, 0xFE, 0x0A])).write(to: url)
                }
            ),
        ]
    }

    /// Edits to the text of answers: one alone, and a `na` answer's reason deleted and written
    /// again, which decides whether the answer holds and so is more than text.
    func answerTextEdits(in root: URL) -> [(String, [String], Bool, Bool, () throws -> Void)] {
        [
            (
                "an answer's text", ["content/answers/mfa.md"], true, true,
                { try self.edit(root, "content/answers/mfa.md") { $0 + "\nKeys are checked at every sign-in.\n" } }
            ),
            (
                "a na answer's reason deleted", ["content/answers/dc-physical.md"], false, false,
                {
                    try self.edit(root, "content/answers/dc-physical.md") {
                        String($0[..<$0.range(of: "---\n", options: .backwards)!.upperBound])
                    }
                }
            ),
            (
                "the reason written again", ["content/answers/dc-physical.md"], false, true,
                { try self.edit(root, "content/answers/dc-physical.md") { $0 + "We run no data centres.\n" } }
            ),
        ]
    }

    /// `assure serve` names the files that changed: an edit to the text of documents alone is
    /// built from the last build, and must give the full build's files and diagnostics.
    @Test(arguments: SiteAudience.allCases)
    func editsToTextAloneStartFromTheLastBuildAndMatchAFullBuild(_ audience: SiteAudience) async throws {
        let (root, builder) = try await builtExampleCopy(audience)
        defer { try? FileManager.default.removeItem(at: root) }

        let policy = "content/policies/access-control.md"
        let publicControl = "content/controls/ac-01.md"
        let auditorControl = "content/controls/bc-02.md"
        // (what the edit does, the files it touches, whether it is text alone, whether it builds)
        let steps =
            answerTextEdits(in: root)
            + textEdits(in: root, policy: policy, publicControl: publicControl, auditorControl: auditorControl)
        for (name, paths, textAlone, builds, step) in steps {
            try step()
            let full = await pipeline(DiskProject(root: root)).check()
            guard builds else {
                await #expect(throws: BuildFailure.self, "\(name)") { try await builder.build(changed: paths) }
                continue
            }
            let result = try await builder.build(changed: paths)
            #expect(result.fromLastBuild == textAlone, "\(name): built from the last build")
            let incremental = Dictionary(uniqueKeysWithValues: result.files.map { ($0.path, $0.data) })
            let files = try await fullBuild(root, audience: audience)
            #expect(incremental.keys.sorted() == files.keys.sorted(), "\(name): different files")
            for (path, data) in files where incremental[path] != data {
                Issue.record("\(name): \(path) differs from a full build")
            }
            #expect(result.warnings == full.diagnostics, "\(name): different diagnostics")
        }
    }

    /// `assure serve` shows the page of a document whose fields changed before it builds the
    /// whole site again: that page must be the one the full build writes.
    @Test(arguments: SiteAudience.allCases)
    func thePageShownFirstAfterAFieldEditIsTheFullBuildsPage(_ audience: SiteAudience) async throws {
        let (root, builder) = try await builtExampleCopy(audience)
        defer { try? FileManager.default.removeItem(at: root) }
        let control = "content/controls/ac-01.md"
        let partial = "content/controls/ac-07.md"
        let policy = "content/policies/access-control.md"
        // (what the edit does, the files it touches, whether a page is shown first)
        let steps: [(String, [String], Bool, () throws -> Void)] = [
            (
                "a control's title and owner", [control], true,
                {
                    try self.edit(root, control) {
                        $0.replacingOccurrences(
                            of: "title: Single sign-on with phishing-resistant MFA", with: "title: SSO"
                        )
                        .replacingOccurrences(of: "owner: IT Lead", with: "owner: CISO")
                    }
                }
            ),
            (
                "a control's status and criteria", [partial], true,
                {
                    try self.edit(root, partial) {
                        $0.replacingOccurrences(of: "status: partial", with: "status: implemented")
                            .replacingOccurrences(of: "criteria: [", with: "criteria: [CC6.2, ")
                    }
                }
            ),
            (
                "a policy's owner and its text", [policy], true,
                {
                    try self.edit(root, policy) {
                        $0.replacingOccurrences(of: "owner: ", with: "owner: The ") + "\nSee [[AC-02]].\n"
                    }
                }
            ),
            ("text alone", [control], false, { try self.edit(root, control) { $0 + "\nReviewed.\n" } }),
            (
                "an audience", [control], false,
                {
                    try self.edit(root, control) {
                        $0.replacingOccurrences(of: "audience: public", with: "audience: restricted")
                    }
                }
            ),
        ]
        for (name, paths, shownFirst, step) in steps {
            try step()
            let preview = await builder.preview(changed: paths)
            _ = try await builder.build(changed: paths)
            let full = try await fullBuild(root, audience: audience)
            guard shownFirst else {
                #expect(preview == nil, "\(name): nothing shown first")
                continue
            }
            let pages = try #require(preview, "\(name): a page shown first")
            #expect(!pages.isEmpty)
            for page in pages {
                #expect(full[page.path] == page.data, "\(name): \(page.path) differs from the full build")
            }
        }

        // A checkout of another branch changes many files at once: it is built whole, with
        // nothing shown first, even when every file is a document the site shows in full.
        let reassigned = "content/controls/bc-04.md"
        try edit(root, reassigned) { $0.replacingOccurrences(of: "owner: ", with: "owner: The ") }
        let shown = try ["content/policies", "content/controls"].flatMap { folder in
            try FileManager.default.contentsOfDirectory(atPath: root.appending(path: folder).path).sorted()
                .map { "\(folder)/\($0)" }
        }.filter { path in
            let text = try String(contentsOf: root.appending(path: path), encoding: .utf8)
            let isShown =
                audience == .public ? text.contains("\naudience: public") : !text.contains("\naudience: internal")
            return path != reassigned && isShown
        }
        try #require(shown.count >= IncrementalBuilder.previewLimit)
        #expect(await builder.preview(changed: [reassigned]) != nil)
        #expect(await builder.preview(changed: [reassigned] + shown.prefix(IncrementalBuilder.previewLimit - 1)) != nil)
        #expect(await builder.preview(changed: [reassigned] + shown.prefix(IncrementalBuilder.previewLimit)) == nil)
    }

    @Test func aFailedRebuildKeepsTheLastGoodState() async throws {
        let root = FileManager.default.temporaryDirectory.appending(
            path: "assure-incremental-fail-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.copyItem(
            at: Fixtures.root.appending(path: "golden/content"), to: root.appending(path: "content"))
        let builder = IncrementalBuilder(project: DiskProject(root: root), audience: .public, asOf: testDate)
        _ = try await builder.build()
        try edit(root, "content/policies/access.md") { $0.replacingOccurrences(of: "[[CTL-1]]", with: "[[CTL-404]]") }
        await #expect(throws: BuildFailure.self) { try await builder.build() }
        try edit(root, "content/policies/access.md") { $0.replacingOccurrences(of: "[[CTL-404]]", with: "[[CTL-1]]") }
        let result = try await builder.build()
        let full = try await fullBuild(root, audience: .public)
        #expect(Dictionary(uniqueKeysWithValues: result.files.map { ($0.path, $0.data) }) == full)
    }
}
