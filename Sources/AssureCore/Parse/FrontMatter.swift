/// A markdown file split into its YAML front matter and its body, with the line each starts on.
public struct FrontMatterSplit: Sendable, Hashable {
    public var yaml: String
    /// File line of the first YAML line (the line after the opening `---`).
    public var yamlFirstLine: Int
    public var body: String
    /// File line of the first body line.
    public var bodyFirstLine: Int

    /// Splits `---\nYAML\n---\nBODY`. The closing fence may also be `...`. Works on the UTF-8
    /// bytes: only the fence lines are looked at, and the two parts are sliced out whole.
    public static func split(_ source: SourceText) -> Result<FrontMatterSplit, Diagnostic> {
        let text = source.text
        let bytes = text.utf8
        /// The end of the line starting at `start` (its newline, or the end of the text).
        func lineEnd(_ start: String.Index) -> String.Index {
            bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.endIndex
        }
        func isFence(_ start: String.Index, _ end: String.Index, closing: Bool) -> Bool {
            var line = bytes[start..<end]
            while let last = line.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") {
                line = line.dropLast()
            }
            return line.elementsEqual("---".utf8) || (closing && line.elementsEqual("...".utf8))
        }
        let firstEnd = lineEnd(bytes.startIndex)
        guard isFence(bytes.startIndex, firstEnd, closing: false) else {
            return .failure(
                .error(
                    .missingFrontMatter, at: SourceLocation(path: source.path, line: 1, column: 1),
                    "the file does not start with front matter",
                    hint: "begin the file with a `---` line, the YAML fields (id, title, ...), and another `---` line"))
        }
        var line = 2
        var start = firstEnd
        while start < bytes.endIndex {
            start = bytes.index(after: start)  // past the newline
            let end = lineEnd(start)
            if isFence(start, end, closing: true) {
                let yamlStart = firstEnd < bytes.endIndex ? bytes.index(after: firstEnd) : firstEnd
                // The YAML ends before the newline that ends its last line.
                let yamlEnd = start > yamlStart ? bytes.index(before: start) : yamlStart
                let bodyStart = end < bytes.endIndex ? bytes.index(after: end) : end
                return .success(
                    FrontMatterSplit(
                        yaml: String(text[yamlStart..<yamlEnd]), yamlFirstLine: 2,
                        body: String(text[bodyStart...]), bodyFirstLine: line + 1))
            }
            start = end
            line += 1
        }
        return .failure(
            .error(
                .unclosedFrontMatter, at: SourceLocation(path: source.path, line: 1, column: 1),
                "the front matter opened on line 1 is never closed",
                hint: "add a `---` line after the last front-matter field"))
    }
}

extension Substring {
    var trimmingTrailingWhitespace: Substring {
        var result = self
        while let last = result.last, last == " " || last == "\t" { result = result.dropLast() }
        return result
    }
}
