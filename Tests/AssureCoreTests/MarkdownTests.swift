import Foundation
import Testing

@testable import AssureCore

@Suite("Markdown through libcmark-gfm")
struct MarkdownTests {
    func html(_ markdown: String, unsafe: Bool = false) -> String {
        MarkdownParser.parse(markdown, path: "x.md", firstLine: 1, options: .init(unsafeHTML: unsafe)).body.html
    }

    @Test func aLargeBodyParsedWithoutTheArenaRendersAsASmallOneDoes() {
        // Bodies up to `arenaLimit` are parsed in cmark's arena, larger ones with malloc; the
        // nodes the rewriter adds (a link for a remote picture, a callout) must join either tree.
        let start = """
            > [!WARNING]
            > Keys rotate every *90* days.

            ![diagram](https://example.com/a.png) and [[CC6.1]], ~~old~~ and www.example.com.

            | a | b |
            |---|---|
            | 1 | 2 |

            """
        let padding = String(repeating: "Filler text for the large body.\n\n", count: MarkdownParser.arenaLimit / 30)
        let small = html(start)
        let large = html(start + "\n" + padding)
        #expect(
            start.utf8.count <= MarkdownParser.arenaLimit && (start + padding).utf8.count > MarkdownParser.arenaLimit)
        #expect(
            small.contains("callout-warning") && small.contains("<a href=\"https://example.com/a.png\">diagram</a>"))
        #expect(large.hasPrefix(small))
    }

    @Test func rendersGitHubFlavouredExtensions() {
        let output = html(
            """
            | a | b |
            |---|---|
            | 1 | 2 |

            ~~gone~~ and https://example.com

            - [x] done
            - [ ] open

            Note[^1].

            [^1]: The footnote.
            """)
        #expect(output.contains("<table>"))
        #expect(output.contains("<td>1</td>"))
        #expect(output.contains("<del>gone</del>"))
        #expect(output.contains("<a href=\"https://example.com\">https://example.com</a>"))
        #expect(output.contains("type=\"checkbox\" checked=\"\" disabled=\"\""))
        #expect(output.contains("class=\"footnotes\""))
        #expect(!output.contains("data-sourcepos"))
    }

    @Test func alignedTableCellsGetClassesNotTheObsoleteAlignAttribute() {
        let html = html("| a | b | c | d |\n|:--|:-:|--:|---|\n| 1 | 2 | 3 | 4 |\n")
        #expect(!html.contains("align="), "\(html)")
        #expect(html.contains("<th class=\"align-left\">a</th>"))
        #expect(html.contains("<th class=\"align-center\">b</th>"))
        #expect(html.contains("<td class=\"align-right\">3</td>"))
        #expect(html.contains("<td>4</td>"))
        // Only cells: a paragraph that says align="left" keeps its words.
        #expect(self.html("Write align=\"left\" here.\n").contains("align=&quot;left&quot;"))
    }

    @Test func omitsRawHTMLUnlessConfigured() {
        let source = "<script>alert(1)</script>\n\nText <b onclick=\"x()\">bold</b>\n"
        let safe = html(source)
        #expect(!safe.contains("<script"))
        #expect(!safe.contains("onclick"))
        #expect(safe.contains("raw HTML omitted"))
        let unsafe = html("Text <b>bold</b>\n", unsafe: true)
        #expect(unsafe.contains("<b>bold</b>"))
    }

    @Test func tagFilterStillDisarmsScriptsWhenRawHTMLIsOn() {
        #expect(html("<script>alert(1)</script>\n", unsafe: true).contains("&lt;script>"))
    }

    @Test(arguments: [
        "javascript:alert(1)", "JaVaScRiPt:alert(1)", "vbscript:msgbox", "data:text/html;base64,PHNjcmlwdD4=",
        " javascript:x",
    ])
    func dropsDangerousLinkTargets(_ target: String) {
        for unsafe in [false, true] {
            let output = html("[click](<\(target)>) ![img](<\(target)>)\n", unsafe: unsafe)
            #expect(!output.lowercased().contains("javascript:"))
            #expect(!output.lowercased().contains("vbscript:"))
            #expect(!output.lowercased().contains("data:"))
            #expect(output.contains("click"))
        }
    }

    /// The scheme is read from the start, past spaces and control characters wherever they
    /// are, however many there are, in any case; a scheme further along is no scheme.
    @Test func aDangerousSchemeIsFoundPastSpacesAndControls() {
        let controls = String(repeating: "\u{01}\t \u{7F}", count: 40)
        for url in [
            "javascript:x", "\(controls)javascript:x", "java\(controls)script:x", "  JAVAscript\n:x",
            "file:///etc/passwd", "DATA:text/html,x", "assure-ref:3", "vb\u{0}script:x",
        ] {
            #expect(LinkTarget.isDangerous(url), "\(url.debugDescription)")
        }
        for url in ["https://x.test/javascript:x", "a javascript:x", "jav\u{AD}ascript:x", "./file:x", "", "data"] {
            #expect(!LinkTarget.isDangerous(url), "\(url.debugDescription)")
        }
    }

    /// ASCII headings are slugged byte by byte; the result is what the rule for any text gives.
    @Test func asciiHeadingsGetTheAnchorsAnyTextWould() {
        func general(_ text: String) -> String {
            let slug = String(
                text.lowercased().compactMap { character -> Character? in
                    if character.isLetter || character.isNumber || character == "-" || character == "_" {
                        return character
                    }
                    return character == " " ? "-" : nil
                })
            return slug.isEmpty ? "section" : slug
        }
        var random = SplitMix(seed: 11)
        let ascii = (0..<128).map { Character(Unicode.Scalar(UInt8($0))) }
        for length in 0..<40 {
            let text = String((0..<length).map { _ in ascii[Int(random.next() % 128)] })
            #expect(Slug.anchor(for: text) == general(text), "\(text.debugDescription)")
        }
        for text in ["Scope & Purpose", "1. Access-Control_Review", "  ", "\r\n", "Über Größe", "A\u{301}b"] {
            #expect(Slug.anchor(for: text) == general(text), "\(text.debugDescription)")
        }
    }

    @Test func headingsGetStableUniqueAnchors() {
        let result = MarkdownParser.parse("## Scope\n\n## Scope\n\n### Roles & duties\n", path: "x.md", firstLine: 1)
        #expect(result.body.headings.map(\.anchor) == ["scope", "scope-1", "roles--duties"])
        #expect(result.body.html.contains("<h2 id=\"scope\">Scope</h2>"))
        #expect(result.body.html.contains("<h2 id=\"scope-1\">Scope</h2>"))
        #expect(result.body.html.contains("<h3 id=\"roles--duties\">"))
    }

    @Test func aBodyOutlineStartingAtLevelOneMovesBelowThePageTitle() {
        let result = MarkdownParser.parse("# Purpose\n\n## Detail\n", path: "x.md", firstLine: 1)
        #expect(result.body.html.contains("<h2 id=\"purpose\">Purpose</h2>"))
        #expect(result.body.html.contains("<h3 id=\"detail\">Detail</h3>"))
    }

    @Test func aLeadingHeadingThatRepeatsTheTitleIsDropped() {
        let result = MarkdownParser.parse(
            "# Access Policy\n\nText.\n", path: "x.md", firstLine: 1, title: "Access Policy")
        #expect(!result.body.html.contains("Access Policy"))
        #expect(result.body.html.contains("<p>Text.</p>"))
    }

    @Test func findsReferencesWithTheirPositions() {
        let source =
            "Intro.\n\nSee [[POL-AC]] and [the policy](../policies/a.md#scope \"Title\").\n\n| x |\n|---|\n| "
            + "[[CC6.1]] |\n"
        let body = MarkdownParser.parse(source, path: "content/x.md", firstLine: 10).body
        #expect(body.references.count == 3)
        let wiki = body.references.first { $0.written == "[[POL-AC]]" }
        #expect(wiki?.target == .id("POL-AC"))
        #expect(wiki.map { "\($0.location)" } == "content/x.md:12:5")
        let link = body.references.first { $0.written == "../policies/a.md#scope" }
        #expect(link?.target == .file(path: "../policies/a.md", anchor: "scope"))
        #expect(link?.linkTitle == "Title")
        #expect(link.map { "\($0.location)" } == "content/x.md:12:33")
        #expect(body.references.first { $0.written == "[[CC6.1]]" }.map { "\($0.location)" } == "content/x.md:16:3")
    }

    @Test func codeIsNeverAReference() {
        let body = MarkdownParser.parse("`[[POL-AC]]`\n\n```\n[[POL-AC]]\n```\n", path: "x.md", firstLine: 1).body
        #expect(body.references.isEmpty)
        #expect(body.html.contains("[[POL-AC]]"))
    }

    @Test func bracketsWithSpacesAreOrdinaryText() {
        let body = MarkdownParser.parse("A [[not an id]] here.\n", path: "x.md", firstLine: 1).body
        #expect(body.references.isEmpty)
        #expect(body.html.contains("[[not an id]]"))
    }

    /// Debian's libcmark-gfm keeps parser state in globals; parses must not interleave.
    @Test func parsesFromManyTasksAtOnceStayCorrect() async {
        let results = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<64 {
                group.addTask {
                    let output = MarkdownParser.parse("~~gone \(index)~~ www.example.com\n", path: "x.md", firstLine: 1)
                        .body.html
                    return output.contains("<del>") && output.contains("<a href=\"http://www.example.com\">")
                }
            }
            var all: [Bool] = []
            for await result in group { all.append(result) }
            return all
        }
        #expect(results.count == 64)
        #expect(results.allSatisfy { $0 })
    }
}
