import Foundation
import Testing

@testable import AssureCore

/// The README rendered with Assure's own markdown library, as a reader sees it on a forge: its
/// sections are headings (not text swallowed by an unclosed code fence), and every in-page link
/// leads to one of them.
@Suite("The README renders as written")
struct ReadmeTests {
    static func rendered() throws -> (source: String, body: MarkdownBody) {
        let source = try String(contentsOf: Fixtures.repository.appending(path: "README.md"), encoding: .utf8)
        let (body, diagnostics) = MarkdownParser.parse(source, path: "README.md", firstLine: 1)
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        return (source, body)
    }

    @Test func everySectionIsAHeading() throws {
        let (source, body) = try Self.rendered()
        let headings = Set(body.headings.map(\.text))
        let sections = source.split(separator: "\n").filter { $0.hasPrefix("## ") }.map { String($0.dropFirst(3)) }
        #expect(sections.count >= 8)
        for section in sections { #expect(headings.contains(section), "“\(section)” is not a heading when rendered") }
        let anchors = body.headings.map(\.anchor)
        #expect(Set(anchors).count == anchors.count, "two headings share an anchor")
    }

    @Test func everyInPageLinkLeadsToAHeading() throws {
        let (_, body) = try Self.rendered()
        let anchors = Set(body.headings.map(\.anchor))
        let links = body.html.matches(of: /href="#([^"]+)"/).map { String($0.output.1) }
        #expect(!links.isEmpty, "the README links within itself")
        for link in links { #expect(anchors.contains(link), "#\(link) leads to no heading") }
    }

    /// The README is for users first: its first section is the path from install to a published
    /// portal, before anything about developing Assure.
    @Test func theUsersPathComesFirst() throws {
        let (source, _) = try Self.rendered()
        let sections = source.split(separator: "\n").filter { $0.hasPrefix("## ") }
        #expect(sections.first == "## Your first portal")
        let path = try #require(source.range(of: "## Your first portal"))
        let tests = try #require(source.range(of: "scripts/test           # runs every test"))
        #expect(path.lowerBound < tests.lowerBound)
        for step in ["assure init", "assure check", "assure serve", "assure build", "assure bundle"] {
            #expect(source[path.upperBound...].prefix(2500).contains(step), "the first section shows `\(step)`")
        }
    }
}
