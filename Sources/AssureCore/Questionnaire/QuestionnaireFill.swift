import Foundation

/// Where a questionnaire's questions and answers are in a file: the sheet, the heading row and
/// the column of each part, found by the headings of a definition's layout.
public struct QuestionnaireLayoutMatch: Sendable {
    public var definition: QuestionnaireDefinition
    public var sheet: Int
    public var sheetName: String
    /// Zero-based.
    public var headingRow: Int
    public var columns: [QuestionnaireDefinition.Layout.Column: Int]
}

/// One row of a customer's questionnaire and what `fill` did with it.
public struct FillRow: Sendable, Hashable {
    public enum Match: String, Sendable {
        case id, question, alias
        case none = "no match"
    }

    /// One-based, as the spreadsheet numbers it.
    public var row: Int
    public var questionID: String
    public var question: String
    public var match: Match
    public var answer: String?
    public var given: AnswerValue?
    /// Whether the answer was written; when not, `why`.
    public var written: Bool
    public var why: String?
}

public struct FillPlan: Sendable {
    public var layout: QuestionnaireLayoutMatch
    public var rows: [FillRow]
    public var values: [CellRef: String]

    public var answered: Int { rows.filter(\.written).count }
    public var matched: Int { rows.filter { $0.match != .none }.count }

    /// The per-row report as CSV: row, question ID, question, matched by, answer, written, why not.
    public var reportCSV: String {
        var lines = ["row,question_id,question,matched_by,answer,given,written,why_blank"]
        for row in rows {
            lines.append(
                [
                    String(row.row), row.questionID, row.question, row.match.rawValue, row.answer ?? "",
                    row.given?.rawValue ?? "", row.written ? "yes" : "no", row.why ?? "",
                ].map(CSVFile.quoted).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// `assure questionnaire fill`: each row of a customer's file matched to an answer of the
/// library (by question ID first, then by the question's words and the answers' aliases), and
/// the answer written only when the controls back it and the customer may read it.
public enum QuestionnaireFill {
    /// The sheet and columns of `file` that a definition's layout finds, trying `key` alone when
    /// given, else the standard questionnaires and then the generic layout.
    public static func locate(
        in file: some QuestionnaireFile, questionnaires: QuestionnaireSet, key: String?
    ) throws -> QuestionnaireLayoutMatch {
        let candidates: [QuestionnaireDefinition]
        if let key {
            guard let definition = questionnaires[key] else {
                throw SpreadsheetError(
                    "no questionnaire has the key `\(key)`; the questionnaires are "
                        + questionnaires.all.map(\.id).joined(separator: ", "))
            }
            candidates = [definition]
        } else {
            candidates =
                questionnaires.all.filter { $0.layout.sheet != nil }
                + questionnaires.all.filter { $0.layout.sheet == nil }
        }
        for definition in candidates {
            for (index, sheet) in file.sheets.enumerated() {
                if let wanted = definition.layout.sheet, !sheet.name.lowercased().hasPrefix(wanted.lowercased()) {
                    continue
                }
                if let match = headings(of: sheet, layout: definition.layout) {
                    return QuestionnaireLayoutMatch(
                        definition: definition, sheet: index, sheetName: sheet.name, headingRow: match.row,
                        columns: match.columns)
                }
            }
        }
        let names = file.sheets.map { "`\($0.name)`" }.joined(separator: ", ")
        throw SpreadsheetError(
            "no sheet (\(names)) has a row of headings naming a question column and an answer column"
                + (key.map { " as `\($0)` lays them out" } ?? ""))
    }

    /// The first of the sheet's first 30 rows with a question heading and an answer heading.
    static func headings(
        of sheet: SheetGrid, layout: QuestionnaireDefinition.Layout
    ) -> (row: Int, columns: [QuestionnaireDefinition.Layout.Column: Int])? {
        for row in 0..<min(sheet.rowCount, 30) {
            let last = sheet.cells.keys.filter { $0.row == row }.map(\.column).max() ?? -1
            let cells = (0..<(last + 1)).map { QuestionnaireDefinition.normalisedHeading(sheet.text(row, $0)) }
            var columns: [QuestionnaireDefinition.Layout.Column: Int] = [:]
            var used = Set<Int>()
            for column in QuestionnaireDefinition.Layout.Column.allCases {
                let headings = layout.headings(column)
                let exact = cells.indices.first { !used.contains($0) && headings.contains(cells[$0]) }
                let prefixed = cells.indices.first { index in
                    !used.contains(index) && headings.contains { Self.starts(cells[index], with: $0) }
                }
                if let found = exact ?? prefixed {
                    columns[column] = found
                    used.insert(found)
                }
            }
            if columns[.question] != nil || columns[.questionID] != nil, columns[.answer] != nil {
                return (row, columns)
            }
        }
        return nil
    }

    /// `csp implementation description (optional/recommended)` starts with `csp implementation
    /// description`; `identity` does not start with `id`.
    private static func starts(_ text: String, with heading: String) -> Bool {
        guard text.hasPrefix(heading), text.count > heading.count else { return false }
        let next = text[text.index(text.startIndex, offsetBy: heading.count)]
        return !(next.isLetter || next.isNumber)
    }

    /// What to write where, row by row. `texts` gives an answer's text as the customer reads
    /// it; `mayRead` says whether the customer may be given an answer, or why not.
    public static func plan(
        _ file: some QuestionnaireFile, layout: QuestionnaireLayoutMatch, answers: [Answer],
        standings: [String: AnswerStanding], texts: (Answer) -> String, mayRead: (Answer) -> String?
    ) -> FillPlan {
        let sheet = file.sheets[layout.sheet]
        let definition = layout.definition
        var byQuestion: [String: Answer] = [:]
        var byWords: [String: (Answer, FillRow.Match)] = [:]
        for answer in answers {
            for question in answer.questions where question.questionnaire == definition.id {
                byQuestion[question.question] = byQuestion[question.question] ?? answer
            }
            let title = words(answer.header.title)
            if !title.isEmpty, byWords[title] == nil { byWords[title] = (answer, .question) }
            for alias in answer.aliases.map(words) where !alias.isEmpty && byWords[alias] == nil {
                byWords[alias] = (answer, .alias)
            }
        }
        func column(_ part: QuestionnaireDefinition.Layout.Column) -> Int? { layout.columns[part] }
        var rows: [FillRow] = []
        var values: [CellRef: String] = [:]
        for row in (layout.headingRow + 1)..<max(sheet.rowCount, layout.headingRow + 1) {
            let id = column(.questionID).map { sheet.text(row, $0).trimmingCharacters(in: .whitespaces) } ?? ""
            let question = column(.question).map { sheet.text(row, $0) } ?? ""
            guard !id.isEmpty || !question.isEmpty else { continue }
            var entry = FillRow(
                row: row + 1, questionID: id, question: question, match: .none, answer: nil, given: nil, written: false,
                why: nil)
            var found: (Answer, FillRow.Match)?
            if !id.isEmpty, let answer = byQuestion[id] { found = (answer, .id) }
            if found == nil { found = byWords[words(question)] }
            guard let (answer, match) = found else {
                entry.why = "no answer in the library answers this question"
                rows.append(entry)
                continue
            }
            entry.match = match
            entry.answer = answer.header.id
            entry.given = answer.answer
            if let failure = standings[answer.header.id]?.failures.first {
                entry.why = "the controls do not back it: " + failure.summary
            } else if let refusal = mayRead(answer) {
                entry.why = refusal
            } else {
                var cells: [CellRef: String] = [:]
                let text = texts(answer)
                let word = definition.answerWords[answer.answer]
                if let answerColumn = column(.answer) {
                    cells[CellRef(row: row, column: answerColumn)] = word ?? (column(.text) == nil ? text : nil)
                }
                if let ownership = answer.ownership, let word = definition.ownershipWords[ownership],
                    let ownershipColumn = column(.ownership)
                {
                    cells[CellRef(row: row, column: ownershipColumn)] = word
                }
                if let textColumn = column(.text), !text.isEmpty { cells[CellRef(row: row, column: textColumn)] = text }
                if let taken = cells.keys.sorted().first(where: { sheet.cells[$0] != nil }) {
                    entry.why = "the file already has an answer in \(taken)"
                } else if let formula = cells.keys.sorted().first(where: { sheet.formulas.contains($0) }) {
                    entry.why = "\(formula) holds a formula"
                } else {
                    values.merge(cells) { $1 }
                    entry.written = true
                }
            }
            rows.append(entry)
        }
        return FillPlan(layout: layout, rows: rows, values: values)
    }

    /// A question's words as rows are matched: lowered, letters and digits only, one space apart.
    static func words(_ text: String) -> String {
        text.lowercased().split { !($0.isLetter || $0.isNumber) }.joined(separator: " ")
    }

    /// The record of what was sent (`content/questionnaires/sent/*.yml`).
    public static func record(_ plan: FillPlan, customer: String, sent: CalendarDate, file: String) -> String {
        var lines = [
            "# What \(customer) was told, as `assure questionnaire fill --record` wrote it. `assure check`",
            "# warns when one of these answers no longer holds as it was given.",
            "customer: \(Scaffold.yamlScalar(customer))", "sent: \(sent)",
            "questionnaire: \(plan.layout.definition.id)", "file: \(Scaffold.yamlScalar(file))", "answers:",
        ]
        for row in plan.rows where row.written {
            guard let answer = row.answer, let given = row.given else { continue }
            let question = row.questionID.isEmpty ? "row \(row.row)" : row.questionID
            lines.append(
                "  - {question: \(Scaffold.yamlScalar(question)), answer: \(Scaffold.yamlScalar(answer)), "
                    + "given: \"\(given.rawValue)\"}")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
