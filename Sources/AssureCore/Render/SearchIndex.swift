import Foundation

/// The site's search index: one entry per page a reader can find, built from the view, so the
/// public site's index holds only what the public site shows. It ships as a script
/// (`search-index.js`) rather than JSON, so search works from `file://`, where pages cannot
/// fetch files; `assets/search.js` reads it.
enum SearchIndex {
    /// One findable page. Short keys keep a 10,000-document index small.
    struct Entry {
        /// Title, ID, kind ("Policy"), address relative to the site root.
        var t: String
        var i: String
        var k: String
        var u: String
        /// Criteria the document maps to, as written; the summary; the body as plain text.
        var c: String
        var s: String
        var b: String
    }

    /// The entries after the documents': title-only documents and criteria.
    static func otherEntries(for view: PortalView) -> [Entry] {
        var entries: [Entry] = []
        // Restricted documents appear in their kind's list by title, with a way to ask for
        // them; a kind with no such list (free pages) is not findable until it is shown.
        for (stub, list) in listedStubs(of: view) {
            entries.append(
                Entry(t: stub.title, i: stub.id, k: "\(stub.kind.name), on request", u: list, c: "", s: "", b: ""))
        }
        for catalog in view.publishedCatalogs {
            for criterion in catalog.criteria {
                entries.append(
                    Entry(
                        t: criterion.title, i: criterion.id, k: "\(catalog.shortName) criterion",
                        u: SitePaths.page(for: .criterion(criterion.key)), c: criterion.id, s: "",
                        b: criterion.text ?? ""))
            }
        }
        return entries
    }

    /// The title-only documents the index lists, with the list page that offers each.
    static func listedStubs(of view: PortalView) -> [(DocumentStub, String)] {
        view.stubs.compactMap { stub in stub.kind.listPath.map { (stub, $0) } }
    }

    /// The entry of a document the view shows in full; `text` is its body's text when a page
    /// has rendered it already (`SearchIndexStream`).
    static func entry(_ document: Document, in view: PortalView, text: String? = nil) -> Entry {
        let criteria: [Located<String>] =
            switch document {
            case .policy(let policy): policy.criteria
            case .control(let control): control.criteria
            case .page: []
            case .answer(let answer): answer.criteria
            }
        let header = document.header
        return Entry(
            t: header.title, i: header.id, k: header.kind.name, u: SitePaths.page(for: document.node),
            c: criteria.map(\.value).joined(separator: " "), s: header.summary ?? "",
            b: text
                ?? plainText(BodyHTML.render(document.body, links: view.referenceLinks(of: document.body), root: "")))
    }

    static let opening = Array(
        "// The search index of this site, read by assets/search.js.\nwindow.assureSearch = [\n".utf8)
    static let closing = Array("\n];\n".utf8)

    /// `window.assureSearch = [ … ];`, one entry per line so a change reads well in a diff.
    static func script(for view: PortalView) -> String { String(decoding: data(for: view), as: UTF8.self) }

    /// The script's bytes, made in memory (`SearchIndexStream` writes them as pages render).
    static func data(for view: PortalView) -> Data {
        // In memory nothing can fail to be written.
        (try? SearchIndexStream(view: view, into: nil).finish()) ?? Data()
    }

    /// A document's line of the index, from its body as a page rendered it. Never inlined, so
    /// that `scripts/instructions` can count it.
    @inline(never)
    static func line(_ document: Document, in view: PortalView, bodyHTML: String) -> [UInt8] {
        line(of: entry(document, in: view, text: plainText(bodyHTML)))
    }

    /// An entry's line of the index.
    static func line(of entry: Entry) -> [UInt8] {
        var line: [UInt8] = []
        append(entry, to: &line)
        return line
    }

    /// The index after an edit to the text of the `changed` documents alone (`BodyEdit`):
    /// `previous` with their lines written again, every other line copied as it was. The same
    /// bytes as `script(for:)`, without rendering every body again.
    static func script(for view: PortalView, previous: Data, textOf changed: Set<NodeRef>) -> Data {
        // A document's line is its position in the view's documents: they come first.
        var replaced: [Int: Entry] = [:]
        for node in changed {
            guard let position = view.documents.index(of: node) else { continue }
            replaced[position] = entry(view.documents[position], in: view)
        }
        let count =
            view.documents.count + listedStubs(of: view).count
            + view.publishedCatalogs.reduce(0) { $0 + $1.criteria.count }
        // Entries are one line each, between the opening and the closing.
        let spliced = previous.withUnsafeBytes { bytes -> Data? in
            guard count > 0, bytes.count >= opening.count + closing.count, bytes.starts(with: opening),
                bytes.suffix(closing.count).elementsEqual(closing)
            else { return nil }
            var lineStarts = [opening.count]
            var cursor = opening.count
            let end = bytes.count - closing.count
            while cursor < end, let found = memchr(bytes.baseAddress! + cursor, 0x0A, end - cursor) {
                cursor = bytes.baseAddress!.distance(to: UnsafeRawPointer(found)) + 1
                lineStarts.append(cursor)
            }
            guard lineStarts.count == count else { return nil }
            lineStarts.append(end + 1)
            var output = Data(capacity: bytes.count + 4096)
            func copy(_ range: Range<Int>) {
                output.append(
                    bytes.baseAddress!.advanced(by: range.lowerBound).assumingMemoryBound(to: UInt8.self),
                    count: range.count)
            }
            var copiedFrom = 0
            for index in replaced.keys.sorted() {
                // A line is the entry, then `,` and a newline unless it is the last.
                let start = lineStarts[index]
                let entryEnd = lineStarts[index + 1] - (index == count - 1 ? 1 : 2)
                copy(copiedFrom..<start)
                output.append(contentsOf: line(of: replaced[index]!))
                copiedFrom = entryEnd
            }
            copy(copiedFrom..<bytes.count)
            return output
        }
        return spliced ?? Data(script(for: view).utf8)
    }

    /// One entry as a JSON object, keys in sorted order as JSON with sorted keys would have them.
    private static func append(_ entry: Entry, to output: inout [UInt8]) {
        let fields = [
            ("b", entry.b), ("c", entry.c), ("i", entry.i), ("k", entry.k), ("s", entry.s), ("t", entry.t),
            ("u", entry.u),
        ]
        output.append(UInt8(ascii: "{"))
        for (index, (key, value)) in fields.enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            output += Array("\"\(key)\":".utf8)
            appendJSONString(value, to: &output)
        }
        output.append(UInt8(ascii: "}"))
    }

    /// A JSON string that is also safe in a script file: `<` is written `\u003c`, so nothing can
    /// end a script element, and U+2028 and U+2029, which end a line in older JavaScript, are
    /// escaped too. One pass over the UTF-8 bytes.
    static func appendJSONString(_ text: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            // Bytes that need nothing are copied in runs, up to the next one that does.
            var run = 0
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                guard jsonSpecial[Int(byte)] else {
                    index += 1
                    continue
                }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<index]))
                index += 1
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): output += [UInt8(ascii: "\\"), byte]
                case UInt8(ascii: "\n"): output += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
                case UInt8(ascii: "\r"): output += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
                case UInt8(ascii: "\t"): output += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
                case 0x08: output += [UInt8(ascii: "\\"), UInt8(ascii: "b")]
                case 0x0C: output += [UInt8(ascii: "\\"), UInt8(ascii: "f")]
                case 0xE2:
                    // U+2028 and U+2029 are E2 80 A8 and E2 80 A9; any other E2 is copied.
                    if index + 1 < bytes.count, bytes[index] == 0x80,
                        bytes[index + 1] == 0xA8 || bytes[index + 1] == 0xA9
                    {
                        appendUnicodeEscape(bytes[index + 1] == 0xA8 ? 0x2028 : 0x2029, to: &output)
                        index += 2
                    } else {
                        output.append(byte)
                    }
                default: appendUnicodeEscape(UInt32(byte), to: &output)  // `<` and other controls
                }
                run = index
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<bytes.count]))
        }
        output.append(UInt8(ascii: "\""))
    }

    /// The bytes `appendJSONString` does not copy as they are.
    private static let jsonSpecial: [Bool] = (0...255).map { byte in
        byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0x3C || byte == 0xE2
    }

    private static func appendUnicodeEscape(_ scalar: UInt32, to output: inout [UInt8]) {
        output += [UInt8(ascii: "\\"), UInt8(ascii: "u")]
        for shift in stride(from: 12, through: 0, by: -4) {
            output.append(hexDigits[Int((scalar >> UInt32(shift)) & 0xF)])
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private static let inlineElements: [[UInt8]] =
        ["a", "em", "strong", "code", "span", "del", "sup", "sub", "b", "i", "mark", "kbd"].map { Array($0.utf8) }

    /// The entities `plainText` decodes, and what each stands for.
    private static let entities: [(name: [UInt8], value: UInt8)] = [
        (Array("amp;".utf8), UInt8(ascii: "&")), (Array("lt;".utf8), UInt8(ascii: "<")),
        (Array("gt;".utf8), UInt8(ascii: ">")), (Array("quot;".utf8), UInt8(ascii: "\"")),
        (Array("#39;".utf8), UInt8(ascii: "'")),
    ]

    /// The words of a body as its page shows them (references filled in for this site): tags
    /// and any cross-reference marks left dropped, the five escapes
    /// decoded, runs of white space made one space. Works on UTF-8 bytes: tags and entities are ASCII.
    static func plainText(_ html: String) -> String {
        var html = html
        return html.withUTF8 { plainText(of: $0) }
    }

    private static func plainText(of bytes: UnsafeBufferPointer<UInt8>) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count / 2)
        let count = bytes.count
        var index = 0
        var lastWasSpace = true
        func space() {
            if !lastWasSpace { output.append(0x20) }
            lastWasSpace = true
        }
        func isLetterOrDigit(_ byte: UInt8) -> Bool {
            (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
        }
        let (lead, second) = BodyPlaceholder.utf8Lead
        func isMark(at position: Int, _ last: UInt8) -> Bool {
            position + 2 < count && bytes[position] == lead && bytes[position + 1] == second
                && bytes[position + 2] == last
        }
        /// What is looked at: a tag's or entity's start, white space, a mark's lead.
        func isSpecial(_ byte: UInt8) -> Bool {
            switch byte {
            case UInt8(ascii: "<"), UInt8(ascii: "&"), 0x20, 0x0A, 0x09, 0x0D, lead: true
            default: false
            }
        }
        while index < count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "<"):
                let name = bytes[(index + 1)...].drop { $0 == UInt8(ascii: "/") }.prefix { isLetterOrDigit($0) }
                while index < count, bytes[index] != UInt8(ascii: ">") { index += 1 }
                // Inline elements sit inside words ("<em>pass</em>word"); the rest separate them.
                if !inlineElements.contains(where: { $0.elementsEqual(name) }) { space() }
            case lead where isMark(at: index, BodyPlaceholder.utf8StartLast):
                while index < count - 2, !isMark(at: index, BodyPlaceholder.utf8EndLast) { index += 1 }
                index += 2
                space()
            case UInt8(ascii: "&"):
                if let entity = entities.first(where: { bytes[(index + 1)...].starts(with: $0.name) }) {
                    output.append(entity.value)
                    index += entity.name.count
                } else {
                    output.append(byte)
                }
                lastWasSpace = false
            case 0x20, 0x0A, 0x09, 0x0D:
                space()
            default:
                // Text up to the next tag, entity, space or mark is copied in one piece.
                var end = index + 1
                while end < count, !isSpecial(bytes[end]) { end += 1 }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<end]))
                lastWasSpace = false
                index = end
                continue
            }
            index += 1
        }
        if output.last == 0x20 { output.removeLast() }
        return String(decoding: output, as: UTF8.self)
    }
}

/// The search index, written in order while the pages holding its lines render: the task
/// that renders a document's page makes the document's line from the body it rendered (no
/// body is rendered twice), and each line goes out once every line before it has, so the index
/// of a large site, tens of megabytes, is never held whole. To a stage's file, or else into
/// memory for `finish` to return.
final class SearchIndexStream: Sendable {
    private let view: PortalView
    private let state: Locked<State>

    private struct State {
        /// The position in the view's documents of the next line to write.
        var next = 0
        var pending: [Int: [UInt8]] = [:]
        var entries = 0
        var file: (any SiteFileStream)?
        var memory: [UInt8] = []
        /// The first write that failed; nothing more is written after it.
        var failure: (any Error)?

        mutating func write(_ bytes: [UInt8]) {
            guard failure == nil else { return }
            guard let file else {
                memory += bytes
                return
            }
            do { try file.write(bytes) } catch { failure = error }
        }

        /// One entry of the index: entries are separated by a comma and a line end.
        mutating func write(entry line: [UInt8]) {
            if entries > 0 { write(Array(",\n".utf8)) }
            write(line)
            entries += 1
        }
    }

    init(view: PortalView, into file: (any SiteFileStream)?) {
        self.view = view
        state = Locked(State(file: file))
        state.withLock { $0.write(SearchIndex.opening) }
    }

    /// The line of the document `node` names, from its body as its page rendered it. A
    /// document whose line went out already (its body rendered again elsewhere) is left.
    func keep(_ html: String, of node: NodeRef) {
        guard let position = view.documents.index(of: node) else { return }
        let line = SearchIndex.line(view.documents[position], in: view, bodyHTML: html)
        state.withLock { state in
            guard position >= state.next else { return }
            state.pending[position] = line
            while let line = state.pending.removeValue(forKey: state.next) {
                state.write(entry: line)
                state.next += 1
            }
        }
    }

    /// The rest of the index: the lines of documents no page rendered (made from their bodies
    /// now), then title-only documents and criteria. The whole index when it was made in
    /// memory; nil when it went to a file, now complete.
    func finish() throws -> Data? {
        try state.withLock { state in
            for position in state.next..<view.documents.count {
                let line =
                    state.pending.removeValue(forKey: position)
                    ?? SearchIndex.line(of: SearchIndex.entry(view.documents[position], in: view))
                state.write(entry: line)
            }
            state.next = view.documents.count
            for entry in SearchIndex.otherEntries(for: view) { state.write(entry: SearchIndex.line(of: entry)) }
            state.write(SearchIndex.closing)
            if let failure = state.failure { throw failure }
            guard let file = state.file else { return Data(state.memory) }
            try file.close()
            return nil
        }
    }
}
