import Foundation

/// The criteria × controls matrix as a terminal table, CSV or JSON: one record per criterion,
/// in catalog order, so a committed copy diffs cleanly line by line.
public struct CoverageReport: Sendable {
    public enum Format: String, Sendable, CaseIterable {
        case table, csv, json
    }

    /// One criterion in scope.
    public struct Record: Sendable, Hashable, Encodable {
        /// The framework key (`soc2`, `iso27001`).
        public var framework: String
        public var criterion: String
        /// The category, theme, function or safeguard the criterion belongs to.
        public var group: String
        public var title: String
        public var status: String
        /// Implemented controls meeting the criterion.
        public var controls: [String]
        /// Controls addressing it that do not count: partial, planned, or internal.
        public var gaps: [String]
        public var exclusionReason: String?

        enum CodingKeys: String, CodingKey {
            case framework, criterion, group, title, status, controls, gaps
            case exclusionReason = "exclusion_reason"
        }
    }

    public struct Summary: Sendable, Hashable, Encodable {
        /// A framework key, or a group of one.
        public var id: String
        public var name: String
        public var total: Int
        public var covered: Int
        public var excluded: Int
        public var gaps: Int
        public var uncovered: Int
        /// The groups in scope (frameworks only).
        public var groups: [Summary]?

        init(id: String, name: String, _ summary: CoverageMatrix.Summary, groups: [Summary]? = nil) {
            self.id = id
            self.name = name
            total = summary.total
            covered = summary.covered
            excluded = summary.excluded
            gaps = summary.gaps
            uncovered = summary.uncovered
            self.groups = groups
        }
    }

    public var records: [Record]
    public var frameworks: [Summary]

    /// The matrix of the given frameworks; `coverage` may be a filtered view's.
    public init(coverage: CoverageMatrix, frameworks selected: [FrameworkCoverage]) {
        let keys = Set(selected.map(\.catalog.id))
        records = coverage.rows.compactMap { row in
            guard row.inScope, keys.contains(row.criterion.catalog) else { return nil }
            return Record(
                framework: row.criterion.catalog, criterion: row.criterion.id, group: row.criterion.group,
                title: row.criterion.title, status: row.status.rawValue,
                controls: row.controls.filter(\.counts).map(\.id),
                gaps: row.controls.filter { !$0.counts && $0.status != .notApplicable }.map(\.id),
                exclusionReason: row.status == .excluded ? row.exclusionReason : nil)
        }
        frameworks = selected.map { framework in
            let catalog = framework.catalog
            let groups = framework.groups.map { group in
                Summary(
                    id: group, name: catalog.group(group)?.name ?? group,
                    coverage.summary(framework: catalog.id, group: group))
            }
            return Summary(id: catalog.id, name: catalog.shortName, framework.summary, groups: groups)
        }
    }

    public func render(as format: Format, width: Int? = nil) -> String {
        switch format {
        case .table: table(width: width)
        case .csv: csv()
        case .json: json()
        }
    }

    // MARK: - CSV (RFC 4180 quoting, LF line ends so that git diffs stay clean)

    public func csv() -> String {
        var lines = ["framework,criterion,group,title,status,controls,gaps,exclusion_reason"]
        for record in records {
            lines.append(
                [
                    record.framework, record.criterion, record.group, record.title, record.status,
                    record.controls.joined(separator: " "), record.gaps.joined(separator: " "),
                    record.exclusionReason ?? "",
                ].map(Self.csvField).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Quotes a field when it holds a comma, quote or line break; a leading `=`, `+`, `-` or `@`
    /// is prefixed with `'` so spreadsheets never run it as a formula.
    static func csvField(_ value: String) -> String {
        var value = value
        if let first = value.first, "=+-@\t\r".contains(first) { value = "'" + value }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    // MARK: - JSON

    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        func line(_ value: some Encodable) -> String {
            String(decoding: (try? encoder.encode(value)) ?? Data(), as: UTF8.self)
        }
        var output = "{\n  \"frameworks\": [\n"
        output += frameworks.map { "    " + line($0) }.joined(separator: ",\n")
        output += "\n  ],\n  \"criteria\": [\n"
        output += records.map { "    " + line($0) }.joined(separator: ",\n")
        output += "\n  ]\n}\n"
        return output
    }

    // MARK: - Table

    /// The matrix for a terminal; with `width`, each line is cut to it with `…` (the CSV and
    /// JSON hold everything).
    public func table(width: Int? = nil) -> String {
        var lines: [String] = []
        for (index, framework) in frameworks.enumerated() {
            if index > 0 { lines.append("") }
            lines.append(Self.summaryLine(framework))
            for group in framework.groups ?? [] where (framework.groups?.count ?? 0) > 1 {
                lines.append(
                    "  \(group.name): \(group.covered + group.excluded)/\(group.total) addressed (\(group.covered) "
                        + "covered, \(group.excluded) excluded, \(group.gaps + group.uncovered) open)")
            }
            lines.append("")
            let header = ["CRITERION", "TITLE", "STATUS", "CONTROLS", "NOTE"]
            var rows = records.filter { $0.framework == framework.id }.map { record -> [String] in
                var note = record.exclusionReason ?? ""
                if !record.gaps.isEmpty { note = "not counted: " + record.gaps.joined(separator: ", ") }
                return [
                    record.criterion, Self.cut(record.title, to: Self.titleWidth), record.status,
                    record.controls.joined(separator: ", "), note,
                ].map { $0.neutralizingControlCharacters() }
            }
            rows.insert(header, at: 0)
            // Every column but the last (the note, as long as it is) is padded to its widest cell.
            let note = header.count - 1
            let widths = (0..<note).map { column in rows.map { $0[column].count }.max() ?? 0 }
            for row in rows {
                var cells: [String] = []
                for column in 0..<note {
                    cells.append(row[column].padding(toLength: widths[column], withPad: " ", startingAt: 0))
                }
                cells.append(row[note])
                lines.append(cells.joined(separator: "  ").trimmingCharacters(in: .whitespaces))
            }
        }
        guard let width else { return lines.joined(separator: "\n") }
        return lines.map { Self.cut($0, to: width) }.joined(separator: "\n")
    }

    /// The longest title the table shows; longer ones end in `…` (CSV and JSON hold them whole).
    static let titleWidth = 40

    /// `text` cut to `width` characters, the last one `…` when anything was cut.
    static func cut(_ text: String, to width: Int) -> String {
        text.count > width ? String(text.prefix(max(width - 1, 1))) + "…" : text
    }

    static func summaryLine(_ summary: Summary) -> String {
        "\(summary.name): \(summary.covered + summary.excluded)/\(summary.total) addressed"
            + " (\(summary.covered) covered, \(summary.excluded) excluded, \(summary.gaps) gaps, "
            + "\(summary.uncovered) uncovered)"
    }
}
