import Foundation
import Testing

@testable import AssureCore

/// Walks every page of a site: every relative link and anchor must resolve to a file and an
/// element in the output, and nothing may be loaded from another host.
struct LinkWalker {
    var files: [String: Data]
    var problems: [String] = []

    init(files: [String: Data]) { self.files = files }

    static func ids(in html: String) -> Set<String> {
        Set(html.matches(of: /\sid="([^"]+)"/).map { String($0.output.1) })
    }

    static func unescape(_ value: String) -> String {
        value.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    mutating func walk() {
        var idsByPage: [String: Set<String>] = [:]
        for (path, data) in files where path.hasSuffix(".html") {
            idsByPage[path] = Self.ids(in: String(decoding: data, as: UTF8.self))
        }
        for (path, data) in files.sorted(by: { $0.key < $1.key })
        where path.hasSuffix(".html") || path.hasSuffix(".css") {
            let text = String(decoding: data, as: UTF8.self)
            let folder = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : ""
            for match in text.matches(of: /\s(href|src)="([^"]*)"/) {
                let attribute = String(match.output.1)
                let target = Self.unescape(String(match.output.2))
                let tagStart = text[..<match.range.lowerBound].lastIndex(of: "<").map { text[$0...].prefix(8) } ?? ""
                check(target, attribute: attribute, tag: String(tagStart), from: path, folder: folder, ids: idsByPage)
            }
            for match in text.matches(of: /url\(\s*['"]?([^'")]+)/) {
                let target = String(match.output.1)
                if target.contains("//") { problems.append("\(path): CSS loads \(target)") }
            }
        }
    }

    private mutating func check(
        _ target: String, attribute: String, tag: String, from path: String, folder: String,
        ids: [String: Set<String>]
    ) {
        if target.hasPrefix("mailto:") { return }
        if target.hasPrefix("//") || target.contains("://") {
            // Navigation to another host is fine; loading from one is not.
            if attribute == "src" || tag.hasPrefix("<link") {
                problems.append("\(path): loads \(target) from another host")
            }
            return
        }
        if target.hasPrefix("/") {
            problems.append("\(path): \(target) is not relative, so it breaks from file://")
            return
        }
        var file = target
        var anchor: String?
        if let hash = target.firstIndex(of: "#") {
            anchor = String(target[target.index(after: hash)...])
            file = String(target[..<hash])
        }
        let resolved: String
        if file.isEmpty {
            resolved = path
        } else {
            let joined = (folder.isEmpty ? "" : folder + "/") + file
            var parts: [Substring] = []
            for part in joined.split(separator: "/") {
                if part == ".." {
                    if parts.popLast() == nil {
                        problems.append("\(path): \(target) leaves the site")
                        return
                    }
                } else if part != "." {
                    parts.append(part)
                }
            }
            resolved = parts.joined(separator: "/")
        }
        if resolved.hasSuffix("/") || file.hasSuffix("/") {
            problems.append("\(path): \(target) is a folder; from file:// it needs index.html")
            return
        }
        guard files[resolved] != nil else {
            problems.append("\(path): \(target) → \(resolved) does not exist")
            return
        }
        if let anchor, !anchor.isEmpty, !(ids[resolved] ?? []).contains(anchor) {
            problems.append("\(path): \(target) → no element with id \"\(anchor)\" in \(resolved)")
        }
    }
}

@Suite("Offline browsing: every link resolves, nothing comes from another host")
struct OfflineLinkTests {
    func siteFiles(_ project: some ProjectReader, audience: SiteAudience) async throws -> [String: Data] {
        let destination = MemoryDestination()
        _ = try await pipeline(project).build(audience: audience, into: destination)
        return Dictionary(uniqueKeysWithValues: destination.files.map { ($0.path, $0.data) })
    }

    @Test(arguments: SiteAudience.allCases)
    func theExampleSiteHasNoBrokenLinks(_ audience: SiteAudience) async throws {
        var walker = LinkWalker(files: try await siteFiles(DiskProject(root: Fixtures.repository), audience: audience))
        walker.walk()
        #expect(walker.problems.isEmpty, "\(walker.problems.prefix(20).joined(separator: "\n"))")
        #expect(walker.files.count > 90)
    }

    @Test func theUnzippedBundleHasNoBrokenLinks() async throws {
        let bundle = try await pipeline(DiskProject(root: Fixtures.repository))
            .bundle(modified: Date(timeIntervalSince1970: 1_767_225_600), version: "test")
        var walker = LinkWalker(files: try unzip(bundle.zip))
        walker.walk()
        #expect(walker.problems.isEmpty, "\(walker.problems.prefix(20).joined(separator: "\n"))")
    }

    @Test(arguments: ["audiences", "golden"])
    func fixtureSitesHaveNoBrokenLinks(_ fixture: String) async throws {
        for audience in SiteAudience.allCases {
            var walker = LinkWalker(files: try await siteFiles(Fixtures.project(fixture), audience: audience))
            walker.walk()
            #expect(
                walker.problems.isEmpty, "\(fixture)/\(audience): \(walker.problems.prefix(20).joined(separator: "\n"))"
            )
        }
    }

    @Test func theWalkerCatchesWhatItMust() {
        var walker = LinkWalker(files: [
            "index.html": Data(
                (##"<a href="policies/X.html">x</a><a href="#nowhere">y</a><img "##
                    + ##"src="https://cdn.example/x.png"><a href="/abs.html">z</a>"##).utf8)
        ])
        walker.walk()
        #expect(walker.problems.count == 4)
    }

    @Test func picturesAndFilesInContentArePublishedBesideThePages() async throws {
        var project = TestProject()
        project["content/policies/a.md"]! +=
            "\n\n![Diagram](net.png) and [the PDF](../files/plan.pdf) and ![remote](https://cdn.example/x.png)\n"
        var files = project.reader.files
        files["content/policies/net.png"] = Data([0x89, 0x50, 0x4E, 0x47])
        files["content/files/plan.pdf"] = Data("%PDF-1.4".utf8)
        files["content/files/unused.pdf"] = Data("%PDF-1.4".utf8)
        let reader = InMemoryProject(files: files)
        let site = try await siteFiles(reader, audience: .public)
        let page = String(decoding: try #require(site["policies/POL-A.html"]), as: UTF8.self)
        #expect(page.contains(#"<img src="../files/policies/net.png" alt="Diagram" />"#))
        #expect(page.contains(#"<a href="../files/files/plan.pdf">the PDF</a>"#))
        #expect(page.contains(#"<a href="https://cdn.example/x.png">remote</a>"#))
        #expect(site["files/policies/net.png"] == Data([0x89, 0x50, 0x4E, 0x47]))
        #expect(site["files/files/unused.pdf"] == nil)
        let diagnostics = await pipeline(reader).check().diagnostics
        #expect(diagnostics.map { "\($0.location) \($0.code)" } == ["content/files/unused.pdf unreferenced-file"])
        var walker = LinkWalker(files: site)
        walker.walk()
        #expect(walker.problems.isEmpty, "\(walker.problems)")
    }

    @Test func aPictureUsedOnlyByAHiddenDocumentIsNotPublished() async throws {
        var project = TestProject()
        project.policy("POL-SECRET", title: "Secret", audience: .auditor, body: "![Secret diagram](secret.png)")
        var files = project.reader.files
        files["content/policies/secret.png"] = Data([1, 2, 3])
        let site = try await siteFiles(InMemoryProject(files: files), audience: .public)
        #expect(site.keys.allSatisfy { !$0.contains("secret") })
        let auditor = try await siteFiles(InMemoryProject(files: files), audience: .auditor)
        #expect(auditor["files/policies/secret.png"] == Data([1, 2, 3]))
    }

    @Test func aMissingPictureIsAnError() async {
        var project = TestProject()
        project["content/policies/a.md"]! += "\n\n![Diagram](missing.png)\n"
        let diagnostics = await buildDiagnostics(project.reader)
        #expect(diagnostics.contains { $0.code == .danglingReference && $0.summary.contains("image") })
    }
}
