import Foundation
import Testing

@testable import AssureCore

/// Every declared front-matter field of every kind of document, every body, and every setting
/// of `assure.yml`, edited as `assure serve` sees an edit (the builder told which file
/// changed), must give a site byte-identical to a full build, on both audiences. What a field
/// reaches is its declaration (`DocumentField.Reach`); a declaration that says too little
/// fails here, and a field or setting added without an edit below fails the coverage checks.
@Suite("Every field and setting, edited, matches a full build")
struct EveryFieldTests {
    // MARK: - Documents

    /// Documents added to the example, one per kind, each with every field set and linked to
    /// the example both ways (their `criteria:` and `policies:`, their bodies' links), so an
    /// edit to any field, even the ID, keeps the project building.
    static let added: [DocumentKind: (path: String, text: String)] = [
        .policy: (
            "content/policies/zz-policy.md",
            """
            ---
            id: POL-ZZ
            title: Field test policy
            owner: IT Lead
            version: "1.0"
            effective: 2026-02-01
            last_reviewed: 2026-02-01
            review_every: 12 months
            approved_by: Chief Technology Officer
            audience: public
            criteria: [CC6.1]
            summary: A policy every field of which is edited.
            ---
            ## Purpose

            Read with [[POL-AC]] and [[AC-01]].

            """
        ),
        .control: (
            "content/controls/zz-control.md",
            """
            ---
            id: CTL-ZZ
            title: Field test control
            owner: IT Lead
            criteria: [CC6.1, CC6.2]
            policies: [POL-AC]
            status: implemented
            frequency: quarterly
            family: access-control
            audience: public
            evidence: [Access review export]
            summary: A control every field of which is edited.
            ---
            Access is reviewed each quarter, as [[POL-AC]] asks; see [[AC-01]].

            """
        ),
        .page: (
            "content/pages/zz-page.md",
            """
            ---
            id: zz-page
            title: Field test page
            audience: public
            order: 5
            menu: Resources
            summary: A page every field of which is edited.
            ---
            How we work: [[POL-AC]].

            """
        ),
        .answer: (
            "content/answers/zz-answer.md",
            """
            ---
            id: ANS-ZZ
            title: Is every field of this answer edited?
            answer: "yes"
            backed_by: [AC-01, POL-AC]
            criteria: [CC6.1]
            applies_to: [caiq-4.0.3:IPY-01.1]
            aliases: [Are answer fields edited?]
            ownership: csp-owned
            audience: public
            reviewed: 2026-02-01
            review_every: 12 months
            summary: An answer every field of which is edited.
            ---
            Yes, as [[AC-01]] does.

            """
        ),
    ]

    /// A new value for every field, as YAML.
    static let edits: [DocumentKind: [String: String]] = [
        .policy: [
            "id": "POL-ZZ2", "title": "Renamed field test policy", "owner": "Deputy CTO", "version": "\"1.1\"",
            "effective": "2026-03-01", "last_reviewed": "2026-03-02", "review_every": "6 months",
            "approved_by": "The board", "audience": "restricted", "criteria": "[CC6.1, CC6.3]",
            "summary": "A shorter summary.",
        ],
        .control: [
            "id": "CTL-ZZ2", "title": "Renamed field test control", "owner": "Deputy CTO",
            "criteria": "[CC6.3]", "policies": "[POL-AC, POL-DATA]", "status": "partial", "frequency": "monthly",
            "family": "change-management", "audience": "restricted", "evidence": "[Another export]",
            "activities": "[{name: Restore test, frequency: annually}]",
            "summary": "A shorter summary.",
        ],
        .page: [
            "id": "zz-page-2", "title": "Renamed field test page", "audience": "auditor", "order": "0",
            "menu": "About us", "summary": "A shorter summary.",
        ],
        .answer: [
            "id": "ANS-ZZ2", "title": "Is this answer renamed?", "answer": "partial", "backed_by": "[AC-01, AC-04]",
            "criteria": "[CC6.2]", "applies_to": "[caiq-4.0.3:IPY-01.2, caiq-4.1:IPY-01.1]",
            "aliases": "[Another wording]", "ownership": "shared-csp-csc", "audience": "restricted",
            "reviewed": "2026-03-01", "review_every": "6 months", "summary": "A shorter summary.",
        ],
    ]

    @Test func everyDeclaredFieldHasAnEdit() {
        for kind in DocumentKind.allCases {
            #expect(Set(Self.edits[kind]?.keys ?? [:].keys) == Set(kind.fields.map(\.key)), "\(kind)")
        }
    }

    /// `text` with the front-matter line of `key` set to `value`.
    static func setting(_ key: String, to value: String, in text: String) -> String {
        var lines = text.components(separatedBy: "\n")
        if let index = lines.firstIndex(where: { $0.hasPrefix(key + ":") }) {
            lines[index] = "\(key): \(value)"
        } else {
            lines.insert("\(key): \(value)", at: 1)
        }
        return lines.joined(separator: "\n")
    }

    @Test(arguments: SiteAudience.allCases)
    func everyFieldEditedMatchesAFullBuild(_ audience: SiteAudience) async throws {
        for kind in DocumentKind.allCases {
            let (path, text) = try #require(Self.added[kind])
            var cases = (Self.edits[kind] ?? [:]).sorted { $0.key < $1.key }.map { edit in
                ("`\(edit.key)` of a \(kind)", Self.setting(edit.key, to: edit.value, in: text))
            }
            cases.append(("the text of a \(kind)", text + "A new paragraph cites [[AC-02]].\n"))
            for (name, edited) in cases {
                let (root, builder) = try await builtCopy(audience, adding: [path: text])
                defer { try? FileManager.default.removeItem(at: root) }
                try edited.write(to: root.appending(path: path), atomically: true, encoding: .utf8)
                try await expectFullBuild(root, builder, changed: [path], audience: audience, name)
            }
        }
    }

    // MARK: - Settings

    /// A project whose `assure.yml` sets every setting Assure declares.
    static let settings = """
        organization:
          name: Test Co
          description: We make things.
          website: https://test.example
        frameworks:
          iso27001:
            exclusions:
              A.7.1: No premises of our own.
        principles: [security, availability]
        exclusions:
          CC6.4: Carved out to the cloud provider.
        report:
          type: type-2
          status: in-progress
          period:
            start: 2026-01-01
            end: 2026-06-30
          auditor: Calder and Wynn
          issued: 2026-08-01
        contact:
          email: trust@test.example
          security: security@test.example
          url: https://test.example/contact
          request_access: https://test.example/nda
        base_url: https://trust.test.example
        notice_days: 30
        unsafe_html: false
        site:
          title: Test Trust
          logo: brand/logo.png
          favicon: brand/icon.png
          accent: "#0b5cad"
          accent_dark: "#6cb6ff"
        diagnostics:
          missing-evidence: ignore

        """

    /// For every setting, a change to `settings`: the text replaced, and what replaces it.
    static let settingEdits: [String: (String, String)] = [
        "organization.name": ("name: Test Co", "name: Test Company"),
        "organization.description": ("We make things.", "We make better things."),
        "organization.website": ("website: https://test.example", "website: https://test.example/about"),
        "frameworks": ("No premises of our own.", "No premises at all."),
        "principles": ("[security, availability]", "[security, availability, confidentiality]"),
        "exclusions": ("Carved out to the cloud provider.", "Carved out to AWS."),
        "report.type": ("type: type-2", "type: type-1"),
        "report.status": ("status: in-progress", "status: issued"),
        "report.period.start": ("start: 2026-01-01", "start: 2026-02-01"),
        "report.period.end": ("end: 2026-06-30", "end: 2026-06-29"),
        "report.auditor": ("Calder and Wynn", "Calder & Wynn LLP"),
        "report.issued": ("issued: 2026-08-01", "issued: 2026-08-02"),
        "contact.email": ("email: trust@test.example", "email: hello@test.example"),
        "contact.security": ("security: security@test.example", "security: psirt@test.example"),
        "contact.url": ("https://test.example/contact", "https://test.example/contact-us"),
        "contact.request_access": ("https://test.example/nda", "https://test.example/ask"),
        "base_url": ("https://trust.test.example", "https://security.test.example"),
        "unsafe_html": ("unsafe_html: false", "unsafe_html: true"),
        "notice_days": ("notice_days: 30", "notice_days: 45"),
        "site.title": ("title: Test Trust", "title: Test Trust Center"),
        "site.logo": ("logo: brand/logo.png", "logo: brand/icon.png"),
        "site.favicon": ("favicon: brand/icon.png", "favicon: brand/logo.png"),
        "site.accent": ("\"#0b5cad\"", "\"#0a4f94\""),
        "site.accent_dark": ("\"#6cb6ff\"", "\"#79c0ff\""),
        "diagnostics": ("missing-evidence: ignore", "missing-evidence: note"),
    ]

    static let leafSettings = ConfigSetting.all.filter { $0.type != .group }.map(\.key)

    @Test func everyDeclaredSettingHasAnEditThatDiffReports() throws {
        #expect(Set(Self.settingEdits.keys) == Set(Self.leafSettings))
        let (base, baseDiagnostics) = ConfigParser.parse(
            SourceFile(path: ProjectLayout.config, data: Data(Self.settings.utf8)))
        #expect(!baseDiagnostics.hasErrors, "\(baseDiagnostics)")
        for key in Self.leafSettings {
            let (old, new) = try #require(Self.settingEdits[key])
            #expect(Self.settings.contains(old), "\(key)")
            let edited = Self.settings.replacingOccurrences(of: old, with: new)
            let (config, diagnostics) = ConfigParser.parse(
                SourceFile(path: ProjectLayout.config, data: Data(edited.utf8)))
            #expect(!diagnostics.hasErrors, "\(key): \(diagnostics)")
            let changes = SettingsSnapshot.changes(from: base, to: config).map(\.field)
            #expect(changes.contains { $0 == key || $0.hasPrefix(key + ".") }, "\(key): diff reports \(changes)")
        }
    }

    @Test(arguments: SiteAudience.allCases)
    func everySettingEditedMatchesAFullBuild(_ audience: SiteAudience) async throws {
        let files = [
            ProjectLayout.config: Self.settings,
            "content/brand/logo.png": "PNG", "content/brand/icon.png": "PNG",
            "content/policies/p.md":
                "---\nid: POL-A\ntitle: A policy\nowner: CTO\nversion: \"1\"\neffective: 2026-01-01\n"
                + "audience: public\n---\nText.\n",
        ]
        for key in Self.leafSettings {
            let (old, new) = try #require(Self.settingEdits[key])
            let root = try temporaryProject(files)
            defer { try? FileManager.default.removeItem(at: root) }
            let builder = IncrementalBuilder(
                project: DiskProject(root: root), audience: audience, asOf: testDate, allowGaps: true)
            _ = try await builder.build()
            let edited = Self.settings.replacingOccurrences(of: old, with: new)
            try edited.write(to: root.appending(path: ProjectLayout.config), atomically: true, encoding: .utf8)
            try await expectFullBuild(root, builder, changed: [ProjectLayout.config], audience: audience, key)
        }
    }

    /// Each field of an evidence record, and a record of an activity of its own, changes the
    /// auditor's evidence pages: the incremental build follows each edit.
    @Test func everyEvidenceFieldEditedMatchesAFullBuild() async throws {
        let path = "content/evidence/AC-01.yml"
        let record = [
            "  - performed: 2026-01-30", "    covers: {from: 2026-01-01, to: 2026-01-31}", "    performer: Sam Carter",
            "    reviewer: Tom Okafor", "    result: ok",
        ]
        let edits: [(String, [String])] = [
            ("performed", ["  - performed: 2026-01-29"] + record.dropFirst()),
            ("covers", [record[0], "    covers: {from: 2026-01-15, to: 2026-01-31}"] + record.dropFirst(2)),
            ("performer", record.prefix(2) + ["    performer: Alex Kim"] + record.dropFirst(3)),
            ("reviewer", record.prefix(3) + ["    reviewer: Priya Shah"] + record.dropFirst(4)),
            ("result", record.prefix(4) + ["    result: exception", "    exception: Two leavers kept access."]),
            ("remediation", record + ["    remediation: Access removed the same day."]),
            ("activity", record + ["    activity: Restore test"]),
            ("artifacts", record + ["    artifacts: [AC-04/2026-q1-access-review.csv]"]),
        ]
        let first = record.joined(separator: "\n") + "\n"
        for (field, lines) in edits {
            let (root, builder) = try await builtCopy(.auditor, adding: [:])
            defer { try? FileManager.default.removeItem(at: root) }
            let url = root.appending(path: path)
            let text = try String(contentsOf: url, encoding: .utf8)
            try #require(text.contains(first), "the example's first AC-01 record changed")
            let edited = text.replacingOccurrences(of: first, with: lines.joined(separator: "\n") + "\n")
            try edited.write(to: url, atomically: true, encoding: .utf8)
            var changed = [path]
            if field == "activity" {
                // A record's activity is one its control lists.
                let control = "content/controls/ac-01.md"
                let narrative = try String(contentsOf: root.appending(path: control), encoding: .utf8)
                try Self.setting("activities", to: "[{name: Restore test, frequency: annually}]", in: narrative)
                    .write(to: root.appending(path: control), atomically: true, encoding: .utf8)
                changed.append(control)
            }
            try await expectFullBuild(root, builder, changed: changed, audience: .auditor, "evidence `\(field)`")
        }
    }

    /// The updates page and feed follow what they may tell: making the only public policy
    /// internal takes it out of the history they tell, on the next build as in a full one.
    @Test func theFeedLinkFollowsWhatTheUpdatesMayTell() async throws {
        let policy = "content/policies/p.md"
        let text =
            "---\nid: POL-A\ntitle: A policy\nowner: CTO\nversion: \"1\"\neffective: 2026-01-01\n"
            + "audience: public\n---\nText.\n"
        let root = try temporaryProject([ProjectLayout.config: "organization: {name: Test Co}\n", policy: text])
        defer { try? FileManager.default.removeItem(at: root) }
        try TestGit.commit(root, "A policy", date: "2026-01-01T09:00:00Z", initialize: true)
        let git = GitRepository(root: root)
        let builder = IncrementalBuilder(
            project: DiskProject(root: root), audience: .public, asOf: testDate, sourceControl: git, allowGaps: true)
        let before = try await builder.build().site
        #expect(before[SitePaths.feed] != nil && before[SitePaths.updates] != nil)
        try text.replacingOccurrences(of: "audience: public", with: "audience: internal")
            .write(to: root.appending(path: policy), atomically: true, encoding: .utf8)
        try await expectFullBuild(
            root, builder, changed: [policy], audience: .public, "the only public policy made internal",
            sourceControl: git)
        let feed = { (site: [String: Data]) in String(decoding: site[SitePaths.feed] ?? Data(), as: UTF8.self) }
        #expect(feed(before).contains("Published: 1 policy"))
        #expect(!feed(try await builder.build(changed: []).site).contains("policy"))
    }

    /// Text that stops, or starts again, being the starter's example changes where the document
    /// is shown, as an audience does: the incremental build follows it.
    @Test(arguments: SiteAudience.allCases)
    func leavingAndReturningToTheStartersTextMatchesAFullBuild(_ audience: SiteAudience) async throws {
        let starter = try Scaffold.starter(frameworks: ["soc2"], today: testDate)
        let root = try temporaryProject(starter.mapValues { String(decoding: $0, as: UTF8.self) })
        defer { try? FileManager.default.removeItem(at: root) }
        let builder = IncrementalBuilder(
            project: DiskProject(root: root), audience: audience, asOf: testDate, allowGaps: true)
        _ = try await builder.build()
        let path = "content/controls/cm-01.md"
        let original = String(decoding: try #require(starter[path]), as: UTF8.self)
        for (name, text) in [("own words", original + "\nOur own words.\n"), ("the starter's again", original)] {
            try text.write(to: root.appending(path: path), atomically: true, encoding: .utf8)
            try await expectFullBuild(root, builder, changed: [path], audience: audience, name)
        }
    }

    // MARK: - Helpers

    func temporaryProject(_ files: [String: String]) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appending(path: "assure-every-field-\(UUID().uuidString)")
        for (path, text) in files {
            let url = root.appending(path: path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        return root
    }

    /// A copy of the example with `files` added, and a builder that has built it once.
    func builtCopy(_ audience: SiteAudience, adding files: [String: String]) async throws -> (URL, IncrementalBuilder) {
        let root = try IncrementalBuildTests().exampleCopy()
        for (path, text) in files { try text.write(to: root.appending(path: path), atomically: true, encoding: .utf8) }
        let builder = IncrementalBuilder(
            project: DiskProject(root: root), audience: audience, asOf: testDate, allowGaps: true)
        _ = try await builder.build()
        return (root, builder)
    }

    /// The page shown first (when there is one), then the build after the edit, each file for
    /// file the full build's.
    func expectFullBuild(
        _ root: URL, _ builder: IncrementalBuilder, changed: [String], audience: SiteAudience, _ name: String,
        sourceControl: any SourceControl = NoSourceControl()
    ) async throws {
        let destination = MemoryDestination()
        var full = pipeline(DiskProject(root: root))
        full.sourceControl = sourceControl
        full.allowGaps = true
        _ = try await full.build(audience: audience, into: destination)
        let expected = Dictionary(uniqueKeysWithValues: destination.files.map { ($0.path, $0.data) })
        for page in await builder.preview(changed: changed) ?? [] {
            #expect(expected[page.path] == page.data, "\(name), \(audience): the page shown first, \(page.path)")
        }
        let site = try await builder.build(changed: changed).site
        #expect(site.keys.sorted() == expected.keys.sorted(), "\(name), \(audience): different files")
        for (path, data) in expected where site[path] != data {
            Issue.record("\(name), \(audience): \(path) differs from a full build")
        }
    }
}

/// The README's table of `assure.yml` settings is `ConfigSetting.markdownTable()`, so it cannot
/// drift from what the parser accepts and `diff` reports. `ASSURE_UPDATE_GOLDEN=1` rewrites it.
@Suite("The settings, documented")
struct SettingsTableTests {
    static let opening =
        "<!-- The settings table is made from ConfigSetting.all: ASSURE_UPDATE_GOLDEN=1 scripts/test -->"
    static let closing = "<!-- end of the settings table -->"

    @Test func theReadmeTableIsTheDeclaredSettings() throws {
        let url = Fixtures.repository.appending(path: "README.md")
        let readme = try String(contentsOf: url, encoding: .utf8)
        let start = try #require(readme.range(of: Self.opening), "the README has no settings table")
        let end = try #require(readme.range(of: Self.closing, range: start.upperBound..<readme.endIndex))
        let table = "\n" + ConfigSetting.markdownTable() + "\n"
        if ProcessInfo.processInfo.environment["ASSURE_UPDATE_GOLDEN"] == "1" {
            try readme.replacingCharacters(in: start.upperBound..<end.lowerBound, with: table)
                .write(to: url, atomically: true, encoding: .utf8)
            return
        }
        #expect(String(readme[start.upperBound..<end.lowerBound]) == table)
    }

    /// The starter's assure.yml shows every setting a new project may use, set or commented,
    /// so a user finds each where it goes.
    @Test func theStarterShowsEverySetting() throws {
        let files = try Scaffold.starter(frameworks: ["soc2"], today: testDate)
        let config = String(decoding: try #require(files[ProjectLayout.config]), as: UTF8.self)
        let keys = config.split(separator: "\n").map {
            $0.drop { $0 == " " || $0 == "#" }.prefix { $0 != ":" && $0 != " " }
        }
        for setting in ConfigSetting.all where !setting.legacy {
            let name = setting.key.split(separator: ".").last.map(String.init) ?? setting.key
            #expect(keys.contains { $0 == name }, "the starter's assure.yml does not show `\(setting.key)`")
        }
    }
}
