import Foundation
import Testing

@testable import AssureCore

/// What the sites show of answers: the public site only what it shows anyway, the auditor site
/// each answer's standing, never naming a control it does not show.
@Suite("Answers on the sites")
struct AnswerSiteTests {
    /// `TestProject` with a public answer backed by a public control and an internal one whose
    /// evidence records an exception.
    func project() -> InMemoryProject {
        var project = TestProject()
        project["content/controls/i.md"] =
            "---\nid: CTL-HIDDEN\ntitle: Hidden control\nowner: IT\ncriteria: [CC6.1]\nstatus: implemented\n"
            + "frequency: annually\nfamily: access-control\naudience: internal\nevidence: [Log]\n---\nInternal.\n"
        project["content/evidence/CTL-HIDDEN.yml"] =
            "records:\n  - performed: 2026-06-30\n    covers: {from: 2026-06-30, to: 2026-06-30}\n"
            + "    performer: Sam\n    reviewer: Tom\n    result: exception\n    exception: Secret mishap.\n"
        project["content/answers/a.md"] =
            "---\nid: ANS-A\ntitle: Is access controlled?\nanswer: \"yes\"\nbacked_by: [CTL-1, CTL-HIDDEN]\n"
            + "applies_to: [caiq-4.0.3:IAM-05.1]\naudience: public\n---\nYes, by single sign-on.\n"
        return project.reader
    }

    func site(_ audience: SiteAudience) async throws -> [String: String] {
        let destination = MemoryDestination()
        _ = try await pipeline(project()).build(audience: audience, into: destination)
        return Dictionary(
            destination.files.map { ($0.path, String(decoding: $0.data, as: UTF8.self)) },
            uniquingKeysWith: { first, _ in first })
    }

    @Test func theAuditorSiteShowsTheStandingWithoutNamingHiddenControls() async throws {
        let auditor = try await site(.auditor)
        let page = try #require(auditor["answers/ANS-A.html"])
        #expect(page.contains("Does the programme back it?") && page.contains("Backed"))
        #expect(try #require(auditor["answers/index.html"]).contains("CTL-1 (implemented)"))
        for (path, text) in auditor {
            #expect(!text.contains("CTL-HIDDEN") && !text.contains("Secret mishap"), "\(path)")
        }
    }

    @Test func thePublicSiteListsTheAnswerByDomainWithoutItsStanding() async throws {
        let site = try await site(.public)
        let index = try #require(site["answers/index.html"])
        #expect(index.contains("Identity &amp; Access Management") && index.contains("Is access controlled?"))
        #expect(!index.contains("Answer register"))
        let page = try #require(site["answers/ANS-A.html"])
        #expect(page.contains("Yes, by single sign-on.") && !page.contains("Does the programme back it?"))
        #expect(try #require(site["search-index.js"]).contains("Is access controlled?"))
        for (path, text) in site { #expect(!text.contains("CTL-HIDDEN"), "\(path)") }
    }
}
