import Foundation
import Testing

/// The code stays in pieces a reader can hold: no Swift file over 500 lines, no function or
/// initialiser over 80, no line over 120 columns (`swift format` wraps to that too), in
/// `Sources/` and `Tests/`. A long function reads better as named steps.
@Suite("The shape of the code")
struct CodeShapeTests {
    static let maximumFileLines = 500
    static let maximumFunctionLines = 80
    static let maximumColumns = 120

    /// Every Swift file of the package's sources and tests, by repository-relative path.
    static func swiftFiles() throws -> [(path: String, lines: [Substring])] {
        let root = Fixtures.repository
        var files: [(String, [Substring])] = []
        for folder in ["Sources", "Tests"] {
            let base = root.appending(path: folder)
            guard let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else {
                continue
            }
            for case let url as URL in walker where url.pathExtension == "swift" {
                let text = try String(contentsOf: url, encoding: .utf8)
                let path = String(url.path.dropFirst(root.path.count + 1))
                files.append((path, text.split(separator: "\n", omittingEmptySubsequences: false)))
            }
        }
        return files.sorted { $0.0 < $1.0 }
    }

    @Test func filesAndLinesAreShort() throws {
        let files = try Self.swiftFiles()
        #expect(files.count > 100, "the walk found the package's files")
        for (path, lines) in files {
            #expect(lines.count <= Self.maximumFileLines + 1, "\(path) has \(lines.count) lines")
            for (number, line) in lines.enumerated() where line.count > Self.maximumColumns {
                Issue.record("\(path):\(number + 1) is \(line.count) columns wide")
            }
        }
    }

    @Test func functionsAreShort() throws {
        for (path, lines) in try Self.swiftFiles() {
            for function in Self.functions(in: lines) where function.length > Self.maximumFunctionLines {
                Issue.record("\(path):\(function.line) `\(function.name)` is \(function.length) lines long")
            }
        }
    }

    /// The measuring itself: a function's lines run from its declaration to its closing brace;
    /// braces inside strings and multi-line string literals do not count.
    @Test func theMeasureCountsBracesOutsideStringsOnly() {
        let source = """
            func short() {
                let text = "}}}"
                let block = \"\"\"
                    }
                    \"\"\"
            }
            struct S {
                init(value: Int) {
                    if value > 0 { print("{") }
                }
            }
            """
        let functions = Self.functions(in: source.split(separator: "\n", omittingEmptySubsequences: false))
        #expect(functions.map(\.name) == ["func short()", "init(value: Int)"])
        #expect(functions.map(\.length) == [6, 3])
    }

    /// Functions and initialisers with a body: where each starts, its first line, its length.
    static func functions(in lines: [Substring]) -> [(line: Int, name: String, length: Int)] {
        let code = codeOnly(lines)
        var found: [(Int, String, Int)] = []
        for (index, line) in code.enumerated() where isDeclaration(line) {
            var depth = 0
            var opened = false
            search: for end in index..<code.count {
                for character in code[end] {
                    if character == "{" {
                        depth += 1
                        opened = true
                    } else if character == "}" {
                        depth -= 1
                    }
                    if opened && depth == 0 {
                        found.append((index + 1, signature(lines[index]), end - index + 1))
                        break search
                    }
                }
            }
        }
        return found
    }

    /// Each line with string literals, multi-line string literals and comments blanked out.
    static func codeOnly(_ lines: [Substring]) -> [String] {
        var inBlockString = false
        return lines.map { line in
            if line.contains("\"\"\"") {
                let quotes = line.ranges(of: "\"\"\"").count
                let wasInside = inBlockString
                if quotes % 2 == 1 { inBlockString.toggle() }
                // The line that opens a block keeps its code before the quotes.
                return wasInside ? "" : String(line[..<line.range(of: "\"\"\"")!.lowerBound])
            }
            if inBlockString { return "" }
            var output = ""
            var inString = false
            var escaped = false
            var previous: Character = " "
            for character in line {
                if inString {
                    if escaped {
                        escaped = false
                    } else if character == "\\" {
                        escaped = true
                    } else if character == "\"" {
                        inString = false
                    }
                    continue
                }
                if character == "/" && previous == "/" {
                    output.removeLast()
                    break
                }
                if character == "\"" { inString = true } else { output.append(character) }
                previous = character
            }
            return output
        }
    }

    private static func isDeclaration(_ line: String) -> Bool {
        let words = line.split(separator: " ").drop { word in
            word.hasPrefix("@") || modifiers.contains(String(word))
        }
        guard let first = words.first else { return false }
        return first == "func" || first.hasPrefix("init(") || first.hasPrefix("init?(") || first.hasPrefix("init<")
    }

    private static let modifiers: Set<String> = [
        "public", "private", "fileprivate", "internal", "package", "static", "class", "final", "override",
        "mutating", "nonisolated", "convenience", "required", "private(set)", "public(set)", "internal(set)",
    ]

    private static func signature(_ line: Substring) -> String {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        let words = trimmed.split(separator: " ").drop { $0.hasPrefix("@") || modifiers.contains(String($0)) }
        let text = words.joined(separator: " ")
        guard let brace = text.firstIndex(of: "{") else { return text }
        return text[..<brace].trimmingCharacters(in: .whitespaces)
    }
}
