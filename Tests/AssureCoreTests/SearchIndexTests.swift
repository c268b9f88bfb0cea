import Foundation
import Testing

@testable import AssureCore

/// The search index ships with each site and holds only what that site shows; the browser
/// tests (Tests/Browser) search it in chromium.
@Suite("Search index")
struct SearchIndexTests {
    static var project: TestProject {
        var project = TestProject()
        project.policy(
            "POL-S", title: "Search </script><script>alert(1)</script> policy", audience: .public,
            body: "Laptops use **full**-disk encryption &amp; screen locks. See [[CTL-AUD]].")
        project.control(
            "CTL-AUD", title: "Auditor CANARYTITLE", audience: .auditor, body: "Words CANARYBODY only auditors read.")
        project.control("CTL-RES", title: "Restricted on request", audience: .restricted, body: "CANARYRESTRICTED")
        return project
    }

    @Test func thePublicIndexHoldsOnlyWhatThePublicSiteShows() async throws {
        let site = try await buildSite(Self.project.reader)
        let index = try #require(site[SitePaths.searchIndex])
        #expect(index.hasPrefix("// The search index of this site"))
        #expect(index.contains(#""i":"POL-S""#))
        for canary in ["CANARYTITLE", "CANARYBODY", "CANARYRESTRICTED", #""i":"CTL-AUD""#] {
            #expect(!index.contains(canary), "\(canary) reached the public index")
        }
        // A restricted document is listed by title, pointing at the list that offers it on request.
        #expect(
            index.contains(
                #""i":"CTL-RES","k":"Control, on request","s":"","t":"Restricted on request","u":"controls/index.html""#
            ))
        let auditor = try #require(try await buildSite(Self.project.reader, audience: .auditor)[SitePaths.searchIndex])
        #expect(auditor.contains("CANARYBODY") && auditor.contains("CANARYRESTRICTED"))
    }

    /// A restricted free page has no list to be offered from: it is not in the public index
    /// at all, and never labelled as another kind (it once was "Control, on request", linked
    /// to the controls list, which does not list it).
    @Test func aRestrictedPageIsNotIndexedAsAnotherKind() async throws {
        var project = Self.project
        project["content/pages/nda.md"] =
            "---\ntitle: NDA terms CANARYPAGE\naudience: restricted\n---\nCANARYPAGEBODY\n"
        project.policy("POL-RES", title: "Restricted policy", audience: .restricted, body: "Text.")
        let index = try #require(try await buildSite(project.reader)[SitePaths.searchIndex])
        #expect(!index.contains("CANARYPAGE"), "a restricted page reached the public index")
        #expect(
            index.contains(
                #""i":"POL-RES","k":"Policy, on request","s":"","t":"Restricted policy","u":"policies/index.html""#))
        let auditor = try #require(try await buildSite(project.reader, audience: .auditor)[SitePaths.searchIndex])
        #expect(auditor.contains(#""i":"nda","k":"Page""#))
    }

    @Test func bodiesBecomePlainTextAndNothingCanEndTheScript() async throws {
        let index = try #require(try await buildSite(Self.project.reader)[SitePaths.searchIndex])
        let entry = try #require(index.split(separator: "\n").first { $0.contains(#""i":"POL-S""#) })
        // Markup is dropped, escapes decoded, inline emphasis keeps its word whole.
        #expect(entry.contains("Laptops use full-disk encryption & screen locks."))
        #expect(!index.contains("<"), "a `<` could close a script element")
        #expect(entry.contains(#"Search \u003c/script>\u003cscript>alert(1)\u003c/script> policy"#))
        // The index is a script that assigns one array, valid JSON between the brackets.
        let start = try #require(index.firstIndex(of: "["))
        let end = try #require(index.lastIndex(of: "]"))
        let entries = try #require(
            try JSONSerialization.jsonObject(with: Data(index[start...end].utf8)) as? [[String: String]])
        #expect(entries.contains { $0["i"] == "CC6.1" && $0["k"] == "SOC 2 criterion" })
    }

    @Test func plainTextDropsTagsAndReferenceMarks() {
        #expect(
            SearchIndex.plainText("<h2>Scope</h2><p>All <em>systems</em>\n and &lt;data&gt;.</p>")
                == "Scope All systems and <data>.")
        #expect(SearchIndex.plainText("<p>See \(BodyPlaceholder.mark(3, .whole)) now</p>") == "See now")
        #expect(SearchIndex.plainText("") == "")
        // Text is copied in runs between what is looked at; a byte like a mark's that starts no
        // mark, and an entity that is not one of the five, are text.
        #expect(
            SearchIndex.plainText("<p>a\u{F000}b &amp;&unknown; c\t\r\n<b>d</b>e</p>x")
                == "a\u{F000}b &&unknown; c de x")
    }

    @Test func stringsAreEscapedAsJSONEncoderWouldWithScriptEndingsEscapedToo() throws {
        let samples = [
            "plain", "quote \" and \\ backslash", "tab\tnew\nline\rreturn", "\u{0}\u{1}\u{8}\u{b}\u{c}\u{1f}\u{7f}",
            "</script><script>", "line\u{2028}para\u{2029}end", "é ü 漢字 🙂 \u{e2}", "/slashes/ stay",
            "\u{2027}\u{202A}€ next to the line ends", "ends with\u{2028}", "\u{2029}", "\"", "<",
        ]
        for sample in samples {
            var ours: [UInt8] = []
            SearchIndex.appendJSONString(sample, to: &ours)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.withoutEscapingSlashes]
            let reference = String(decoding: try encoder.encode(sample), as: UTF8.self)
                .replacingOccurrences(of: "<", with: "\\u003c")
                .replacingOccurrences(of: "\u{2028}", with: "\\u2028").replacingOccurrences(
                    of: "\u{2029}", with: "\\u2029")
            #expect(String(decoding: ours, as: UTF8.self) == reference, "\(sample.debugDescription)")
            #expect(try JSONSerialization.jsonObject(with: Data(ours), options: .fragmentsAllowed) as? String == sample)
        }
    }
    /// Lines given in any order, some twice and some never, make the index `data(for:)` makes;
    /// a file that cannot be written fails the index, however far it got.
    @Test func theStreamedIndexIsTheIndexWhateverOrderPagesRenderIn() async throws {
        let portal = try await resolvedPortal(DiskProject(root: Fixtures.repository))
        let view = AudienceFilter(audience: .auditor).apply(to: portal)
        let expected = SearchIndex.data(for: view)
        var random = SplitMix(seed: 3)
        for round in 0..<20 {
            let stream = SearchIndexStream(view: view, into: nil)
            var order = Array(view.documents.indices)
            for index in order.indices.reversed() { order.swapAt(index, Int(random.next() % UInt64(index + 1))) }
            for position in order where round == 0 || random.next() % 5 != 0 {
                let document = view.documents[position]
                let html = BodyHTML.render(document.body, links: view.referenceLinks(of: document.body), root: "")
                stream.keep(html, of: document.node)
                if random.next() % 7 == 0 { stream.keep(html, of: document.node) }
            }
            #expect(try stream.finish() == expected, "round \(round)")
        }

        final class FullDisk: SiteFileStream {
            var written = 0
            func write(_ bytes: [UInt8]) throws {
                written += bytes.count
                if written > 2_000 { throw OutputError(description: "no space left on device") }
            }
            func close() throws {}
        }
        let stream = SearchIndexStream(view: view, into: FullDisk())
        #expect(throws: OutputError.self) { try stream.finish() }
    }
}
