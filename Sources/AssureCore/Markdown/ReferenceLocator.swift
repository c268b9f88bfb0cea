import Foundation

/// Where to look for one reference's text: recorded under the parse lock, searched after it.
struct PendingLocation {
    enum Kind: Hashable { case image, link, text }

    var reference: Int
    var written: String
    var startLine: Int
    var endLine: Int
    var kind: Kind
}

/// Finds references in the lines of a body. Images, links and `[[ID]]` texts are each located
/// in document order, so a cursor per kind carries on from the last find (and its column is
/// counted on from there): a line with thousands of references costs as much as reading it once.
struct ReferenceLocator {
    let lines: [Substring]
    let path: String
    let firstLine: Int
    let columnOffset: Int
    private var cursors: [PendingLocation.Kind: SearchCursor] = [:]

    init(lines: [Substring], path: String, firstLine: Int, columnOffset: Int) {
        self.lines = lines
        self.path = path
        self.firstLine = firstLine
        self.columnOffset = columnOffset
    }

    mutating func locate(_ pending: PendingLocation) -> SourceLocation {
        let startLine = max(pending.startLine, 1)
        let endLine = min(max(pending.endLine, startLine), lines.count)
        // Carry on from the last find of this kind when it lies within this block.
        var cursor = SearchCursor(line: startLine - 1, index: nil, column: 0)
        if let last = cursors[pending.kind], last.line >= startLine - 1, last.line < endLine { cursor = last }
        if let found = search(pending.written, from: cursor, to: endLine)
            ?? (cursor.index == nil && cursor.line == startLine - 1
                ? nil
                : search(pending.written, from: SearchCursor(line: startLine - 1, index: nil, column: 0), to: endLine))
        {
            cursors[pending.kind] = found.cursor
            return SourceLocation(path: path, line: found.line + firstLine, column: found.column + 1 + columnOffset)
        }
        // A reference-style link (`[text][2]`) has its destination on the line that defines
        // the label (`[2]: access.md`), which may be anywhere in the document.
        for (index, line) in lines.enumerated() {
            let trimmed = line.drop { $0 == " " }
            guard trimmed.hasPrefix("["), line.count - trimmed.count <= 3, let close = trimmed.firstRange(of: "]:"),
                let range = Self.firstRange(of: pending.written, in: trimmed[close.upperBound...])
            else { continue }
            let column = Self.characterCount(line[line.startIndex..<range.lowerBound])
            return SourceLocation(path: path, line: index + firstLine, column: column + 1 + columnOffset)
        }
        return SourceLocation(path: path, line: startLine + firstLine - 1, column: 1)
    }

    /// The first `written` at or after `cursor` before line `endLine`: its line index and
    /// 0-based column, and the cursor just past it.
    private func search(_ written: String, from cursor: SearchCursor, to endLine: Int)
        -> (line: Int, column: Int, cursor: SearchCursor)?
    {
        var lineIndex = cursor.line
        var start = cursor
        while lineIndex < endLine {
            let line = lines[lineIndex]
            let from = start.index ?? line.startIndex
            if from < line.endIndex, let range = Self.firstRange(of: written, in: line[from...]) {
                let column = start.column + Self.characterCount(line[from..<range.lowerBound])
                let after = SearchCursor(
                    line: lineIndex, index: range.upperBound,
                    column: column + Self.characterCount(line[range]))
                return (lineIndex, column, after)
            }
            lineIndex += 1
            start = SearchCursor(line: lineIndex, index: nil, column: 0)
        }
        return nil
    }

    /// Where `needle` first occurs in `text`, compared as UTF-8 bytes. Both are valid UTF-8, so
    /// a match starts and ends on character boundaries unless `needle` starts with a combining
    /// mark, which written links and references never do.
    private static func firstRange(of needle: String, in text: Substring) -> Range<String.Index>? {
        ByteSearch.firstRange(of: Array(needle.utf8), in: text)
    }

    /// Characters in a stretch of a line: its bytes when it is ASCII, as most are.
    private static func characterCount(_ text: Substring) -> Int {
        text.utf8.allSatisfy { $0 < 0x80 } ? text.utf8.count : text.count
    }

    /// A place in `lines`: a line index, a position in it (nil for its start) and the column
    /// (in characters) of that position.
    private struct SearchCursor {
        var line: Int
        var index: Substring.Index?
        var column: Int
    }

}

/// `[[...]]` holds an ID only when it looks like one: no spaces inside, a sensible length.
enum WikiReference {
    static func isPlausibleID(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 100 && !text.contains(where: { $0.isWhitespace || $0 == "[" || $0 == "]" })
    }
}

/// Classifies link destinations.
enum LinkTarget {
    /// Schemes that run code or smuggle content, dropped whatever the configuration, and
    /// Assure's own placeholder scheme, which no author may write.
    static func isDangerous(_ url: String) -> Bool {
        // Only the start can name a scheme: the first scalars that are not spaces or controls,
        // as many as the longest scheme has (lowercasing never makes a scalar fewer).
        var kept = String.UnicodeScalarView()
        for scalar in url.unicodeScalars where scalar.value > 0x20 && scalar != "\u{7F}" {
            kept.append(scalar)
            if kept.count == longestDangerousScheme { break }
        }
        let squeezed = String(kept).lowercased()
        return dangerousSchemes.contains { squeezed.hasPrefix($0) }
    }

    private static let dangerousSchemes = ["javascript:", "vbscript:", "data:", "file:", BodyPlaceholder.imageScheme]
    private static let longestDangerousScheme = dangerousSchemes.map(\.unicodeScalars.count).max() ?? 0

    /// Whether a destination has a scheme (`https:`, `mailto:`) or is protocol-relative (`//host`).
    static func isExternal(_ url: String) -> Bool {
        if url.hasPrefix("//") { return true }
        guard let colon = url.firstIndex(of: ":") else { return false }
        let scheme = url[..<colon]
        guard let first = scheme.first, first.isASCII, first.isLetter else { return false }
        return scheme.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "+.-".contains($0)) }
    }

    /// A relative link to a file in `content/`: its path (percent-decoded) and anchor.
    /// Links with a scheme and same-page anchors are not files.
    static func contentFile(_ url: String) -> (path: String, anchor: String?)? {
        guard !url.isEmpty, !isExternal(url), !url.hasPrefix("#") else { return nil }
        var path = url
        var anchor: String?
        if let hash = path.firstIndex(of: "#") {
            anchor = String(path[path.index(after: hash)...])
            path = String(path[..<hash])
        }
        if let query = path.firstIndex(of: "?") { path = String(path[..<query]) }
        let decoded = path.utf8.contains(UInt8(ascii: "%")) ? path.removingPercentEncoding ?? path : path
        return (decoded, anchor.flatMap { $0.isEmpty ? nil : $0 })
    }
}

/// Gives headings their anchors and removes cmark's source positions from the HTML.
/// Works on UTF-8 bytes in one pass: a 5 MB document must not cost more than a small one per byte.
/// One pass over cmark's HTML: each heading gets its anchor from its `data-sourcepos`, every
/// `data-sourcepos` is dropped, and a table cell's `align="…"` (obsolete in HTML5, and a style
/// attribute would need the CSP to allow inline styles) becomes `class="align-…"`. All three
/// are in tags; text between tags, which cmark escapes, is copied whole.
enum HeadingAnchors {
    private static let marker = Array(" data-sourcepos=\"".utf8)
    private static let alignMarker = Array(" align=\"".utf8)
    private static let alignments: [[UInt8]] = ["left", "center", "right"].map { Array($0.utf8) }

    static func apply(_ anchors: [String: String], to html: String) -> String {
        var html = html
        return html.withUTF8 { apply(anchors, to: $0) }
    }

    private static func apply(_ anchors: [String: String], to bytes: UnsafeBufferPointer<UInt8>) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        func copy(_ range: Range<Int>) { output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[range])) }
        var lastTagStart = -1
        var insideTag = false
        var index = 0
        while index < bytes.count {
            guard insideTag else {
                // Text, which cmark escapes, is copied whole up to the next tag.
                let tag = ByteSearch.firstIndex(of: UInt8(ascii: "<"), in: bytes, from: index) ?? bytes.count
                copy(index..<tag)
                guard tag < bytes.count else { break }
                lastTagStart = output.count
                output.append(UInt8(ascii: "<"))
                index = tag + 1
                insideTag = true
                continue
            }
            // In a tag, everything up to the next space or its end is copied as it is.
            var run = index
            while run < bytes.count, bytes[run] != UInt8(ascii: " "), bytes[run] != UInt8(ascii: ">") { run += 1 }
            copy(index..<run)
            index = run
            guard index < bytes.count else { break }
            if bytes[index] == UInt8(ascii: ">") {
                output.append(UInt8(ascii: ">"))
                index += 1
                insideTag = false
                continue
            }
            if bytes[index...].starts(with: marker) {
                let valueStart = index + marker.count
                var valueEnd = valueStart
                while valueEnd < bytes.count && bytes[valueEnd] != UInt8(ascii: "\"") { valueEnd += 1 }
                // Only a heading's own tag (`<h2`) gets the anchor.
                if lastTagStart >= 0, output.count - lastTagStart == 3, output[lastTagStart + 1] == UInt8(ascii: "h"),
                    let anchor = anchors[
                        String(decoding: UnsafeBufferPointer(rebasing: bytes[valueStart..<valueEnd]), as: UTF8.self)]
                {
                    output.append(contentsOf: " id=\"\(anchor)\"".utf8)
                }
                index = valueEnd + 1
                continue
            }
            // `<td align="left"` or `<th align="left"`, as cmark writes table cells.
            if lastTagStart >= 0, output.count - lastTagStart == 3, output[lastTagStart + 1] == UInt8(ascii: "t"),
                output[lastTagStart + 2] == UInt8(ascii: "d") || output[lastTagStart + 2] == UInt8(ascii: "h"),
                bytes[index...].starts(with: alignMarker)
            {
                let valueStart = index + alignMarker.count
                if let alignment = alignments.first(where: {
                    bytes[valueStart...].starts(with: $0) && valueStart + $0.count < bytes.count
                        && bytes[valueStart + $0.count] == UInt8(ascii: "\"")
                }) {
                    output.append(contentsOf: " class=\"align-".utf8)
                    output.append(contentsOf: alignment)
                    output.append(UInt8(ascii: "\""))
                    index = valueStart + alignment.count + 1
                    continue
                }
            }
            output.append(UInt8(ascii: " "))
            index += 1
        }
        return String(decoding: output, as: UTF8.self)
    }
}

extension String {
    /// Internal placeholder characters are never part of visible text.
    func replacingPlaceholderCharacters() -> String {
        String(filter { !BodyPlaceholder.isDelimiter($0) })
    }
}
