import Foundation
import Testing

@testable import AssureCore

/// A mapping is a claim: every criterion a control of the starter (with every framework `init`
/// offers) or of the example meets needs a reviewed row in `Tests/Fixtures/claims/`, naming the
/// words of the control that make it true. A new mapping without a written reason fails here,
/// and so does a row whose words the control no longer says, or that no mapping needs.
@Suite("Every mapping is a claim the control's words support")
struct ClaimsTests {
    /// One reviewed claim: the control, the criterion as written in its `criteria:`, and the
    /// phrases (separated by `; `) that the control's title, summary, evidence or text must hold.
    struct Claim: Hashable {
        var control: String
        var criterion: String
        var phrases: [String]
    }

    static func claims(_ name: String) throws -> [Claim] {
        let url = Fixtures.root.appending(path: "claims/\(name).tsv")
        let text = try String(contentsOf: url, encoding: .utf8)
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.isEmpty }.map { line in
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            return Claim(
                control: columns[0], criterion: columns.count > 1 ? columns[1] : "",
                phrases: columns.count > 2 ? columns[2].components(separatedBy: "; ") : [])
        }
    }

    /// What a control says, in one string: lower case, white space folded.
    static func words(of control: ControlNarrative) -> String {
        let text = [
            control.header.title, control.header.summary ?? "", control.evidence.joined(separator: "; "),
            control.body.source,
        ].joined(separator: "\n")
        return folded(text)
    }

    static func folded(_ text: String) -> String {
        text.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// Every mapping of `portal` has a claim whose phrases the control says, and every claim a mapping.
    static func expectClaimsHold(_ claims: [Claim], in portal: Portal, _ project: String) {
        var byMapping: [String: Claim] = [:]
        for claim in claims {
            let key = "\(claim.control) \(claim.criterion)"
            #expect(byMapping.updateValue(claim, forKey: key) == nil, "\(project): \(key) is reviewed twice")
        }
        var mapped = Set<String>()
        for control in portal.documents.controls {
            let said = words(of: control)
            for criterion in control.criteria.map(\.value) {
                let key = "\(control.header.id) \(criterion)"
                mapped.insert(key)
                guard let claim = byMapping[key] else {
                    Issue.record("\(project): \(key) is claimed with no reviewed reason in Tests/Fixtures/claims/")
                    continue
                }
                #expect(!claim.phrases.isEmpty, "\(project): \(key) names no words")
                for phrase in claim.phrases where !said.contains(folded(phrase)) {
                    Issue.record(
                        "\(project): \(control.header.id) no longer says “\(phrase)”, the reason for \(criterion)")
                }
            }
        }
        for key in Set(byMapping.keys).subtracting(mapped).sorted() {
            Issue.record("\(project): \(key) is reviewed but no longer claimed; remove the row")
        }
    }

    @Test func theStarterClaimsOnlyWhatItsControlsSay() async throws {
        let files = try Scaffold.starter(frameworks: CatalogParser.builtIn.map(\.id), today: testDate)
        let portal = try await resolvedPortal(InMemoryProject(files: files))
        Self.expectClaimsHold(try Self.claims("starter"), in: portal, "starter")
    }

    /// The report the starter plans is never already over: it ends this year, or next in December.
    @Test(arguments: [("2026-06-30", "2026-12-31"), ("2026-12-06", "2027-12-31"), ("2031-01-01", "2031-12-31")])
    func theStartersReportEndsAfterToday(_ today: String, _ end: String) async throws {
        let files = try Scaffold.starter(frameworks: ["soc2"], today: try #require(CalendarDate(iso: today)))
        let portal = try await resolvedPortal(InMemoryProject(files: files))
        #expect(portal.config.report?.periodEnd?.description == end)
    }

    /// The README's figures for the starter are the starter's: its number of controls and, for
    /// each framework it does not fully meet, how many criteria it addresses.
    @Test func theReadmeSaysWhatTheStarterCovers() async throws {
        let files = try Scaffold.starter(frameworks: CatalogParser.builtIn.map(\.id), today: testDate)
        let portal = try await resolvedPortal(InMemoryProject(files: files))
        let readme = try String(contentsOf: Fixtures.repository.appending(path: "README.md"), encoding: .utf8)
        let count = portal.documents.controls.count
        let words = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven"]
        #expect(readme.contains("\(words.indices.contains(count) ? words[count] : String(count)) example controls"))
        for coverage in portal.frameworkCoverage where coverage.summary.open > 0 {
            let figure = "\(coverage.catalog.shortName) \(coverage.summary.addressed) of \(coverage.summary.total)"
            #expect(readme.contains(figure), "the README should say \(figure)")
        }
    }

    @Test func theExampleClaimsOnlyWhatItsControlsSay() async throws {
        let portal = try await resolvedPortal(DiskProject(root: Fixtures.repository))
        Self.expectClaimsHold(try Self.claims("example"), in: portal, "example")
    }

    /// The check itself: a claim whose words the control does not say is caught.
    @Test func aClaimTheTextDoesNotSupportIsCaught() async throws {
        var project = TestProject()
        project.control("CTL-X", title: "Backups", audience: .public, body: "Backups run every night.")
        let portal = try await resolvedPortal(project.reader)
        let control = try #require(portal.documents.control("CTL-X"))
        #expect(Self.words(of: control).contains(Self.folded("Backups run  every\nnight")))
        #expect(!Self.words(of: control).contains(Self.folded("restores are tested")))
    }
}
