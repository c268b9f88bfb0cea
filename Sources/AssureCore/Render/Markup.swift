/// Escaping for text placed in HTML and XML: the five characters that could end an element
/// or an attribute. The two differ only in how an apostrophe is written. It works on bytes: a
/// quote followed by a combining mark (`"\u{301}`) is one character to Swift, but HTML reads
/// the quote, so comparing characters would let it end an attribute.
enum Markup {
    static func escape(_ text: String, apostrophe: StaticString) -> String {
        guard text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else {
            return text
        }
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count + 16)
        appendEscaped(text, apostrophe: apostrophe, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// `text` escaped onto the end of `output`, the stretches between the five characters
    /// copied whole (the compiled renderer writes every page's text this way).
    static func appendEscaped(_ text: String, apostrophe: StaticString, to output: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes in
            var clean = 0
            for (index, byte) in bytes.enumerated() {
                let entity: StaticString
                switch byte {
                case UInt8(ascii: "&"): entity = "&amp;"
                case UInt8(ascii: "<"): entity = "&lt;"
                case UInt8(ascii: ">"): entity = "&gt;"
                case UInt8(ascii: "\""): entity = "&quot;"
                case UInt8(ascii: "'"): entity = apostrophe
                default: continue
                }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[clean..<index]))
                output.append(contentsOf: UnsafeBufferPointer(start: entity.utf8Start, count: entity.utf8CodeUnitCount))
                clean = index + 1
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[clean...]))
        }
    }
}

/// Text for HTML pages and attributes.
enum HTML {
    /// How an apostrophe is written in HTML, as swift-mustache writes it.
    static let apostrophe: StaticString = "&#39;"
    static func escape(_ text: String) -> String { Markup.escape(text, apostrophe: apostrophe) }
}

/// Text for the sitemap and the Atom feed.
enum XML {
    static func escape(_ text: String) -> String { Markup.escape(text, apostrophe: "&apos;") }
}
