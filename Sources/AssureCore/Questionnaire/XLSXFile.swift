import Foundation
import ZIPFoundation

/// An Excel workbook (`.xlsx`: a zip of XML parts) read for its cells and written back with
/// answers in some of one sheet's cells. Every other part is copied byte for byte, and in the
/// filled sheet only the answered cells change: answers go in as inline strings, so the shared
/// strings, styles, data validations, merged cells and protection stay as they were.
public struct XLSXFile: QuestionnaireFile {
    /// The largest part read: questionnaires are kilobytes; a bigger part is not one.
    static let partLimit = 64 * 1024 * 1024
    /// The most all parts together may inflate to, as their headers declare (each part is
    /// also held to what it declares as it inflates).
    static let workbookLimit = 256 * 1024 * 1024

    struct Part {
        var path: String
        var data: Data
        var modified: Date
        var compressed: Bool
        var isDirectory: Bool
    }

    private let parts: [Part]
    /// The part each sheet is read from, in the workbook's order.
    private let sheetParts: [String]
    public let sheets: [SheetGrid]

    public init(data: Data) throws {
        let archive: Archive
        do {
            archive = try Archive(data: data, accessMode: .read)
        } catch {
            throw SpreadsheetError("the file is not an .xlsx workbook (not a zip archive)")
        }
        var parts: [Part] = []
        var total = 0
        for entry in archive {
            total += Int(clamping: entry.uncompressedSize)
            guard total <= Self.workbookLimit else {
                throw SpreadsheetError("the workbook inflates to more than 256 MiB: it is not a questionnaire")
            }
            let bytes: Data
            do {
                bytes =
                    entry.type == .file
                    ? try BundleVerifier.inflate(
                        entry, of: archive, atMost: min(Self.partLimit, Int(clamping: entry.uncompressedSize))) : Data()
            } catch {
                throw SpreadsheetError("the workbook's part \(entry.path) cannot be read, or is larger than 64 MiB")
            }
            let modified = entry.fileAttributes[.modificationDate] as? Date
            parts.append(
                Part(
                    path: entry.path, data: bytes, modified: modified ?? Date(timeIntervalSince1970: 315_532_800),
                    compressed: entry.isCompressed, isDirectory: entry.type == .directory))
        }
        self.parts = parts
        func text(_ path: String) -> String? {
            parts.first { $0.path == path }.map { String(decoding: $0.data, as: UTF8.self) }
        }
        guard let workbook = text("xl/workbook.xml"), let relations = text("xl/_rels/workbook.xml.rels") else {
            throw SpreadsheetError("the file is not an .xlsx workbook (no xl/workbook.xml)")
        }
        let shared = text("xl/sharedStrings.xml").map(Self.sharedStrings) ?? []
        var targets: [String: String] = [:]
        for tag in Self.tags("Relationship", in: relations[...]) {
            guard let id = XMLText.attribute("Id", in: tag), let target = XMLText.attribute("Target", in: tag) else {
                continue
            }
            let decoded = XMLText.decode(target)
            targets[String(id)] = decoded.hasPrefix("/") ? String(decoded.dropFirst()) : "xl/" + decoded
        }
        var sheetParts: [String] = []
        var sheets: [SheetGrid] = []
        for tag in Self.tags("sheet", in: workbook[...]) {
            guard let name = XMLText.attribute("name", in: tag), let id = XMLText.attribute("r:id", in: tag),
                let path = targets[String(id)], let xml = text(path)
            else { continue }
            var grid = SheetGrid(name: XMLText.decode(name), cells: [:])
            for cell in SheetXML(xml).cells {
                if let value = cell.value(shared: shared), !value.isEmpty { grid.cells[cell.ref] = value }
                if cell.hasFormula { grid.formulas.insert(cell.ref) }
            }
            sheetParts.append(path)
            sheets.append(grid)
        }
        guard !sheets.isEmpty else { throw SpreadsheetError("the workbook has no worksheets Assure can read") }
        self.sheetParts = sheetParts
        self.sheets = sheets
    }

    public func filled(sheet: Int, values: [CellRef: String]) throws -> Data {
        let path = sheetParts[sheet]
        let archive = try Archive(data: Data(), accessMode: .create)
        for part in parts {
            var data = part.data
            if part.path == path {
                data = Data(SheetXML(String(decoding: part.data, as: UTF8.self)).writing(values).utf8)
            }
            let bytes = data
            try archive.addEntry(
                with: part.path, type: part.isDirectory ? .directory : .file, uncompressedSize: Int64(bytes.count),
                modificationDate: part.modified, permissions: part.isDirectory ? 0o755 : 0o644,
                compressionMethod: part.compressed ? .deflate : .none
            ) { position, size in
                let start = Int(position)
                return bytes.subdata(in: start..<min(start + size, bytes.count))
            }
        }
        guard let data = archive.data else { throw SpreadsheetError("the filled workbook could not be written") }
        return data
    }

    /// Every `<name ...>` opening tag's text (attributes included) in `xml`.
    static func tags(_ name: String, in xml: Substring) -> [Substring] {
        var result: [Substring] = []
        var index = xml.startIndex
        while let open = xml.range(of: "<" + name, range: index..<xml.endIndex) {
            guard open.upperBound < xml.endIndex, let close = xml[open.upperBound...].firstIndex(of: ">") else { break }
            let next = xml[open.upperBound]
            if next == " " || next == "/" || next == ">" || next.isNewline || next == "\t" {
                result.append(xml[open.lowerBound...close])
            }
            index = xml.index(after: close)
        }
        return result
    }

    /// The shared strings table: each `<si>`'s text.
    static func sharedStrings(_ xml: String) -> [String] {
        var result: [String] = []
        var index = xml.startIndex
        while let open = xml.range(of: "<si", range: index..<xml.endIndex) {
            guard let close = xml[open.upperBound...].firstIndex(of: ">") else { break }
            if xml[xml.index(before: close)] == "/" {
                result.append("")
                index = xml.index(after: close)
                continue
            }
            guard let end = xml.range(of: "</si>", range: close..<xml.endIndex) else { break }
            result.append(XMLText.texts(in: xml[xml.index(after: close)..<end.lowerBound]))
            index = end.upperBound
        }
        return result
    }
}

/// A worksheet's XML, scanned for its rows and cells with where each is written, so one cell
/// can be replaced without touching another byte.
struct SheetXML {
    struct Cell {
        var ref: CellRef
        /// The whole element, `<c ...>...</c>` or `<c .../>`.
        var range: Range<String.Index>
        var openTag: Substring
        var content: Substring

        var hasFormula: Bool { content.contains("<f") }

        func value(shared: [String]) -> String? {
            let type = XMLText.attribute("t", in: openTag) ?? "n"
            if type == "inlineStr" { return XMLText.texts(in: content) }
            guard let start = content.range(of: "<v>"),
                let end = content.range(of: "</v>", range: start.upperBound..<content.endIndex)
            else { return nil }
            let raw = XMLText.decode(content[start.upperBound..<end.lowerBound])
            if type == "s" { return Int(raw).flatMap { shared.indices.contains($0) ? shared[$0] : nil } }
            if type == "b" { return raw == "1" ? "TRUE" : "FALSE" }
            return raw
        }
    }

    struct Row {
        var index: Int
        /// The opening tag, and the closing tag (nil for `<row .../>`).
        var open: Range<String.Index>
        var close: Range<String.Index>?
        var cells: [Cell]
    }

    let xml: String
    private(set) var rows: [Row] = []
    /// Where `</sheetData>` is, or the self-closing `<sheetData/>`.
    private(set) var dataEnd: Range<String.Index>?
    private(set) var dataSelfClosing = false

    var cells: [Cell] { rows.flatMap(\.cells) }

    init(_ xml: String) {
        self.xml = xml
        guard let dataOpen = xml.range(of: "<sheetData"),
            let dataTagEnd = xml[dataOpen.upperBound...].firstIndex(of: ">")
        else { return }
        if xml[xml.index(before: dataTagEnd)] == "/" {
            dataEnd = dataOpen.lowerBound..<xml.index(after: dataTagEnd)
            dataSelfClosing = true
            return
        }
        guard let end = xml.range(of: "</sheetData>", range: dataTagEnd..<xml.endIndex) else { return }
        dataEnd = end
        var index = dataTagEnd
        var nextRow = 0
        while let open = xml.range(of: "<row", range: index..<end.lowerBound),
            let tagEnd = xml[open.upperBound...].firstIndex(of: ">")
        {
            let tag = xml[open.lowerBound...tagEnd]
            let rowIndex = XMLText.attribute("r", in: tag).flatMap { Int($0) }.map { $0 - 1 } ?? nextRow
            nextRow = rowIndex + 1
            let openRange = open.lowerBound..<xml.index(after: tagEnd)
            if xml[xml.index(before: tagEnd)] == "/" {
                rows.append(Row(index: rowIndex, open: openRange, close: nil, cells: []))
                index = openRange.upperBound
                continue
            }
            guard let close = xml.range(of: "</row>", range: openRange.upperBound..<end.lowerBound) else { break }
            let cells = Self.cells(in: openRange.upperBound..<close.lowerBound, of: xml, row: rowIndex)
            rows.append(Row(index: rowIndex, open: openRange, close: close, cells: cells))
            index = close.upperBound
        }
    }

    private static func cells(in span: Range<String.Index>, of xml: String, row: Int) -> [Cell] {
        var cells: [Cell] = []
        var index = span.lowerBound
        var nextColumn = 0
        while let open = xml.range(of: "<c", range: index..<span.upperBound),
            let tagEnd = xml[open.upperBound..<span.upperBound].firstIndex(of: ">")
        {
            let next = xml[open.upperBound]
            guard next == " " || next == ">" || next == "/" else {
                index = open.upperBound
                continue
            }
            let tag = xml[open.lowerBound...tagEnd]
            let written = XMLText.attribute("r", in: tag).flatMap { CellRef($0) }
            let ref = written ?? CellRef(row: row, column: nextColumn)
            nextColumn = ref.column + 1
            if xml[xml.index(before: tagEnd)] == "/" {
                let range = open.lowerBound..<xml.index(after: tagEnd)
                let empty = xml[range.upperBound..<range.upperBound]
                cells.append(Cell(ref: ref, range: range, openTag: tag, content: empty))
                index = range.upperBound
                continue
            }
            guard let close = xml.range(of: "</c>", range: tagEnd..<span.upperBound) else { break }
            let content = xml[xml.index(after: tagEnd)..<close.lowerBound]
            cells.append(Cell(ref: ref, range: open.lowerBound..<close.upperBound, openTag: tag, content: content))
            index = close.upperBound
        }
        return cells
    }

    /// A cell holding `text` as an inline string, keeping the style of the cell it replaces.
    static func cellXML(_ ref: CellRef, text: String, replacing old: Cell?) -> String {
        let style = old.flatMap { XMLText.attribute("s", in: $0.openTag) }.map { " s=\"\($0)\"" } ?? ""
        let escaped = XMLText.escape(text)
        return "<c r=\"\(ref)\"\(style) t=\"inlineStr\"><is><t xml:space=\"preserve\">\(escaped)</t></is></c>"
    }

    /// The sheet's XML with `values` in their cells; every other byte as it was.
    func writing(_ values: [CellRef: String]) -> String {
        guard !values.isEmpty, let dataEnd else { return xml }
        var edits: [(range: Range<String.Index>, text: String)] = []
        var byRow: [Int: [(ref: CellRef, text: String)]] = [:]
        for (ref, text) in values { byRow[ref.row, default: []].append((ref, text)) }
        var newRows: [(index: Int, cells: String)] = []
        for (rowIndex, rowValues) in byRow {
            let sorted = rowValues.sorted { $0.ref < $1.ref }
            guard let row = rows.first(where: { $0.index == rowIndex }) else {
                newRows.append((rowIndex, sorted.map { Self.cellXML($0.ref, text: $0.text, replacing: nil) }.joined()))
                continue
            }
            edits += self.edits(in: row, sorted)
        }
        // New rows, each before the first row below it; several at one place in row order.
        var rowsAt: [String.Index: [(index: Int, cells: String)]] = [:]
        for added in newRows {
            let at = rows.first { $0.index > added.index }?.open.lowerBound ?? dataEnd.lowerBound
            rowsAt[at, default: []].append(added)
        }
        for (at, added) in rowsAt {
            let text = added.sorted { $0.index < $1.index }.map { "<row r=\"\($0.index + 1)\">\($0.cells)</row>" }
                .joined()
            edits.append(dataSelfClosing ? (dataEnd, "<sheetData>" + text + "</sheetData>") : (at..<at, text))
        }
        // The original with each edit in place, walked from the start: an insertion before a
        // cell comes before that cell's replacement.
        let ordered = edits.sorted {
            ($0.range.lowerBound, $0.range.upperBound) < ($1.range.lowerBound, $1.range.upperBound)
        }
        var result = ""
        var cursor = xml.startIndex
        for edit in ordered {
            result += xml[cursor..<edit.range.lowerBound]
            result += edit.text
            cursor = edit.range.upperBound
        }
        result += xml[cursor...]
        return result
    }

    /// The edits that put `values` (in column order) into an existing row.
    private func edits(in row: Row, _ values: [(ref: CellRef, text: String)]) -> [(
        range: Range<String.Index>, text: String
    )] {
        var edits: [(range: Range<String.Index>, text: String)] = []
        var inserted: [Int: String] = [:]
        for (ref, text) in values {
            if let cell = row.cells.first(where: { $0.ref == ref }) {
                edits.append((cell.range, Self.cellXML(ref, text: text, replacing: cell)))
            } else {
                // Before the first cell to its right, or at the end of the row.
                let position = row.cells.firstIndex { $0.ref.column > ref.column } ?? row.cells.count
                inserted[position, default: ""] += Self.cellXML(ref, text: text, replacing: nil)
            }
        }
        for (position, text) in inserted {
            if position < row.cells.count {
                let at = row.cells[position].range.lowerBound
                edits.append((at..<at, text))
            } else if let close = row.close {
                edits.append((close.lowerBound..<close.lowerBound, text))
            } else {
                edits.append((row.open, String(xml[row.open].dropLast(2)) + ">" + text + "</row>"))
            }
        }
        return edits
    }
}
