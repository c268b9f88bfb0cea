import CCmarkGFM
import Foundation

/// Turns markdown into a `MarkdownBody` through Debian's libcmark-gfm. This is the only type
/// that touches cmark's pointers; each is freed before `parse` returns.
public enum MarkdownParser {
    public struct Options: Sendable, Hashable {
        /// Render raw HTML from the markdown (`unsafe_html: true` in assure.yml).
        public var unsafeHTML: Bool
        public init(unsafeHTML: Bool = false) { self.unsafeHTML = unsafeHTML }
    }

    /// libcmark-gfm keeps some parser state in globals; two parses at once can silently drop
    /// strikethrough and autolinks. Every parse holds this lock.
    private static let lock = Locked(())

    private static let extensionNames = ["table", "strikethrough", "autolink", "tagfilter", "tasklist"]

    /// Parses `markdown`, the body of `path` starting at file line `firstLine`.
    /// A first `# heading` equal to `title` is dropped: the page already shows the title.
    /// `columnOffset` is added to every column, for markdown indented inside a YAML file.
    public static func parse(
        _ markdown: String, path: String, firstLine: Int, columnOffset: Int = 0, options: Options = Options(),
        title: String? = nil
    ) -> (body: MarkdownBody, diagnostics: [Diagnostic]) {
        // Only what touches cmark holds the lock; anchors and positions are Swift work on the
        // results, done after it, so that the other core can parse meanwhile.
        guard var tree = lock.withLock({ _ in parseAlone(markdown, title: title, options: options) }) else {
            return (MarkdownBody(), [])
        }
        var locator = ReferenceLocator(
            // Split on the byte: "\n" is always a character of its own, and this skips the
            // character-by-character walk of the whole body.
            lines: markdown.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map {
                Substring($0)
            }, path: path, firstLine: firstLine,
            columnOffset: columnOffset)
        for pending in tree.pendingLocations {
            tree.references[pending.reference].location = locator.locate(pending)
        }
        let html = HeadingAnchors.apply(tree.headingAnchorsBySourcePosition, to: tree.html)
        var body = MarkdownBody(html: html, references: tree.references, headings: tree.headings)
        body.source = markdown
        body.sourceFirstLine = firstLine
        body.path = path
        return (body, [])
    }

    /// What the cmark part of a parse leaves: the HTML with placeholders, the references
    /// (their positions still to find), the headings and their anchors.
    struct ParsedTree {
        var html: String
        var references: [BodyReference]
        var headings: [Heading]
        var headingAnchorsBySourcePosition: [String: String]
        var pendingLocations: [PendingLocation]
    }

    /// The parse itself; only ever run holding `lock`.
    private static func parseAlone(_ markdown: String, title: String?, options: Options) -> ParsedTree? {
        cmark_gfm_core_extensions_ensure_registered()

        var flags = CMARK_OPT_SOURCEPOS | CMARK_OPT_FOOTNOTES
        if options.unsafeHTML { flags |= CMARK_OPT_UNSAFE }
        guard let parser = cmark_parser_new(flags) else { return nil }
        defer { cmark_parser_free(parser) }
        for name in extensionNames {
            if let syntaxExtension = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, syntaxExtension)
            }
        }
        var utf8 = Array(markdown.utf8)
        utf8.withUnsafeMutableBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                cmark_parser_feed(parser, chars.baseAddress, chars.count)
            }
        }
        guard let root = cmark_parser_finish(parser) else { return nil }
        defer { cmark_node_free(root) }
        if let title, let first = cmark_node_first_child(root), cmark_node_get_type(first) == CMARK_NODE_HEADING,
            cmark_node_get_heading_level(first) == 1,
            TreeRewriter.plainText(of: first).trimmingCharacters(in: .whitespaces) == title
        {
            cmark_node_free(first)
        }

        var rewriter = TreeRewriter(root: root)
        rewriter.run()

        guard let rendered = cmark_render_html(root, flags, cmark_parser_get_syntax_extensions(parser)) else {
            return nil
        }
        defer { free(rendered) }
        return ParsedTree(
            html: String(cString: rendered), references: rewriter.references, headings: rewriter.headings,
            headingAnchorsBySourcePosition: rewriter.headingAnchorsBySourcePosition,
            pendingLocations: rewriter.pendingLocations)
    }
}

/// Walks a parsed tree once and rewrites it in place: `[[ID]]` references and links to
/// `.md` files become placeholders, dangerous link targets are dropped, headings get anchors.
private struct TreeRewriter {
    let root: OpaquePointer

    var references: [BodyReference] = []
    var headings: [Heading] = []
    var headingAnchorsBySourcePosition: [String: String] = [:]
    /// Where each reference is to be looked for, found after the lock is released.
    var pendingLocations: [PendingLocation] = []

    init(root: OpaquePointer) { self.root = root }

    mutating func run() {
        mergeAdjacentText()
        convertAlerts()
        var texts: [OpaquePointer] = []
        var links: [OpaquePointer] = []
        var images: [OpaquePointer] = []
        var headingNodes: [OpaquePointer] = []
        forEachNode { node in
            let type = cmark_node_get_type(node)
            if type == CMARK_NODE_TEXT {
                texts.append(node)
            } else if type == CMARK_NODE_LINK {
                links.append(node)
            } else if type == CMARK_NODE_IMAGE {
                images.append(node)
            } else if type == CMARK_NODE_HEADING {
                headingNodes.append(node)
            }
        }
        recordHeadings(headingNodes)
        for image in images { rewriteImage(image) }
        for link in links { rewriteLink(link) }
        for text in texts where !isInsideLink(text) { rewriteWikiReferences(text) }
    }

    // MARK: - Walking

    private func forEachNode(_ body: (OpaquePointer) -> Void) {
        guard let iterator = cmark_iter_new(root) else { return }
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            if event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) { body(node) }
        }
    }

    /// cmark splits text at every `[` and `]` it considered as a link; joining neighbours
    /// back lets `[[ID]]` be found as written.
    private func mergeAdjacentText() {
        var texts: [OpaquePointer] = []
        forEachNode { node in
            if cmark_node_get_type(node) == CMARK_NODE_TEXT { texts.append(node) }
        }
        var freed = Set<OpaquePointer>()
        for node in texts where !freed.contains(node) {
            var literal = literalText(node)
            var merged = false
            while let next = cmark_node_next(node), cmark_node_get_type(next) == CMARK_NODE_TEXT {
                literal += literalText(next)
                freed.insert(next)
                cmark_node_free(next)
                merged = true
            }
            if merged { cmark_node_set_literal(node, literal) }
        }
    }

    /// GitHub's alerts: a quote opening with `[!NOTE]`, `[!TIP]`, `[!IMPORTANT]`, `[!WARNING]` or
    /// `[!CAUTION]` becomes a callout, a `<div>` with the kind as its title.
    private func convertAlerts() {
        var quotes: [OpaquePointer] = []
        forEachNode { node in
            if cmark_node_get_type(node) == CMARK_NODE_BLOCK_QUOTE { quotes.append(node) }
        }
        let titles = [
            "note": "Note", "tip": "Tip", "important": "Important", "warning": "Warning", "caution": "Caution",
        ]
        for quote in quotes {
            guard let paragraph = cmark_node_first_child(quote), cmark_node_get_type(paragraph) == CMARK_NODE_PARAGRAPH,
                let marker = cmark_node_first_child(paragraph), cmark_node_get_type(marker) == CMARK_NODE_TEXT,
                let match = literalText(marker).firstMatch(of: /^\[!([A-Za-z]+)\][ \t]*/),
                let title = titles[match.output.1.lowercased()],
                let callout = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK)
            else { continue }
            let kind = match.output.1.lowercased()
            let rest = String(literalText(marker)[match.range.upperBound...])
            if rest.isEmpty {
                if let breakNode = cmark_node_next(marker),
                    [CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK].contains(cmark_node_get_type(breakNode))
                {
                    cmark_node_free(breakNode)
                }
                cmark_node_free(marker)
                if cmark_node_first_child(paragraph) == nil { cmark_node_free(paragraph) }
            } else {
                cmark_node_set_literal(marker, rest)
            }
            cmark_node_set_on_enter(
                callout, "<div class=\"callout callout-\(kind)\" role=\"note\"><p class=\"callout-title\">\(title)</p>")
            cmark_node_set_on_exit(callout, "</div>")
            while let child = cmark_node_first_child(quote) {
                cmark_node_unlink(child)
                cmark_node_append_child(callout, child)
            }
            cmark_node_insert_before(quote, callout)
            cmark_node_free(quote)
        }
    }

    private func literalText(_ node: OpaquePointer) -> String {
        cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
    }

    private func isInsideLink(_ node: OpaquePointer) -> Bool {
        var current = cmark_node_parent(node)
        while let parent = current {
            if cmark_node_get_type(parent) == CMARK_NODE_LINK { return true }
            current = cmark_node_parent(parent)
        }
        return false
    }

    private func plainText(of node: OpaquePointer) -> String { Self.plainText(of: node) }

    /// All text below a node: what a heading or link reads as.
    static func plainText(of node: OpaquePointer) -> String {
        var text = ""
        var child = cmark_node_first_child(node)
        while let current = child {
            let type = cmark_node_get_type(current)
            if type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE {
                text += cmark_node_get_literal(current).map { String(cString: $0) } ?? ""
            } else if type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK {
                text += " "
            } else {
                text += plainText(of: current)
            }
            child = cmark_node_next(current)
        }
        return text
    }

    // MARK: - Headings

    private mutating func recordHeadings(_ nodes: [OpaquePointer]) {
        // The page title is the page's only <h1>; a body that starts its own outline at `#`
        // moves down one level so headings stay in order for screen readers.
        if nodes.contains(where: { cmark_node_get_heading_level($0) == 1 }) {
            for node in nodes {
                cmark_node_set_heading_level(node, min(6, cmark_node_get_heading_level(node) + 1))
            }
        }
        let texts = nodes.map { plainText(of: $0).replacingPlaceholderCharacters() }
        let anchors = Slug.uniqueAnchors(for: texts)
        for (index, node) in nodes.enumerated() {
            let level = Int(cmark_node_get_heading_level(node))
            headings.append(
                Heading(
                    level: level, text: texts[index], anchor: anchors[index],
                    line: Int(cmark_node_get_start_line(node))))
            headingAnchorsBySourcePosition[sourcePosition(node)] = anchors[index]
        }
    }

    /// The `data-sourcepos` value cmark writes for a block: `startLine:startCol-endLine:endCol`.
    private func sourcePosition(_ node: OpaquePointer) -> String {
        "\(cmark_node_get_start_line(node)):\(cmark_node_get_start_column(node))-"
            + "\(cmark_node_get_end_line(node)):\(cmark_node_get_end_column(node))"
    }

    // MARK: - Links

    private mutating func rewriteLink(_ link: OpaquePointer) {
        let url = cmark_node_get_url(link).map { String(cString: $0) } ?? ""
        if LinkTarget.isDangerous(url) {
            unwrap(link, opening: nil, closing: nil)
            return
        }
        guard let file = LinkTarget.contentFile(url) else { return }
        let title = cmark_node_get_title(link).map { String(cString: $0) }
        let index = references.count
        references.append(
            BodyReference(
                target: .file(path: file.path, anchor: file.anchor), written: url,
                linkTitle: (title?.isEmpty ?? true) ? nil : title, location: locate(url, near: link, kind: .link),
                isImage: false))
        unwrap(
            link,
            opening: BodyPlaceholder.mark(index, .open), closing: BodyPlaceholder.mark(index, .close))
    }

    /// Images: a dangerous source leaves the alt text; one on another host becomes a link,
    /// since pages load nothing from other hosts; a file in content/ becomes a reference
    /// whose `src` is filled in for each page.
    private mutating func rewriteImage(_ image: OpaquePointer) {
        let url = cmark_node_get_url(image).map { String(cString: $0) } ?? ""
        if LinkTarget.isDangerous(url) {
            unwrap(image, opening: nil, closing: nil)
        } else if LinkTarget.isExternal(url) {
            guard let link = cmark_node_new(CMARK_NODE_LINK) else { return }
            cmark_node_set_url(link, url)
            if let title = cmark_node_get_title(image) { cmark_node_set_title(link, title) }
            while let child = cmark_node_first_child(image) { cmark_node_append_child(link, child) }
            cmark_node_insert_before(image, link)
            cmark_node_free(image)
        } else if let file = LinkTarget.contentFile(url) {
            let index = references.count
            references.append(
                BodyReference(
                    target: .file(path: file.path, anchor: nil), written: url, linkTitle: nil,
                    location: locate(url, near: image, kind: .image), isImage: true))
            cmark_node_set_url(image, BodyPlaceholder.imageSource(index))
        }
    }

    /// Replaces a node by its children, with optional text placed before and after them.
    private func unwrap(_ node: OpaquePointer, opening: String?, closing: String?) {
        if let opening { insertText(opening, before: node) }
        while let child = cmark_node_first_child(node) {
            cmark_node_insert_before(node, child)
        }
        if let closing { insertText(closing, before: node) }
        cmark_node_free(node)
    }

    private func insertText(_ text: String, before node: OpaquePointer) {
        guard let textNode = cmark_node_new(CMARK_NODE_TEXT) else { return }
        cmark_node_set_literal(textNode, text)
        cmark_node_insert_before(node, textNode)
    }

    // MARK: - [[ID]] references

    private mutating func rewriteWikiReferences(_ node: OpaquePointer) {
        let literal = literalText(node)
        guard let first = Self.pair(UInt8(ascii: "["), in: literal[...]) else { return }
        var output = ""
        var rest = literal[...]
        var changed = false
        var next: Range<String.Index>? = first
        while let open = next {
            guard let close = Self.pair(UInt8(ascii: "]"), in: rest[open.upperBound...]) else { break }
            let inner = rest[open.upperBound..<close.lowerBound]
            let id =
                inner.first?.isWhitespace == false && inner.last?.isWhitespace == false
                ? String(inner) : inner.trimmingCharacters(in: .whitespaces)
            output += rest[..<open.lowerBound]
            if WikiReference.isPlausibleID(id) {
                let written = String(rest[open.lowerBound..<close.upperBound])
                let index = references.count
                references.append(
                    BodyReference(
                        target: .id(id), written: written, linkTitle: nil,
                        location: locate(written, near: node, kind: .text), isImage: false))
                output += BodyPlaceholder.mark(index, .whole)
                changed = true
            } else {
                output += rest[open.lowerBound..<close.upperBound]
            }
            rest = rest[close.upperBound...]
            next = Self.pair(UInt8(ascii: "["), in: rest)
        }
        if changed {
            output += rest
            cmark_node_set_literal(node, output)
        }
    }

    /// The first two `byte`s in a row (`[[`, `]]`), found in the UTF-8 bytes: an ASCII byte
    /// never occurs inside a multi-byte character, so its position is a valid index.
    private static func pair(_ byte: UInt8, in text: Substring) -> Range<String.Index>? {
        let bytes = text.utf8
        var index = bytes.startIndex
        while let found = bytes[index...].firstIndex(of: byte) {
            let after = bytes.index(after: found)
            guard after < bytes.endIndex else { return nil }
            if bytes[after] == byte { return found..<bytes.index(after: after) }
            index = after
        }
        return nil
    }

    // MARK: - Positions

    /// Records where `written` is to be looked for: from the node's own line, or its nearest
    /// block's, to the end of that block (cmark gives some inline nodes no position). The
    /// search itself runs after the lock (`ReferenceLocator`); until then the reference points
    /// at the block's first line.
    private mutating func locate(_ written: String, near node: OpaquePointer, kind: PendingLocation.Kind)
        -> SourceLocation
    {
        var block: OpaquePointer? = node
        var startLine = Int(cmark_node_get_start_line(node))
        while startLine == 0, let current = block {
            block = cmark_node_parent(current)
            startLine = block.map { Int(cmark_node_get_start_line($0)) } ?? 0
        }
        var container: OpaquePointer? = node
        var endLine = 0
        while let current = container, endLine < startLine {
            endLine = Int(cmark_node_get_end_line(current))
            container = cmark_node_parent(current)
        }
        pendingLocations.append(
            PendingLocation(
                reference: references.count, written: written, startLine: startLine, endLine: endLine,
                kind: kind))
        return SourceLocation(path: "", line: max(startLine, 1), column: 1)
    }
}

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
        let haystack = text.utf8
        let pattern = Array(needle.utf8)
        guard let first = pattern.first else { return nil }
        var index = haystack.startIndex
        while let candidate = haystack[index...].firstIndex(of: first) {
            var end = candidate
            var matched = 0
            while matched < pattern.count, end < haystack.endIndex, haystack[end] == pattern[matched] {
                end = haystack.index(after: end)
                matched += 1
            }
            if matched == pattern.count { return candidate..<end }
            index = haystack.index(after: candidate)
        }
        return nil
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
        let squeezed = String(url.unicodeScalars.filter { $0.value > 0x20 && $0 != "\u{7F}" }).lowercased()
        return ["javascript:", "vbscript:", "data:", "file:", BodyPlaceholder.imageScheme].contains {
            squeezed.hasPrefix($0)
        }
    }

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
        return (path.removingPercentEncoding ?? path, anchor.flatMap { $0.isEmpty ? nil : $0 })
    }
}

/// Gives headings their anchors and removes cmark's source positions from the HTML.
/// Works on UTF-8 bytes in one pass: a 5 MB document must not cost more than a small one per byte.
/// One pass over cmark's HTML: each heading gets its anchor from its `data-sourcepos`, every
/// `data-sourcepos` is dropped, and a table cell's `align="…"` (obsolete in HTML5, and a style
/// attribute would need the CSP to allow inline styles) becomes `class="align-…"`.
enum HeadingAnchors {
    private static let marker = Array(" data-sourcepos=\"".utf8)
    private static let alignMarker = Array(" align=\"".utf8)
    private static let alignments: [[UInt8]] = ["left", "center", "right"].map { Array($0.utf8) }

    static func apply(_ anchors: [String: String], to html: String) -> String {
        let bytes = Array(html.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var lastTagStart = -1
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: " "), bytes[index...].starts(with: marker) {
                let valueStart = index + marker.count
                var valueEnd = valueStart
                while valueEnd < bytes.count && bytes[valueEnd] != UInt8(ascii: "\"") { valueEnd += 1 }
                // Only a heading's own tag (`<h2`) gets the anchor.
                if lastTagStart >= 0, output.count - lastTagStart == 3, output[lastTagStart + 1] == UInt8(ascii: "h"),
                    let anchor = anchors[String(decoding: bytes[valueStart..<valueEnd], as: UTF8.self)]
                {
                    output.append(contentsOf: " id=\"\(anchor)\"".utf8)
                }
                index = valueEnd + 1
                continue
            }
            // `<td align="left"` or `<th align="left"`, as cmark writes table cells.
            if byte == UInt8(ascii: " "), lastTagStart >= 0, output.count - lastTagStart == 3,
                output[lastTagStart + 1] == UInt8(ascii: "t"),
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
            if byte == UInt8(ascii: "<") { lastTagStart = output.count }
            output.append(byte)
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
