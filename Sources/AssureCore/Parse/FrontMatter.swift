/// A markdown file split into its YAML front matter and its body, with the line each starts on.
public struct FrontMatterSplit: Sendable, Hashable {
    public var yaml: String
    /// File line of the first YAML line (the line after the opening `---`).
    public var yamlFirstLine: Int
    public var body: String
    /// File line of the first body line.
    public var bodyFirstLine: Int

    /// Splits `---\nYAML\n---\nBODY`. The closing fence may also be `...`.
    public static func split(_ source: SourceText) -> Result<FrontMatterSplit, Diagnostic> {
        let lines = source.text.split(separator: "\n", omittingEmptySubsequences: false)
        func isFence(_ line: Substring, closing: Bool) -> Bool {
            let trimmed = line.trimmingTrailingWhitespace
            return trimmed == "---" || (closing && trimmed == "...")
        }
        guard let first = lines.first, isFence(first, closing: false) else {
            return .failure(
                .error(
                    .missingFrontMatter, at: SourceLocation(path: source.path, line: 1, column: 1),
                    "the file does not start with front matter",
                    hint: "begin the file with a `---` line, the YAML fields (id, title, ...), and another `---` line"))
        }
        guard let close = lines.indices.dropFirst().first(where: { isFence(lines[$0], closing: true) }) else {
            return .failure(
                .error(
                    .unclosedFrontMatter, at: SourceLocation(path: source.path, line: 1, column: 1),
                    "the front matter opened on line 1 is never closed",
                    hint: "add a `---` line after the last front-matter field"))
        }
        let yaml = lines[1..<close].joined(separator: "\n")
        let body = lines[(close + 1)...].joined(separator: "\n")
        return .success(FrontMatterSplit(yaml: yaml, yamlFirstLine: 2, body: body, bodyFirstLine: close + 2))
    }
}

extension Substring {
    var trimmingTrailingWhitespace: Substring {
        var result = self
        while let last = result.last, last == " " || last == "\t" { result = result.dropLast() }
        return result
    }
}
