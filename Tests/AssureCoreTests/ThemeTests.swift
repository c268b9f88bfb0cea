import Foundation
import Testing

@testable import AssureCore

@Suite("Theme: built in, overridable file by file")
struct ThemeTests {
    @Test func theDefaultThemeIsEmbeddedAndMatchesTemplatesFolder() throws {
        let folder = Fixtures.repository.appending(path: "templates")
        let onDisk = FileManager.default.enumerator(atPath: folder.path)!.compactMap { $0 as? String }
            .filter { !$0.hasPrefix(".") && !FileManager.default.isDirectory(folder.appending(path: $0)) }
        #expect(Set(Theme.builtInFiles.keys) == Set(onDisk))
        for path in onDisk {
            #expect(Theme.builtInFiles[path] == FileManager.default.contents(atPath: folder.appending(path: path).path))
        }
        for name in Theme.requiredTemplates { #expect(Theme.builtInFiles["\(name).mustache"] != nil) }
    }

    @Test func aProjectTemplateReplacesOnlyTheFileOfTheSameName() async throws {
        var project = TestProject()
        project["templates/policy.mustache"] = "CUSTOM POLICY {{title}} {{{body}}}"
        project["templates/assets/extra.css"] = "body { color: red; }"
        let site = try await buildSite(project.reader)
        #expect(site["policies/POL-A.html"] == "CUSTOM POLICY Policy A <p>Body of policy A.</p>\n")
        #expect(site["controls/CTL-1.html"]?.contains("<!doctype html>") == true)
        #expect(site["assets/extra.css"] == "body { color: red; }")
        #expect(site["assets/style.css"]?.contains("prefers-color-scheme: dark") == true)
    }

    @Test func aBrokenTemplateIsReportedWithItsPosition() async {
        var project = TestProject()
        project["templates/policy.mustache"] = "line one\n{{#section}}never closed\n"
        let diagnostics = await buildDiagnostics(project.reader)
        let error = diagnostics.first { $0.code == .templateError }
        #expect(error?.location.path == "templates/policy.mustache")
        // The section opened on line 2 is found unclosed where the file ends.
        #expect(error?.location.description == "templates/policy.mustache:3:1")
    }

    @Test func templateValuesAreEscaped() async throws {
        var project = TestProject()
        project.policy("POL-X", title: "'\"><script>alert(1)</script>'", audience: .public)
        let site = try await buildSite(project.reader)
        for (path, text) in site where path.hasSuffix(".html") {
            #expect(!text.contains("<script>alert(1)"), "unescaped in \(path)")
        }
        #expect(site["policies/POL-X.html"]?.contains("&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;") == true)
    }

    @Test func pagesLoadNothingFromOtherHosts() async throws {
        let site = try await buildSite(Fixtures.project("audiences"))
        for (path, text) in site where path.hasSuffix(".html") || path.hasSuffix(".css") {
            for match in text.matches(of: /(src|href)="(https?:)?\/\/[^"]*"|url\((https?:)?\/\//) {
                Issue.record("\(path) refers to another host: \(match.output.0)")
            }
        }
    }
}

extension FileManager {
    func isDirectory(_ url: URL) -> Bool {
        var flag: ObjCBool = false
        return fileExists(atPath: url.path, isDirectory: &flag) && flag.boolValue
    }
}
