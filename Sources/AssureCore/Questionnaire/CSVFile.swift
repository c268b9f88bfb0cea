import Foundation

/// A questionnaire as CSV (RFC 4180: commas, fields in double quotes where they hold a comma,
/// a quote or a line break), written back with answers in some fields and every other byte kept:
/// its line endings, its quoting, a byte order mark.
public struct CSVFile: QuestionnaireFile {
    /// One field as written: where its text starts and ends in the file.
    private struct Field {
        var range: Range<String.Index>
        var value: String
    }

    private let text: String
    private let rows: [[Field]]
    public let sheets: [SheetGrid]

    public init(data: Data, name: String) throws {
        // Decoded as it is, a byte order mark kept (Foundation's decoder would drop it).
        guard let text = String(validating: data, as: UTF8.self) else {
            throw SpreadsheetError("the CSV file is not UTF-8 text; save it as \"CSV UTF-8\"")
        }
        guard !data.prefix(8192).contains(0) else { throw SpreadsheetError("the file holds binary data, not CSV") }
        self.text = text
        var rows: [[Field]] = []
        var row: [Field] = []
        var index = text.startIndex
        if text.hasPrefix("\u{FEFF}") { index = text.index(after: index) }
        var atRowStart = true
        while index < text.endIndex {
            var value = ""
            let start = index
            if text[index] == "\"" {
                index = text.index(after: index)
                while index < text.endIndex {
                    if text[index] == "\"" {
                        let next = text.index(after: index)
                        if next < text.endIndex, text[next] == "\"" {
                            value.append("\"")
                            index = text.index(after: next)
                            continue
                        }
                        index = next
                        break
                    }
                    value.append(text[index])
                    index = text.index(after: index)
                }
                // Text after the closing quote belongs to the field, as spreadsheets read it.
                while index < text.endIndex, text[index] != ",", !text[index].isNewline {
                    value.append(text[index])
                    index = text.index(after: index)
                }
            } else {
                while index < text.endIndex, text[index] != ",", !text[index].isNewline {
                    value.append(text[index])
                    index = text.index(after: index)
                }
            }
            row.append(Field(range: start..<index, value: value))
            atRowStart = false
            if index < text.endIndex, text[index] == "," {
                index = text.index(after: index)
                if index == text.endIndex { row.append(Field(range: index..<index, value: "")) }
                continue
            }
            // End of a row: "\r\n" is one Character in Swift.
            rows.append(row)
            row = []
            atRowStart = true
            if index < text.endIndex { index = text.index(after: index) }
        }
        if !atRowStart { rows.append(row) }
        self.rows = rows
        var grid = SheetGrid(name: name, cells: [:])
        for (rowIndex, fields) in rows.enumerated() {
            for (column, field) in fields.enumerated() where !field.value.isEmpty {
                grid.cells[CellRef(row: rowIndex, column: column)] = field.value
            }
        }
        sheets = [grid]
    }

    public func filled(sheet: Int, values: [CellRef: String]) throws -> Data {
        var edits: [(Range<String.Index>, String)] = []
        var appended: [Int: [(column: Int, value: String)]] = [:]
        for (ref, value) in values {
            guard ref.row < rows.count else { throw SpreadsheetError("row \(ref.row + 1) is past the end of the file") }
            if ref.column < rows[ref.row].count {
                edits.append((rows[ref.row][ref.column].range, Self.quoted(value)))
            } else {
                appended[ref.row, default: []].append((ref.column, value))
            }
        }
        // Fields a short row lacks: added after its last field, in column order.
        for (row, added) in appended {
            let end = rows[row].last?.range.upperBound ?? text.startIndex
            var column = rows[row].count
            var text = ""
            for (target, value) in added.sorted(by: { $0.column < $1.column }) {
                text += String(repeating: ",", count: target - column + 1) + Self.quoted(value)
                column = target + 1
            }
            edits.append((end..<end, text))
        }
        var result = ""
        var cursor = text.startIndex
        for (range, replacement) in edits.sorted(by: { $0.0.lowerBound < $1.0.lowerBound }) {
            result += text[cursor..<range.lowerBound]
            result += replacement
            cursor = range.upperBound
        }
        result += text[cursor...]
        return Data(result.utf8)
    }

    /// A field as CSV writes it: quoted when it holds a comma, a quote or a line break; text a
    /// spreadsheet would run as a formula (`=`, `+`, `-`, `@` first) starts with `'`.
    static func quoted(_ text: String) -> String {
        let value = text.first.map { "=+-@".contains($0) } == true ? "'" + text : text
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) || value.hasPrefix(" ") else {
            return value
        }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
