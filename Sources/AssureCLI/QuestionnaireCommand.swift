import ArgumentParser
import AssureCore
import Foundation

struct QuestionnaireCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "questionnaire",
        abstract: "Answer customers' security questionnaires from the answer library.",
        subcommands: [QuestionnaireFillCommand.self, QuestionnaireInspectCommand.self]
    )
}

/// What both subcommands read: the file, the questionnaire it is, and the project.
struct QuestionnaireInput: ParsableArguments {
    @Argument(help: ArgumentHelp("The customer's questionnaire, .xlsx or .csv.", valueName: "file"))
    var file: String

    @Option(
        help: ArgumentHelp(
            "The questionnaire it is, such as caiq-4.0.3 (found by its headings otherwise).", valueName: "key"))
    var questionnaire: String?

    @Option(
        help: ArgumentHelp(
            "Who it is for: restricted answers go only to a customer with a live access grant.", valueName: "name"))
    var customer: String?

    @OptionGroup var projectOptions: ProjectOptions
    @OptionGroup var asOfOption: AsOfOption

    var fileURL: URL {
        URL(fileURLWithPath: file, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
            .standardizedFileURL
    }

    /// The file, the plan for it and the day it is filled on. Errors in the project's other documents do
    /// not stop a fill: an answer they touch is left blank and reported.
    func plan() async throws -> (any QuestionnaireFile, FillPlan, CalendarDate) {
        let asOf = try asOfOption.resolve()
        let result = await BuildPipeline(project: DiskProject(root: try projectOptions.existingProject()), asOf: asOf)
            .check()
        guard let portal = result.portal else { throw BuildFailure(result.diagnostics) }
        let data: Data
        do {
            data = try Data(contentsOf: fileURL)
        } catch {
            throw ValidationError("cannot read \(file): \(error.localizedDescription)")
        }
        let library = AnswerLibrary(portal: portal)
        do {
            let input = try AnswerLibrary.open(data, name: file)
            return (input, try library.plan(input, questionnaire: questionnaire, customer: customer, on: asOf), asOf)
        } catch let error as SpreadsheetError {
            throw SpreadsheetError("\(file): \(error.description)")
        }
    }
}

struct QuestionnaireFillCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fill",
        abstract: "Fill a customer's questionnaire with the answers the controls back.",
        discussion: """
            Matches each row by its question ID first (caiq-4.0.3:A&A-02.1 in an answer's \
            applies_to), then by the question's words and the answers' aliases. Writes only \
            answers whose controls back them and that the customer may read; every other cell of \
            the file stays as it was. Prints a report per row and writes it beside the output as \
            CSV. --record keeps what was sent in content/questionnaires/sent/, so `assure check` \
            warns when a promise stops holding.
            """
    )

    @OptionGroup var input: QuestionnaireInput

    @Option(
        name: [.short, .long],
        help: ArgumentHelp("Where to write the filled file (default: NAME-filled.EXT beside it).", valueName: "file"))
    var output: String?

    @Flag(help: "Record what was sent in content/questionnaires/sent/ (needs --customer).")
    var record = false

    func validate() throws {
        if record && input.customer == nil {
            throw ValidationError("--record needs --customer: the record is of what one customer was told")
        }
    }

    func run() async throws {
        let (file, plan, asOf) = try await input.plan()
        let source = input.fileURL
        let target =
            output.map {
                URL(fileURLWithPath: $0, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
            }
            ?? source.deletingPathExtension().appendingPathExtension("filled").appendingPathExtension(
                source.pathExtension)
        guard target.standardizedFileURL != source else {
            throw ValidationError("--output must not be the file being filled")
        }
        let data = try file.filled(sheet: plan.layout.sheet, values: plan.values)
        let report = target.deletingPathExtension().appendingPathExtension("report.csv")
        try data.write(to: target, options: .atomic)
        try Data(plan.reportCSV.utf8).write(to: report, options: .atomic)
        let console = Console.current
        // One line a row: what was written and from which answer, or why the row is blank.
        for row in plan.rows {
            let name = "row \(row.row)" + (row.questionID.isEmpty ? "" : " (\(row.questionID))")
            if row.written, let answer = row.answer, let given = row.given {
                console.write("  \(name): \(given.rawValue) from \(answer), matched by \(row.match.rawValue)")
            } else {
                console.write("  \(name): left blank: \(row.why ?? "")" + (row.answer.map { " (\($0))" } ?? ""))
            }
        }
        let definition = plan.layout.definition
        console.write(
            "Filled \(plan.answered) of \(plan.rows.count) questions in \(target.lastPathComponent) "
                + "(\(definition.name)\(definition.version.map { " \($0)" } ?? ""), sheet \(plan.layout.sheetName)); "
                + "\(plan.matched) matched an answer. Report: \(report.lastPathComponent)")
        if record, let customer = input.customer {
            let folder = input.projectOptions.projectURL.appendingPathComponent(ProjectLayout.sentQuestionnaires)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let name = customer.lowercased().split(whereSeparator: { !($0.isASCII && ($0.isLetter || $0.isNumber)) })
                .joined(separator: "-")
            let path = folder.appendingPathComponent("\(name.isEmpty ? "customer" : name)-\(asOf).yml")
            try Data(
                QuestionnaireFill.record(plan, customer: customer, sent: asOf, file: target.lastPathComponent).utf8
            )
            .write(to: path, options: .atomic)
            console.write(
                "Recorded what \(customer) was told in \(ProjectLayout.sentQuestionnaires)/\(path.lastPathComponent)")
        }
    }
}

struct QuestionnaireInspectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show a questionnaire's sheets, the columns Assure recognises and how many rows it would answer."
    )

    @OptionGroup var input: QuestionnaireInput

    func run() async throws {
        let (file, plan, _) = try await input.plan()
        let console = Console.current
        for (index, sheet) in file.sheets.enumerated() {
            console.write(
                "sheet \(sheet.name): \(sheet.rowCount) rows" + (index == plan.layout.sheet ? " (questions)" : ""))
        }
        let layout = plan.layout
        let definition = layout.definition
        console.write(
            "questionnaire: \(definition.id) (\(definition.name)\(definition.version.map { " \($0)" } ?? ""))")
        console.write("headings on row \(layout.headingRow + 1):")
        for column in QuestionnaireDefinition.Layout.Column.allCases {
            guard let index = layout.columns[column] else { continue }
            let heading = file.sheets[layout.sheet].text(layout.headingRow, index)
            console.write("  \(column.rawValue): column \(CellRef.letters(index)) \"\(heading)\"")
        }
        let blocked = plan.rows.filter { $0.match != .none && !$0.written }.count
        console.write(
            "would answer \(plan.answered) of \(plan.rows.count) questions; \(plan.matched) match an answer, "
                + "\(blocked) of those left blank (see `assure questionnaire fill`)")
    }
}
