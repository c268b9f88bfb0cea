/// How a parsed body marks its cross-references until a page fills them in, in one place: the
/// parser writes these marks, the renderer reads them, and decoding removes any a file holds.
///
/// - `\u{FDD0}N\u{FDD1}`: reference N written as `[[ID]]`, replaced whole.
/// - `\u{FDD0}No\u{FDD1}` … `\u{FDD0}Nc\u{FDD1}`: the start and end of link N to a `.md` file.
/// - `src="assure-ref:N"`: the source of image N; ASCII, so cmark's escaping keeps it intact.
enum BodyPlaceholder {
    /// Unicode noncharacters: no real text contains them.
    static let start = Character(Unicode.Scalar(0xFDD0)!)
    static let end = Character(Unicode.Scalar(0xFDD1)!)
    /// The two in UTF-8 (EF B7 90, EF B7 91): their first two bytes, and the last byte of each,
    /// for passes over a rendered body's bytes.
    static let utf8Lead: (UInt8, UInt8) = (0xEF, 0xB7)
    static let utf8StartLast: UInt8 = 0x90
    static let utf8EndLast: UInt8 = 0x91
    /// Assure's own scheme, which no author may write (links using it are dropped).
    static let imageScheme = "assure-ref:"

    enum Part: Sendable, Hashable { case whole, open, close }

    static func mark(_ index: Int, _ part: Part) -> String {
        switch part {
        case .whole: "\(start)\(index)\(end)"
        case .open: "\(start)\(index)o\(end)"
        case .close: "\(start)\(index)c\(end)"
        }
    }

    static func imageSource(_ index: Int) -> String { "\(imageScheme)\(index)" }

    /// The index and part a mark's inside (`12`, `12o`, `12c`) stands for.
    static func parse(_ token: Substring) -> (index: Int, part: Part)? {
        var token = token
        var part = Part.whole
        if token.last == "o" || token.last == "c" {
            part = token.last == "o" ? .open : .close
            token = token.dropLast()
        }
        return Int(token).map { ($0, part) }
    }

    /// Whether a character is one of the marks' delimiters.
    static func isDelimiter(_ character: Character) -> Bool { character == start || character == end }
}
