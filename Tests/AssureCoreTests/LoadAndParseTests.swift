import Foundation
import Testing

@testable import AssureCore

@Suite("Phase 1: loading files")
struct LoadTests {
    @Test func sortsFilesIntoTheirKindsAndSaysWhatItSkips() {
        let project = InMemoryProject(texts: [
            "content/assure.yml": "organization: X\n",
            "content/policies/b.md": "b", "content/policies/a.md": "a", "content/policies/hr/onboarding.md": "o",
            "content/controls/c.md": "c", "content/pages/p.md": "p",
            "content/data/faq.yml": "f", "content/catalogs/iso.yml": "i",
            "content/policies/notes.rtf": "stray", "content/.hidden/x.md": "hidden",
            "templates/policy.mustache": "t",
        ])
        let loaded = ProjectLoader.load(from: project)
        #expect(loaded.config?.path == "content/assure.yml")
        #expect(
            loaded.documents.filter { $0.kind == .policy }.map(\.file.path) == [
                "content/policies/a.md", "content/policies/b.md", "content/policies/hr/onboarding.md",
            ])
        #expect(loaded.documents.map(\.kind).filter { $0 != .policy } == [.control, .page])
        #expect(loaded.dataFiles.count == 1 && loaded.catalogs.count == 1)
        #expect(loaded.templates.map(\.path) == ["templates/policy.mustache"])
        #expect(loaded.diagnostics.map(\.code) == [.unexpectedFile])
        #expect(loaded.diagnostics.first?.location.path == "content/policies/notes.rtf")
    }

    @Test func anEmptyFolderIsNotAProject() {
        let loaded = ProjectLoader.load(from: InMemoryProject())
        #expect(loaded.diagnostics.map(\.code) == [.missingConfig])
        #expect(loaded.diagnostics.first?.hint?.contains("assure init") == true)
    }
}

@Suite("Phase 2: parsing text, front matter and fields")
struct ParseTests {
    func decode(_ bytes: [UInt8]) -> Result<SourceText, Diagnostic> {
        SourceText.decode(SourceFile(path: "f.md", data: Data(bytes)))
    }

    @Test func stripsTheBOMAndNormalisesLineEnds() throws {
        let text = try decode([0xEF, 0xBB, 0xBF] + Array("a\r\nb\rc\n".utf8)).get().text
        #expect(text == "a\nb\nc\n")
    }

    @Test func pinpointsInvalidUTF8AndBinaryData() {
        guard case .failure(let invalid) = decode(Array("ok\nab".utf8) + [0xC3, 0x28]) else {
            Issue.record()
            return
        }
        #expect(invalid.code == .invalidUTF8)
        #expect("\(invalid.location)" == "f.md:2:3")
        guard case .failure(let binary) = decode([0x41, 0x00]) else {
            Issue.record()
            return
        }
        #expect(binary.code == .binaryFile)
        guard case .failure(let empty) = decode(Array(" \n\t\n".utf8)) else {
            Issue.record()
            return
        }
        #expect(empty.code == .emptyFile)
    }

    @Test func namesUTF16() {
        guard case .failure(let utf16) = decode([0xFF, 0xFE] + Array("-\0-\0".utf8)) else {
            Issue.record()
            return
        }
        #expect(utf16.code == .invalidUTF8)
        #expect(utf16.summary.contains("UTF-16"))
    }

    @Test(arguments: [[0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xC0, 0xAF], [0xE2, 0x82]] as [[UInt8]])
    func rejectsOverlongSurrogateAndTruncatedSequences(_ bytes: [UInt8]) {
        #expect(SourceText.firstInvalidUTF8(Array("x".utf8) + bytes) == 1)
    }

    @Test func acceptsEveryValidSequence() {
        #expect(SourceText.firstInvalidUTF8(Array("aé€𝄞\u{FFFD}".utf8)) == nil)
    }

    @Test func splitsFrontMatterAndKnowsWhereTheBodyStarts() throws {
        let split = try FrontMatterSplit.split(SourceText(path: "f.md", text: "---\nid: A\ntitle: T\n---\n\nBody\n"))
            .get()
        #expect(split.yaml == "id: A\ntitle: T")
        #expect(split.yamlFirstLine == 2)
        #expect(split.bodyFirstLine == 5)
        #expect(split.body == "\nBody\n")
    }

    @Test func calendarDatesAreRealDates() {
        #expect(CalendarDate(iso: "2024-02-29") != nil)
        #expect(CalendarDate(iso: "2025-02-29") == nil)
        #expect(CalendarDate(iso: "2026-13-01") == nil)
        #expect(CalendarDate(iso: "2026-1-01") == nil)
        #expect(CalendarDate(iso: "26-01-01") == nil)
        #expect(CalendarDate(iso: "2026-01-31")?.adding(months: 1).description == "2026-02-28")
        #expect(CalendarDate(secondsSince1970: 0).description == "1970-01-01")
        #expect(CalendarDate(secondsSince1970: 1_767_225_600).description == "2026-01-01")
        #expect(CalendarDate(iso: "2026-03-01")!.longForm == "1 March 2026")
    }

    @Test func reviewIntervalsReadAsPeopleWriteThem() {
        #expect(ReviewInterval("12 months")?.next(after: CalendarDate(iso: "2026-01-15")!).description == "2027-01-15")
        #expect(ReviewInterval("1 year")?.description == "1 year")
        #expect(ReviewInterval("90 Days")?.next(after: CalendarDate(iso: "2026-01-01")!).description == "2026-04-01")
        #expect(ReviewInterval("yearly") == nil)
        #expect(ReviewInterval("0 months") == nil)
    }

    @Test func faqAnswersAreMarkdownWithFilePositions() async {
        var project = TestProject()
        project["content/data/faq.yml"] =
            "audience: public\nfaq:\n  - question: Q?\n    answer: |\n      Line one.\n      See [[POL-NOPE]].\n"
        let diagnostics = await buildDiagnostics(project.reader)
        let error = diagnostics.first { $0.code == .danglingReference }
        #expect(error.map { "\($0.location)" } == "content/data/faq.yml:6:11")
    }

    @Test func theConfigurationReadsEverySetting() throws {
        let (config, diagnostics) = ConfigParser.parse(
            SourceFile(
                path: "content/assure.yml",
                data: Data(
                    """
                    organization:
                      name: Acme
                      description: We make things.
                    principles: [privacy, security, confidentiality]
                    report:
                      type: type-2
                      status: in-progress
                      period: {start: 2026-01-01, end: 2026-06-30}
                    exclusions:
                      CC6.4: Carved out.
                    contact: {email: a@b.test, security: s@b.test}
                    base_url: https://trust.acme.test/
                    unsafe_html: true
                    """.utf8)))
        #expect(diagnostics.isEmpty)
        let parsed = try #require(config)
        #expect(parsed.organization.name == "Acme")
        #expect(parsed.frameworks.map(\.framework.value) == ["soc2"])
        #expect(
            parsed.frameworks.first?.selections.first?.groups.map(\.value) == [
                "privacy", "security", "confidentiality",
            ])
        #expect(parsed.report?.type == .type2)
        #expect(parsed.report?.status == .inProgress)
        #expect(parsed.frameworks.first?.exclusions.map(\.criterion) == ["CC6.4"])
        #expect(parsed.baseURL == "https://trust.acme.test")
        #expect(parsed.unsafeHTML)
        #expect(parsed.siteTitle == "Acme Trust Center")
    }

    /// Booleans and numbers follow YAML's rules where a field is one: a plain `yes` is true, a
    /// quoted "true" is text (and so the wrong type), an explicit `!!bool` tag is kept. Keys are
    /// text whatever they look like.
    @Test(
        arguments: [
            ("unsafe_html: yes\nnotice_days: 0x1F", true, 31, nil),
            ("unsafe_html: Off\nnotice_days: +7", false, 7, nil),
            ("unsafe_html: !!bool \"true\"\nnotice_days: 3", true, 3, nil),
            ("unsafe_html: \"true\"", false, nil, "content/assure.yml:2:14"),
            ("notice_days: '30'", false, nil, "content/assure.yml:2:14"),
            ("notice_days: 1.5", false, nil, "content/assure.yml:2:14"),
            ("unsafe_html: null\nnotice_days: ~", false, nil, nil),
        ] as [(String, Bool, Int?, String?)])
    func flagsAndNumbersAreTypedAsYAMLTypesThem(
        _ yaml: String, unsafeHTML: Bool, noticeDays: Int?, mistypedAt: String?
    ) throws {
        let (config, diagnostics) = ConfigParser.parse(
            SourceFile(path: "content/assure.yml", data: Data("organization: Acme\n\(yaml)\n".utf8)))
        #expect(diagnostics.map { "\($0.location)" } == (mistypedAt.map { [$0] } ?? []))
        #expect(diagnostics.allSatisfy { $0.code == .invalidValue && $0.summary.contains("must be") })
        guard mistypedAt == nil else { return }
        let parsed = try #require(config)
        #expect(parsed.unsafeHTML == unsafeHTML)
        #expect(parsed.noticeDays == noticeDays)
    }

    @Test func aKeyWrittenTwiceIsAnErrorWhateverItLooksLike() {
        for (first, second) in [("title", "title"), ("1", "\"1\""), ("true", "'true'")] {
            let (_, diagnostics) = ConfigParser.parse(
                SourceFile(
                    path: "content/assure.yml", data: Data("organization: Acme\n\(first): a\n\(second): b\n".utf8)))
            #expect(diagnostics.contains { $0.code == .malformedYAML && $0.summary.contains("more than once") })
        }
    }

    @Test func aPeriodThatEndsBeforeItStartsIsAnError() {
        let (_, diagnostics) = ConfigParser.parse(
            SourceFile(
                path: "content/assure.yml",
                data: Data(
                    """
                    organization: Acme
                    report:
                      type: type-2
                      period: {start: 2026-06-30, end: 2026-01-01}
                    """.utf8)))
        #expect(diagnostics.contains { $0.code == .invalidValue && $0.summary.contains("ends") })
    }
}
