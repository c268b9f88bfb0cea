import Foundation
import Testing

@testable import AssureCore

/// Every kind of page is declared once (`SitePage`), with a typed context the templates read.
@Suite("Kinds of page and their contexts")
struct SitePagesTests {
    struct Inner: Encodable {
        var name: String
        var note: String?
    }

    struct Outer: Encodable {
        var title: String
        var summary: String?
        var count: Int?
        var items: [Inner]
        var inner: Inner?
    }

    @Test func anAbsentValueReachesTheTemplateAsFalseNeverAsAMissingKey() throws {
        let value = TemplateEncoder.object(
            Outer(title: "T", summary: nil, count: 3, items: [Inner(name: "a", note: nil)], inner: nil))
        #expect(value.child("title") == .string("T"))
        #expect(value.child("summary") == .bool(false))
        #expect(value.child("inner") == .bool(false))
        #expect(value.child("count") == .int(3))
        #expect(value.child("items") == .list([.object(["name": .string("a"), "note": .bool(false)])]))
    }

    @Test func aMissingKeyWouldShowTheEnclosingValueAFalseOneDoesNot() throws {
        // The reason for `false`: Mustache looks a missing key up in the enclosing context.
        let template = "{{#items}}[{{name}}:{{#note}}{{note}}{{/note}}]{{/items}}"
        var library = Theme.load(overrides: []).0!.library
        try library.register(template, named: "probe")
        let typed = TemplateEncoder.object(
            Merged(Outer(title: "T", items: [Inner(name: "a")]), ["note": "OUTER"]))
        let untyped = TemplateValue.object([
            "note": .string("OUTER"), "items": .list([.object(["name": .string("a")])]),
        ])
        let renderers: [(TemplateValue) throws -> [UInt8]?] = [
            { try library.render($0, withTemplate: "probe") },
            { library.renderWithSwiftMustache($0, withTemplate: "probe") },
        ]
        for render in renderers {
            #expect(try render(typed).map { String(decoding: $0, as: UTF8.self) } == "[a:]")
            #expect(try render(untyped).map { String(decoding: $0, as: UTF8.self) } == "[a:OUTER]")
        }
    }

    @Test func mergedKeysOfTheSecondWin() {
        let value = TemplateEncoder.object(Merged(["a": "1", "b": "1"], ["b": "2"]))
        #expect(value == .object(["a": .string("1"), "b": .string("2")]))
    }

    @Test func everyPageOfASiteIsDeclaredOnceAndEveryKindHasATemplate() async throws {
        let portal = try await resolvedPortal(TrustPageTests.project().reader)
        for audience in SiteAudience.allCases {
            let view = AudienceFilter(audience: audience).apply(to: portal)
            let pages = SitePage.all(for: view)
            #expect(Set(pages.map(\.path)).count == pages.count, "two pages share a path")
            let site = try await buildSite(TrustPageTests.project().reader, audience: audience)
            #expect(Set(pages.map(\.path)) == Set(site.keys.filter { $0.hasSuffix(".html") }))
        }
        for kind in SitePage.Kind.allCases {
            #expect(Theme.builtInFiles["\(kind.template).mustache"] != nil, "\(kind) has no template")
        }
        // Every built-in template is one the theme requires (a page kind, the layout, a grant's
        // page, the print book) or a partial that one includes.
        let partials = ["backlinks", "coverage-table", "doc-item", "document-meta", "history"]
        let templates = Theme.builtInFiles.keys.filter { $0.hasSuffix(".mustache") }.map { String($0.dropLast(9)) }
        #expect(Set(templates) == Set(Theme.requiredTemplates + partials))
    }

    /// The pages an edit to one control reaches, from what its changed fields declare.
    func affectedPages(_ edit: (String) -> String) async throws -> Set<String> {
        var project = TrustPageTests.project()
        let old = try await resolvedPortal(project.reader)
        project["content/controls/ctl-r1.md"] = edit(project["content/controls/ctl-r1.md"]!)
        let new = try await resolvedPortal(project.reader)
        let change = try #require(IncrementalBuilder.documentChange(from: old, to: new))
        #expect(change.changed == [.document(.control, "CTL-R1")])
        let view = AudienceFilter(audience: .auditor).apply(to: new)
        return Set(SitePage.all(for: view).filter { $0.isAffected(by: change) }.map(\.path))
    }

    @Test func aTitleEditReachesItsPageItsNeighboursAndTheListsOnly() async throws {
        let affected = try await affectedPages { $0.replacingOccurrences(of: "title: ", with: "title: Edited ") }
        #expect(affected.contains("controls/CTL-R1.html"))
        #expect(affected.contains("policies/POL-A.html"), "the policy it implements lists it")
        #expect(affected.contains("criteria/soc2/CC6.1.html"), "the criterion it meets lists it")
        #expect(affected.contains(SitePaths.home) && affected.contains(SitePaths.register))
        #expect(!affected.contains("controls/CTL-R2.html"))
        #expect(!affected.contains(SitePaths.search) && !affected.contains(SitePaths.notFound))
        #expect(!affected.contains("criteria/soc2/CC1.1.html"))
    }

    @Test func aTextEditReachesItsPageAndNotTheLists() async throws {
        let affected = try await affectedPages { $0.replacingOccurrences(of: "Text.", with: "Edited text.") }
        #expect(affected == ["controls/CTL-R1.html"], "its neighbours show its title, and the lists its fields")
    }

    @Test func anOwnerEditReachesItsPageAndTheListsNotItsNeighbours() async throws {
        let affected = try await affectedPages { $0.replacingOccurrences(of: "owner: ", with: "owner: Deputy ") }
        #expect(affected.contains("controls/CTL-R1.html") && affected.contains(SitePaths.register))
        #expect(!affected.contains("policies/POL-A.html") && !affected.contains("criteria/soc2/CC6.1.html"))
    }
}
