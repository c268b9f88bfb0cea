/// Escaping for text placed in HTML and XML: the five characters that could end an element
/// or an attribute. The two differ only in how an apostrophe is written. It works on bytes: a
/// quote followed by a combining mark (`"\u{301}`) is one character to Swift, but HTML reads
/// the quote, so comparing characters would let it end an attribute.
enum Markup {
    static func escape(_ text: String, apostrophe: String) -> String {
        let utf8 = text.utf8
        guard utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else {
            return text
        }
        var output: [UInt8] = []
        output.reserveCapacity(utf8.count + 16)
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "&"): output += "&amp;".utf8
            case UInt8(ascii: "<"): output += "&lt;".utf8
            case UInt8(ascii: ">"): output += "&gt;".utf8
            case UInt8(ascii: "\""): output += "&quot;".utf8
            case UInt8(ascii: "'"): output += apostrophe.utf8
            default: output.append(byte)
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}

/// Text for HTML pages and attributes.
enum HTML {
    static func escape(_ text: String) -> String { Markup.escape(text, apostrophe: "&#39;") }
}

/// Text for the sitemap and the Atom feed.
enum XML {
    static func escape(_ text: String) -> String { Markup.escape(text, apostrophe: "&apos;") }
}
