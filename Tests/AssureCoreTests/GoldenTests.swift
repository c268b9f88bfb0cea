import Foundation
import Testing

@testable import AssureCore

/// Representative pages of `Tests/Fixtures/golden` compared byte for byte with the files in
/// `Tests/Fixtures/golden-expected`. Refresh them with `ASSURE_UPDATE_GOLDEN=1 scripts/test`.
@Suite("Golden pages")
struct GoldenTests {
    static let pages = [
        "index.html", "policies/POL-A.html", "controls/CTL-1.html", "criteria/soc2/CC6.1.html",
        "criteria/soc2/index.html", "criteria/index.html", "pages/about.html",
    ]

    @Test(arguments: pages)
    func pageMatchesGolden(_ path: String) async throws {
        let site = try await buildSite(Fixtures.project("golden"))
        let actual = try #require(site[path])
        let expectedURL = Fixtures.root.appending(path: "golden-expected/\(path)")
        if Fixtures.updateGolden {
            try FileManager.default.createDirectory(
                at: expectedURL.deletingLastPathComponent(), withIntermediateDirectories: true)
            try actual.write(to: expectedURL, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: expectedURL, encoding: .utf8)
        if actual != expected {
            let difference = lineDiff(expected: expected, actual: actual)
            let refresh = "ASSURE_UPDATE_GOLDEN=1 scripts/test"
            Issue.record("\(path) differs from its golden file:\n\(difference)\nrun \(refresh) to accept it")
        }
    }
}

/// The first differing region of two texts, as `-expected` / `+actual` lines with context.
func lineDiff(expected: String, actual: String) -> String {
    let old = expected.components(separatedBy: "\n")
    let new = actual.components(separatedBy: "\n")
    var start = 0
    while start < min(old.count, new.count) && old[start] == new[start] { start += 1 }
    var oldEnd = old.count
    var newEnd = new.count
    while oldEnd > start && newEnd > start && old[oldEnd - 1] == new[newEnd - 1] {
        oldEnd -= 1
        newEnd -= 1
    }
    var lines: [String] = ["@@ line \(start + 1) @@"]
    for line in old[max(0, start - 3)..<start] { lines.append("  " + line) }
    for line in old[start..<oldEnd].prefix(40) { lines.append("- " + line) }
    for line in new[start..<newEnd].prefix(40) { lines.append("+ " + line) }
    return lines.joined(separator: "\n")
}
