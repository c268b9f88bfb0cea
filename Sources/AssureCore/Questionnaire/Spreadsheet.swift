import Foundation

/// A cell's place: zero-based row and column.
public struct CellRef: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var row: Int
    public var column: Int

    public init(row: Int, column: Int) {
        self.row = row
        self.column = column
    }

    /// `B3` → row 2, column 1; nil for anything else.
    public init?(_ text: some StringProtocol) {
        var column = 0
        var digits = ""
        for character in text {
            if let ascii = character.asciiValue, (65...90).contains(ascii) || (97...122).contains(ascii) {
                // Excel's last column is XFD: three letters at most, so nothing overflows.
                guard digits.isEmpty, column < 26 * 26 + 26 else { return nil }
                column = column * 26 + Int((ascii & 0xDF) - 64)
            } else if character.isASCII, character.isNumber, digits.count < 8 {
                digits.append(character)
            } else {
                return nil
            }
        }
        guard column > 0, let row = Int(digits), row > 0 else { return nil }
        self.init(row: row - 1, column: column - 1)
    }

    /// The column's letters: 0 → `A`, 26 → `AA`.
    public static func letters(_ column: Int) -> String {
        var number = column + 1
        var result = ""
        while number > 0 {
            let remainder = (number - 1) % 26
            result = String(UnicodeScalar(UInt8(65 + remainder))) + result
            number = (number - 1) / 26
        }
        return result
    }

    public var description: String { "\(Self.letters(column))\(row + 1)" }

    public static func < (left: CellRef, right: CellRef) -> Bool { (left.row, left.column) < (right.row, right.column) }
}

/// One sheet as `questionnaire fill` reads it: the text of each non-empty cell.
public struct SheetGrid: Sendable {
    public var name: String
    public var cells: [CellRef: String]
    /// Cells holding a formula: never overwritten, so the workbook's calculation chain stays whole.
    public var formulas: Set<CellRef> = []

    public func text(_ row: Int, _ column: Int) -> String { cells[CellRef(row: row, column: column)] ?? "" }

    /// The number of rows, to the last with a value.
    public var rowCount: Int { (cells.keys.map(\.row).max() ?? -1) + 1 }
}

/// A customer's questionnaire file, read into grids and written back with answers in place of
/// some cells, every other byte kept.
public protocol QuestionnaireFile: Sendable {
    var sheets: [SheetGrid] { get }
    /// The file with `values` written into the cells of sheet number `sheet`.
    func filled(sheet: Int, values: [CellRef: String]) throws -> Data
}

/// Why a file cannot be read or written as a questionnaire.
public struct SpreadsheetError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// XML text as it appears between tags: the five escapes and numeric references decoded.
enum XMLText {
    static func decode(_ text: Substring) -> String {
        guard text.contains("&") else { return String(text) }
        var result = ""
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            guard character == "&", let semicolon = text[index...].firstIndex(of: ";"),
                text.distance(from: index, to: semicolon) <= 10
            else {
                result.append(character)
                index = text.index(after: index)
                continue
            }
            let name = text[text.index(after: index)..<semicolon]
            switch name {
            case "amp": result.append("&")
            case "lt": result.append("<")
            case "gt": result.append(">")
            case "quot": result.append("\"")
            case "apos": result.append("'")
            default:
                let number: UInt32? =
                    name.hasPrefix("#x")
                    ? UInt32(name.dropFirst(2), radix: 16)
                    : name.hasPrefix("#") ? UInt32(name.dropFirst()) : nil
                if let number, let scalar = Unicode.Scalar(number) {
                    result.unicodeScalars.append(scalar)
                } else {
                    result += "&" + name + ";"
                }
            }
            index = text.index(after: semicolon)
        }
        return result
    }

    /// Text safe between tags and in attribute values (`XML.escape`), without the characters
    /// XML 1.0 forbids (controls other than tab and line breaks, U+FFFE, U+FFFF).
    static func escape(_ text: String) -> String {
        let allowed = text.unicodeScalars.filter { scalar in
            scalar.value >= 0x20 ? !(0xFFFE...0xFFFF).contains(scalar.value) : "\t\n\r".unicodeScalars.contains(scalar)
        }
        return XML.escape(String(String.UnicodeScalarView(allowed)))
    }

    /// The value of `name="..."` in a tag's text.
    static func attribute(_ name: String, in tag: Substring) -> Substring? {
        var searchStart = tag.startIndex
        while let range = tag.range(of: name + "=", range: searchStart..<tag.endIndex) {
            searchStart = range.upperBound
            // A whole attribute name: preceded by white space.
            guard range.lowerBound > tag.startIndex, tag[tag.index(before: range.lowerBound)].isWhitespace,
                range.upperBound < tag.endIndex
            else { continue }
            let quote = tag[range.upperBound]
            guard quote == "\"" || quote == "'" else { continue }
            let start = tag.index(after: range.upperBound)
            guard let end = tag[start...].firstIndex(of: quote) else { return nil }
            return tag[start..<end]
        }
        return nil
    }

    /// The text of every `<t>` element in `xml`, joined: a rich-text string's runs, without
    /// phonetic readings (`<rPh>`).
    static func texts(in xml: Substring) -> String {
        var result = ""
        var index = xml.startIndex
        while let open = xml.range(of: "<t", range: index..<xml.endIndex) {
            if let phonetic = xml.range(of: "<rPh", range: index..<open.lowerBound),
                let end = xml.range(of: "</rPh>", range: phonetic.upperBound..<xml.endIndex)
            {
                index = end.upperBound
                continue
            }
            guard let close = xml[open.upperBound...].firstIndex(of: ">") else { break }
            let next = xml[open.upperBound]
            guard next == ">" || next == " " || next == "/" else {
                index = open.upperBound
                continue
            }
            if xml[xml.index(before: close)] == "/" {
                index = xml.index(after: close)
                continue
            }
            let start = xml.index(after: close)
            guard let end = xml.range(of: "</t>", range: start..<xml.endIndex) else { break }
            result += decode(xml[start..<end.lowerBound])
            index = end.upperBound
        }
        return result
    }
}
