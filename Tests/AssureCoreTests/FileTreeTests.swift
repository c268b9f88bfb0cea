import Foundation
import Testing

@testable import AssureCore

/// The directory walk reads each name in place up to its NUL (issue "Memory safety: the
/// directory walk reads past the end of readdir's record").
@Suite("Walking folders")
struct FileTreeTests {
    /// Names of every length a file system allows (1 to 255 bytes), ASCII and multi-byte UTF-8.
    static func names() -> [String] {
        var names = Set<String>()
        for length in 1...255 {
            // ASCII: four shapes of each length.
            for first in ["a", "k", "q", "z"] {
                names.insert(first + String(repeating: "x", count: length - 1))
            }
            // "é" is two bytes, "€" three, "𝄞" four: fill the length exactly, padding with ASCII
            // before or after, so multi-byte characters end at every offset.
            for (character, width) in [("é", 2), ("€", 3), ("𝄞", 4)] where length >= width + 1 {
                let repeats = (length - 1) / width
                let padding = String(repeating: "p", count: length - 1 - repeats * width)
                let run = String(repeating: character, count: repeats)
                names.insert("m" + run + padding)
                names.insert("n" + padding + run)
                if repeats > 1 {
                    names.insert("o" + padding + run.dropLast() + "p" + String(repeating: "q", count: width - 1))
                }
            }
        }
        return names.filter { $0.utf8.count <= 255 && !$0.hasPrefix(".") }.sorted()
    }

    @Test func everyNameComesBackExactlyWhateverItsLength() throws {
        let folder = FileManager.default.temporaryDirectory.appending(path: "assure-walk-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let names = Self.names()
        #expect(names.count > 2_500)
        // Spread over folders so that some records end exactly at readdir's buffer's end.
        for (index, name) in names.enumerated() {
            let sub = folder.appending(path: "d\(index % 3)")
            try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
            try Data(name.utf8).write(to: sub.appending(path: name))
        }
        let listing = FileTree.walk(folder.path)
        #expect(listing.problems.isEmpty)
        let files = listing.entries.filter { $0.kind == .file }
        #expect(files.count == names.count)
        let walked = Set(files.map { String($0.path.split(separator: "/").last!) })
        #expect(walked == Set(names))
        for entry in files {
            let data = try Data(contentsOf: folder.appending(path: entry.path))
            #expect(String(decoding: data, as: UTF8.self) == String(entry.path.split(separator: "/").last!))
        }
    }

    @Test func aMissingFolderListsAsEmptyAndAnUnopenableOneIsAProblem() throws {
        #expect(FileTree.walk("/nonexistent/assure") == FileTree.Listing())
        let file = FileManager.default.temporaryDirectory.appending(path: "assure-not-a-folder-\(UUID().uuidString)")
        try Data("x".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        #expect(FileTree.walk(file.path).problems.map(\.reason) == [String(cString: strerror(ENOTDIR))])
    }
}

/// Positions on very long lines (issue "Careless hands and hostile input", item 6): thousands
/// of references on one line each get their exact column, found in one pass over the line.
@Suite("Positions of many references on one line")
struct LongLinePositionTests {
    @Test func everyReferenceOnALongLineGetsItsOwnColumn() async {
        var project = TestProject()
        // Dangling references report where they are written: each must name its own column.
        var line = ""
        var expected: [String] = []
        for index in 0..<3_000 {
            let parts = ["[[NOPE-\(index)]]", "[x](missing-\(index).md)", "![p](gone-\(index).png)", "é "]
            for part in parts.prefix(3) {
                let column = line.count + 1 + (part.hasPrefix("[x]") ? 4 : part.hasPrefix("![") ? 5 : 0)
                expected.append("content/pages/long.md:5:\(column)")
                line += part + " "
            }
            line += parts[3]
        }
        project["content/pages/long.md"] = "---\ntitle: Long\naudience: public\n---\n" + line + "\n"
        let diagnostics = await pipeline(project.reader).check().diagnostics.filter {
            $0.location.path == "content/pages/long.md"
        }
        #expect(diagnostics.count == 9_000)
        #expect(
            diagnostics.map { "\($0.location)" }
                == expected.sorted { a, b in
                    Int(a.split(separator: ":").last!)! < Int(b.split(separator: ":").last!)!
                })
    }

    @Test func everyImageOnALongLineGetsItsSource() async throws {
        var project = TestProject()
        project["content/pages/pic.png"] = "png"
        project["content/pages/gallery.md"] =
            "---\ntitle: Gallery\naudience: public\n---\n"
            + String(repeating: "![a](pic.png) ", count: 5_000) + "\n"
        let site = try await buildSite(project.reader)
        let page = try #require(site["pages/gallery.html"])
        #expect(page.components(separatedBy: "src=\"../files/pages/pic.png\"").count - 1 == 5_000)
        #expect(!page.contains("assure-ref:"))
    }
}
