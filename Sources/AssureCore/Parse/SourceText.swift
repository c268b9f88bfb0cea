import Foundation

/// A source file decoded to text: UTF-8 checked, BOM removed, line ends made `\n`.
public struct SourceText: Sendable, Hashable {
    public var path: String
    public var text: String

    /// Decodes bytes, or explains exactly why they are not a text file.
    public static func decode(_ file: SourceFile) -> Result<SourceText, Diagnostic> {
        var bytes = [UInt8](file.data)
        let location = SourceLocation(path: file.path)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
            return .failure(
                .error(
                    .emptyFile, at: location, "the file is empty",
                    hint: "add front matter and text, or delete the file"))
        }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            return .failure(
                .error(
                    .invalidUTF8, at: SourceLocation(path: file.path, line: 1, column: 1),
                    "the file is encoded as UTF-16, not UTF-8",
                    hint: "save the file as UTF-8"))
        }
        if let nul = bytes.firstIndex(of: 0) {
            let (line, column) = position(ofByte: nul, in: bytes)
            return .failure(
                .error(
                    .binaryFile, at: SourceLocation(path: file.path, line: line, column: column),
                    "the file holds binary data (a NUL byte), not text",
                    hint: "content files must be UTF-8 text"))
        }
        if let bad = firstInvalidUTF8(bytes) {
            let (line, column) = position(ofByte: bad, in: bytes)
            return .failure(
                .error(
                    .invalidUTF8, at: SourceLocation(path: file.path, line: line, column: column),
                    "the file is not valid UTF-8 (byte 0x\(String(bytes[bad], radix: 16, uppercase: true)))",
                    hint: "save the file as UTF-8"))
        }
        if bytes.contains(0x0D) {
            // CRLF and lone CR both become LF.
            var normalized: [UInt8] = []
            normalized.reserveCapacity(bytes.count)
            for (index, byte) in bytes.enumerated()
            where byte != 0x0D || !(index + 1 < bytes.count && bytes[index + 1] == 0x0A) {
                normalized.append(byte == 0x0D ? 0x0A : byte)
            }
            bytes = normalized
        }
        var text = String(decoding: bytes, as: UTF8.self)
        // Assure's placeholder delimiters (BodyPlaceholder) never come from a file: U+FDD0 and
        // U+FDD1 are EF B7 90 and EF B7 91 in UTF-8.
        if bytes.indices.contains(where: {
            bytes[$0] == 0xEF && $0 + 2 < bytes.count && bytes[$0 + 1] == 0xB7
                && (bytes[$0 + 2] == 0x90 || bytes[$0 + 2] == 0x91)
        }) {
            text = String(text.map { BodyPlaceholder.isDelimiter($0) ? "\u{FFFD}" : $0 })
        }
        return .success(SourceText(path: file.path, text: text))
    }

    /// 1-based line and column (in characters) of a byte offset.
    static func position(ofByte offset: Int, in bytes: [UInt8]) -> (Int, Int) {
        var line = 1
        var lineStart = 0
        for index in 0..<offset where bytes[index] == 0x0A {
            line += 1
            lineStart = index + 1
        }
        let prefix = bytes[lineStart..<offset]
        let column = String(decoding: prefix, as: UTF8.self).count + 1
        return (line, column)
    }

    /// Offset of the first byte that does not start a valid UTF-8 sequence, if any.
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        var index = 0
        while index < bytes.count {
            let lead = bytes[index]
            let length: Int
            var lowerBound: UInt8 = 0x80
            var upperBound: UInt8 = 0xBF
            switch lead {
            case 0x00...0x7F:
                index += 1
                continue
            case 0xC2...0xDF: length = 2
            case 0xE0:
                length = 3
                lowerBound = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED:
                length = 3
                upperBound = 0x9F
            case 0xF0:
                length = 4
                lowerBound = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4:
                length = 4
                upperBound = 0x8F
            default: return index
            }
            guard index + length <= bytes.count else { return index }
            let second = bytes[index + 1]
            guard second >= lowerBound && second <= upperBound else { return index }
            for offset in 2..<max(2, length) where bytes[index + offset] & 0xC0 != 0x80 {
                return index
            }
            index += length
        }
        return nil
    }
}
