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

    /// The largest body parsed in cmark's arena (see `parseAlone`).
    static let arenaLimit = 1 << 20

    /// Marks where this parse's part of cmark's arena begins, so that `cmark_arena_pop` returns
    /// it and keeps the arena's first block for the next parse (`cmark_arena_reset` would free
    /// and zero four megabytes again for every document). The arena exists once something is
    /// allocated in it.
    private static func startArena() {
        let memory = cmark_get_arena_mem_allocator()!.pointee
        memory.free(memory.calloc(1, 1))
        cmark_arena_push()
    }

    /// Parses `markdown`, the body of `path` starting at file line `firstLine`.
    /// A first `# heading` equal to `title` is dropped: the page already shows the title.
    /// `columnOffset` is added to every column, for markdown indented inside a YAML file.
    public static func parse(
        _ markdown: String, path: String, firstLine: Int, columnOffset: Int = 0, options: Options = Options(),
        title: String? = nil
    ) -> (body: MarkdownBody, diagnostics: [Diagnostic]) {
        // Only what touches cmark holds the lock; anchors and positions are Swift work on the
        // results, done after it, so that the other core can parse meanwhile.
        guard var tree = lock.withLockTryingFirst({ _ in parseAlone(markdown, title: title, options: options) }) else {
            return (MarkdownBody(), [])
        }
        var locator = ReferenceLocator(
            // Split on the byte: "\n" is always a character of its own, and this skips the
            // character-by-character walk of the whole body.
            lines: ByteSearch.lines(of: markdown), path: path, firstLine: firstLine, columnOffset: columnOffset)
        for pending in tree.pendingLocations {
            tree.references[pending.reference].location = locator.locate(pending)
        }
        // Headings' anchors are worked out here, after the lock: only their text needed cmark.
        let texts = tree.headings.map { $0.text.replacingPlaceholderCharacters() }
        let anchors = Slug.uniqueAnchors(for: texts)
        var headings: [Heading] = []
        var anchorsBySourcePosition: [String: String] = [:]
        for (index, heading) in tree.headings.enumerated() {
            headings.append(
                Heading(level: heading.level, text: texts[index], anchor: anchors[index], line: heading.line))
            anchorsBySourcePosition[heading.sourcePosition] = anchors[index]
        }
        let html = HeadingAnchors.apply(anchorsBySourcePosition, to: tree.html)
        var body = MarkdownBody(html: html, references: tree.references, headings: headings)
        body.source = markdown
        body.sourceFirstLine = firstLine
        body.path = path
        return (body, [])
    }

    /// What the cmark part of a parse leaves: the HTML with placeholders, the references
    /// (their positions still to find), the headings (their anchors still to make).
    struct ParsedTree {
        var html: String
        var references: [BodyReference]
        var headings: [HeadingSource]
        var pendingLocations: [PendingLocation]
    }

    /// The parse itself; only ever run holding `lock`.
    private static func parseAlone(_ markdown: String, title: String?, options: Options) -> ParsedTree? {
        cmark_gfm_core_extensions_ensure_registered()

        var flags = CMARK_OPT_SOURCEPOS | CMARK_OPT_FOOTNOTES
        if options.unsafeHTML { flags |= CMARK_OPT_UNSAFE }
        // A body up to `arenaLimit` is parsed in cmark's own arena, returned whole when the
        // parse is done: cmark allocates node by node, and on a worker thread (whose malloc
        // arena is not the main one) a page of nested brackets took twice the time it takes on
        // the main thread. The arena keeps every buffer it grew until the end, so a larger body
        // uses malloc, keeping a page's peak memory near its size. The arena is global, which
        // the lock makes safe; nothing of it outlives this call.
        let arena = markdown.utf8.count <= arenaLimit
        if arena { startArena() }
        defer { if arena { _ = cmark_arena_pop() } }
        guard let memory = arena ? cmark_get_arena_mem_allocator() : cmark_get_default_mem_allocator(),
            let parser = cmark_parser_new_with_mem(flags, memory)
        else { return nil }
        defer { if !arena { cmark_parser_free(parser) } }
        for name in extensionNames {
            if let syntaxExtension = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, syntaxExtension)
            }
        }
        // Fed from the string's own bytes: cmark copies what it keeps.
        var source = markdown
        source.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                cmark_parser_feed(parser, chars.baseAddress, chars.count)
            }
        }
        guard let root = cmark_parser_finish(parser) else { return nil }
        if let title, let first = cmark_node_first_child(root), cmark_node_get_type(first) == CMARK_NODE_HEADING,
            cmark_node_get_heading_level(first) == 1,
            TreeRewriter.plainText(of: first).trimmingCharacters(in: .whitespaces) == title
        {
            cmark_node_free(first)
        }

        var rewriter = TreeRewriter(root: root, memory: memory)
        rewriter.run()

        let rendered = cmark_render_html(root, flags, cmark_parser_get_syntax_extensions(parser))
        // The tree goes before the HTML is copied, so the two are never held at once beside the
        // copy (in the arena this frees nothing; popping the arena does).
        cmark_node_free(root)
        guard let rendered else { return nil }
        let html = String(cString: rendered)
        if !arena { free(rendered) }
        return ParsedTree(
            html: html, references: rewriter.references, headings: rewriter.headings,
            pendingLocations: rewriter.pendingLocations)
    }
}

/// A heading as the tree gives it: its text (placeholders still in it) and where it is.
struct HeadingSource {
    var level: Int
    var text: String
    var line: Int
    /// cmark's `data-sourcepos` for it, by which its anchor is put in the HTML.
    var sourcePosition: String
}

/// Walks a parsed tree once and rewrites it in place: `[[ID]]` references and links to
/// `.md` files become placeholders, dangerous link targets are dropped, headings get anchors.
private struct TreeRewriter {
    let root: OpaquePointer

    var references: [BodyReference] = []
    var headings: [HeadingSource] = []
    /// Where each reference is to be looked for, found after the lock is released.
    var pendingLocations: [PendingLocation] = []

    /// The allocator the tree was parsed with: cmark links only nodes of one allocator, so
    /// every node the rewriter adds is made with it.
    let memory: UnsafeMutablePointer<cmark_mem>

    init(root: OpaquePointer, memory: UnsafeMutablePointer<cmark_mem>) {
        self.root = root
        self.memory = memory
    }

    private func newNode(_ type: cmark_node_type) -> OpaquePointer? { cmark_node_new_with_mem(type, memory) }

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
            guard let first = cmark_node_next(node), cmark_node_get_type(first) == CMARK_NODE_TEXT else { continue }
            var literal = literalText(node)
            while let next = cmark_node_next(node), cmark_node_get_type(next) == CMARK_NODE_TEXT {
                literal += literalText(next)
                freed.insert(next)
                cmark_node_free(next)
            }
            cmark_node_set_literal(node, literal)
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
                let callout = newNode(CMARK_NODE_CUSTOM_BLOCK)
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
        for node in nodes {
            headings.append(
                HeadingSource(
                    level: Int(cmark_node_get_heading_level(node)), text: plainText(of: node),
                    line: Int(cmark_node_get_start_line(node)), sourcePosition: sourcePosition(node)))
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
            guard let link = newNode(CMARK_NODE_LINK) else { return }
            cmark_node_set_url(link, url)
            if let title = cmark_node_get_title(image) { cmark_node_set_title(link, title) }
            while let child = cmark_node_first_child(image), cmark_node_append_child(link, child) == 1 {}
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
        guard let textNode = newNode(CMARK_NODE_TEXT) else { return }
        cmark_node_set_literal(textNode, text)
        cmark_node_insert_before(node, textNode)
    }

    // MARK: - [[ID]] references

    private mutating func rewriteWikiReferences(_ node: OpaquePointer) {
        // Most text has no `[[`: looked for in cmark's own bytes, before any string is made.
        guard let bytes = cmark_node_get_literal(node), strstr(bytes, "[[") != nil else { return }
        let literal = String(cString: bytes)
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
        while let found = ByteSearch.firstIndex(of: byte, in: text, from: index) {
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
