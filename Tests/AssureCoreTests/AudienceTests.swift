import Foundation
import Testing

@testable import AssureCore

@Suite("Audiences: nothing reaches an output its audience does not allow")
struct AudienceTests {
    static let project = Fixtures.project("audiences")

    /// Every `CANARY-...` marker in the fixture's files whose name starts with `prefix`.
    static func canaries(_ prefix: String) throws -> Set<String> {
        var found = Set<String>()
        let root = Fixtures.root.appending(path: "audiences/content")
        let files = FileManager.default.enumerator(atPath: root.path)!.compactMap { $0 as? String }
        for file in files where file.hasSuffix(".md") || file.hasSuffix(".yml") {
            let text = try String(contentsOf: root.appending(path: file), encoding: .utf8)
            for match in text.matches(of: /CANARY-[A-Z-]+/) where match.output.hasPrefix(prefix) {
                found.insert(String(match.output))
            }
        }
        return found
    }

    /// A site's backlinks are the graph's edges whose two ends it shows, whichever way they are
    /// read: the same graph as adding only those edges one by one.
    @Test func theFilteredGraphHoldsExactlyTheEdgesBetweenShownNodes() {
        var random = SplitMix(seed: 7)
        let nodes = (0..<40).map { NodeRef.document(.control, "C-\($0)") } + [.criterion("soc2:CC6.1")]
        for round in 0..<50 {
            var graph = LinkGraph()
            var edges: [(NodeRef, NodeRef, Relation)] = []
            for _ in 0..<Int(random.next() % 200) {
                let edge = (
                    nodes[Int(random.next() % UInt64(nodes.count))], nodes[Int(random.next() % UInt64(nodes.count))],
                    Relation.allCases[Int(random.next() % UInt64(Relation.allCases.count))]
                )
                graph.add(from: edge.0, to: edge.1, as: edge.2)
                edges.append(edge)
            }
            let shown = Set(nodes.filter { _ in round % 5 == 0 || random.next() % 4 != 0 })
            var expected = LinkGraph()
            for (source, target, relation) in edges where shown.contains(source) && shown.contains(target) {
                expected.add(from: source, to: target, as: relation)
            }
            let filtered = graph.filtered(keeping: shown.contains)
            #expect(filtered == expected, "round \(round)")
            for node in nodes {
                #expect(filtered.referrers(of: node) == expected.referrers(of: node))
                #expect(filtered.references(of: node) == expected.references(of: node))
            }
        }
    }

    @Test func thePublicSiteHoldsNoWordOfAuditorOrInternalDocuments() async throws {
        let site = try await buildSite(Self.project, audience: .public)
        let hidden = try Self.canaries("CANARY-AUDITOR").union(Self.canaries("CANARY-INTERNAL"))
        #expect(hidden.count >= 20)
        for (path, text) in site {
            let folded = text.lowercased()
            for canary in hidden {
                #expect(!folded.contains(canary.lowercased()), "\(canary) leaked into \(path)")
            }
        }
        #expect(site["policies/AUD-POL.html"] == nil)
        #expect(site.keys.allSatisfy { !$0.contains("CANARY") })
    }

    @Test func restrictedDocumentsAppearOnThePublicSiteByTitleOnly() async throws {
        let site = try await buildSite(Self.project, audience: .public)
        for canary in try Self.canaries("CANARY-RESTRICTED") {
            for (path, text) in site { #expect(!text.contains(canary), "\(canary) leaked into \(path)") }
        }
        #expect(site["policies/RES-POL.html"] == nil)
        #expect(site["controls/RES-CTL.html"] == nil)
        let policies = try #require(site["policies/index.html"])
        #expect(policies.contains("Restricted Policy Title"))
        #expect(policies.contains("Available on request"))
        #expect(try #require(site["controls/index.html"]).contains("Restricted Control Title"))
        let home = try #require(site["index.html"])
        #expect(home.contains("Restricted Policy Title"))
    }

    @Test func aPublicPageShowsReferencesToHiddenDocumentsAsWrittenAndUnlinked() async throws {
        let site = try await buildSite(Self.project, audience: .public)
        let page = try #require(site["policies/PUB-POL.html"])
        #expect(page.contains("refers to [[AUD-POL]], to"))
        #expect(page.contains("Restricted Policy Title <em>(available on request)</em>"))
        #expect(page.contains("<a class=\"xref\" href=\"../controls/PUB-CTL.html\">Public Control</a>"))
        #expect(page.contains("and to a hidden document."))
        #expect(!page.contains("AUD-POL.html"))
        // Every relative link of every page points at a page that exists.
        for (path, text) in site where path.hasSuffix(".html") {
            let folder = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) + "/" : ""
            for match in text.matches(of: /href="([^"#:]+\.html)/) {
                let target = URL(fileURLWithPath: "/" + folder + String(match.output.1)).standardizedFileURL.path
                    .dropFirst()
                #expect(site[String(target)] != nil, "\(path) links to missing \(target)")
            }
        }
    }

    @Test func aPublicControlListsOnlyPoliciesThePublicMaySee() async throws {
        let site = try await buildSite(Self.project, audience: .public)
        let page = try #require(site["controls/PUB-CTL.html"])
        #expect(page.contains("Public Policy"))
        #expect(page.contains("Restricted Policy Title (available on request)"))
        #expect(!page.contains("AUD-POL"))
    }

    @Test func theAuditorSiteHasEverythingButInternalDocuments() async throws {
        let site = try await buildSite(Self.project, audience: .auditor)
        let all = site.values.joined(separator: "\n").lowercased()
        for canary in try Self.canaries("CANARY-AUDITOR").union(Self.canaries("CANARY-RESTRICTED")) {
            #expect(all.contains(canary.lowercased()), "\(canary) missing from the auditor site")
        }
        for canary in try Self.canaries("CANARY-INTERNAL") {
            #expect(!all.contains(canary.lowercased()), "\(canary) leaked into the auditor site")
        }
        #expect(site["policies/AUD-POL.html"] != nil)
        #expect(try #require(site["index.html"]).contains("Auditor view"))
    }

    @Test func aCriterionMetOnlyByHiddenControlsKeepsItsStatusButNamesNone() async throws {
        let site = try await buildSite(Self.project, audience: .public)
        let page = try #require(site["criteria/soc2/CC6.2.html"])
        #expect(page.contains("badge-covered"))
        #expect(page.contains("documented for auditors"))
    }

    @Test func documentsWithoutAnAudienceAreForAuditorsOnly() throws {
        #expect(Audience.documentDefault == .auditor)
        #expect(SiteAudience.public.visibility(of: .auditor) == .hidden)
        #expect(SiteAudience.public.visibility(of: .restricted) == .titleOnly)
        #expect(SiteAudience.auditor.visibility(of: .internal) == .hidden)
    }
}
