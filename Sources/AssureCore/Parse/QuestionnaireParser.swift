import Foundation
import Yams

/// Phase 2 for questionnaires: the built-in definitions shipped in the binary, the project's own
/// in `content/questionnaires/*.yml` (the same format), and the record of what was sent to each
/// customer in `content/questionnaires/sent/*.yml`.
enum QuestionnaireParser {
    static let builtInPrefix = "(built-in)/questionnaires/"
    static let fields = ["id", "name", "version", "source", "layout", "answers", "ownership", "domains"]

    /// The definitions that ship with Assure: the CAIQ v4.0.3 and v4.1, and the generic layout.
    static let builtIn: [QuestionnaireDefinition] = {
        var ignored: [Diagnostic] = []
        return EmbeddedFolder.files(EmbeddedQuestionnaires.encodedFiles).compactMap { file in
            var definition = parseDefinition(
                SourceFile(path: builtInPrefix + file.path, data: file.data), diagnostics: &ignored)
            definition?.isBuiltIn = true
            return definition
        }
    }()

    /// Diagnostics of the built-in definitions, for the test that keeps them clean.
    static var builtInDiagnostics: [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for file in EmbeddedFolder.files(EmbeddedQuestionnaires.encodedFiles) {
            _ = parseDefinition(SourceFile(path: builtInPrefix + file.path, data: file.data), diagnostics: &diagnostics)
        }
        return diagnostics
    }

    static func parse(_ files: [SourceFile]) -> (QuestionnaireSet, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        var definitions = builtIn
        for file in files {
            guard let definition = parseDefinition(file, diagnostics: &diagnostics) else { continue }
            if let previous = definitions.first(where: { $0.id == definition.id }) {
                diagnostics.append(
                    .error(
                        .duplicateID, at: SourceLocation(path: file.path, line: 1, column: 1),
                        "the questionnaire `\(definition.id)` is already defined"
                            + (previous.isBuiltIn ? " by Assure" : " in \(previous.path)"),
                        hint: "give each questionnaire file its own `id`, such as `acme-vendor-2026`"))
                continue
            }
            definitions.append(definition)
        }
        return (QuestionnaireSet(definitions), diagnostics)
    }

    private static func parseDefinition(_ file: SourceFile, diagnostics: inout [Diagnostic]) -> QuestionnaireDefinition?
    {
        guard let (yaml, root) = YAMLSource.root(of: file, diagnostics: &diagnostics) else { return nil }
        var top = FieldReader(source: yaml, node: root, subject: "questionnaire")
        defer { diagnostics += top.diagnostics }
        let id = top.string("id", required: true)
        if let id, !DocumentParser.isValidID(id) {
            top.report(
                .error(
                    .invalidID, at: yaml.location(top.node("id")), "`\(id)` cannot be a questionnaire ID",
                    hint: "use letters, digits, `.`, `-` and `_`, such as `acme-vendor-2026`"))
            return nil
        }
        let name = top.string("name")
        let version = top.string("version")
        let source = top.string("source")
        let layout = self.layout(&top)
        let answerWords = words(&top, "answers", as: AnswerValue.self)
        let ownershipWords = words(&top, "ownership", as: Ownership.self)
        let domains = self.domains(&top)
        top.finish(known: fields)
        guard let id, let layout else { return nil }
        var seen: [String: SourceLocation] = [:]
        for domain in domains {
            for question in domain.questions {
                if seen[question.value] != nil {
                    top.report(
                        .error(
                            .duplicateID, at: question.location,
                            "the question `\(question.value)` is listed twice"))
                }
                seen[question.value] = question.location
            }
        }
        return QuestionnaireDefinition(
            id: id, name: name ?? id, version: version, source: source, layout: layout, answerWords: answerWords,
            ownershipWords: ownershipWords,
            domains: domains.map { .init(id: $0.id, name: $0.name, questions: $0.questions.map(\.value)) },
            path: file.path)
    }

    private static func layout(_ top: inout FieldReader) -> QuestionnaireDefinition.Layout? {
        guard let node = top.node("layout") else {
            top.report(
                .error(
                    .missingField, at: top.location, "the questionnaire has no `layout:`",
                    hint: "name the headings of its columns: `layout: {question_id: [ID], question: [Question], ...}`"
                ))
            return nil
        }
        var reader = FieldReader(source: top.source, node: node, subject: "layout")
        defer { for diagnostic in reader.diagnostics { top.report(diagnostic) } }
        let sheet = reader.string("sheet")
        var headings: [QuestionnaireDefinition.Layout.Column: [String]] = [:]
        for column in QuestionnaireDefinition.Layout.Column.allCases {
            headings[column] = reader.stringList(column.rawValue, required: column == .answer || column == .question)
                .map { QuestionnaireDefinition.normalisedHeading($0.value) }
        }
        reader.finish(known: ["sheet"] + QuestionnaireDefinition.Layout.Column.allCases.map(\.rawValue))
        return .init(
            sheet: sheet, questionID: headings[.questionID] ?? [], question: headings[.question] ?? [],
            answer: headings[.answer] ?? [], ownership: headings[.ownership] ?? [], text: headings[.text] ?? [])
    }

    /// `answers: {yes: "Yes", na: "NA"}`: what each value is written as.
    private static func words<Value: RawRepresentable & CaseIterable & Hashable>(
        _ top: inout FieldReader, _ key: String, as type: Value.Type
    ) -> [Value: String] where Value.RawValue == String {
        guard let node = top.node(key) else { return [:] }
        var reader = FieldReader(source: top.source, node: node, subject: "`\(key)`")
        var result: [Value: String] = [:]
        for value in Value.allCases {
            if let word = reader.string(value.rawValue) { result[value] = word }
        }
        reader.finish(known: Value.allCases.map(\.rawValue))
        for diagnostic in reader.diagnostics { top.report(diagnostic) }
        return result
    }

    private static func domains(
        _ top: inout FieldReader
    ) -> [(id: String, name: String, questions: [Located<String>])] {
        guard let node = top.node("domains") else { return [] }
        guard case .sequence(let items) = node else {
            top.report(
                .error(
                    .invalidValue, at: top.source.location(node), "`domains` must be a list",
                    hint: "such as `domains: [{id: GOV, name: Governance, questions: [GOV-1, GOV-2]}]`"))
            return []
        }
        var domains: [(String, String, [Located<String>])] = []
        for item in items {
            var reader = FieldReader(source: top.source, node: item, subject: "domain")
            let id = reader.string("id", required: true)
            let name = reader.string("name")
            let questions = reader.stringList("questions", required: true)
            reader.finish(known: ["id", "name", "questions"])
            for diagnostic in reader.diagnostics { top.report(diagnostic) }
            if let id { domains.append((id, name ?? id, questions)) }
        }
        return domains
    }
}

extension QuestionnaireDefinition {
    /// A heading as layouts compare them: lowered, runs of white space one space, trimmed.
    public static func normalisedHeading(_ text: String) -> String {
        text.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}

/// Phase 2 for `content/questionnaires/sent/*.yml`, as `assure questionnaire fill --record`
/// writes them:
///
///     customer: Northwind Traders
///     sent: 2026-11-02
///     questionnaire: caiq-4.0.3
///     file: Northwind security review.xlsx
///     answers:
///       - {question: A&A-02.1, answer: AUDIT-INDEPENDENT, given: "yes"}
enum SentQuestionnaireParser {
    static let fields = ["customer", "sent", "questionnaire", "file", "answers"]

    static func parse(_ files: [SourceFile]) -> ([SentQuestionnaire], [Diagnostic]) {
        var records: [SentQuestionnaire] = []
        var diagnostics: [Diagnostic] = []
        for file in files {
            guard let (yaml, root) = YAMLSource.root(of: file, diagnostics: &diagnostics) else { continue }
            var fields = FieldReader(source: yaml, node: root, subject: "questionnaire record")
            let customer = fields.string("customer", required: true)
            let sent = fields.date("sent", required: true)
            let questionnaire = fields.string("questionnaire")
            let name = fields.string("file")
            var promises: [SentQuestionnaire.Promise] = []
            switch fields.node("answers") {
            case .sequence(let items)?:
                for item in items {
                    var reader = FieldReader(source: yaml, node: item, subject: "recorded answer")
                    let question = reader.string("question", required: true)
                    let answer = reader.stringList("answer", required: true).first
                    let given = reader.choice("given", as: AnswerValue.self, required: true)
                    reader.finish(known: ["question", "answer", "given"])
                    diagnostics += reader.diagnostics
                    if let question, let answer, let given {
                        promises.append(.init(question: question, answer: answer, given: given))
                    }
                }
            case let node?:
                fields.report(
                    .error(
                        .invalidValue, at: yaml.location(node), "`answers` must be a list",
                        hint: "such as `answers: [{question: A&A-02.1, answer: AUDIT-INDEPENDENT, given: \"yes\"}]`"))
            case nil:
                fields.report(
                    .error(.missingField, at: fields.location, "the record lists no `answers`"))
            }
            fields.finish(known: Self.fields)
            diagnostics += fields.diagnostics
            if let customer, let sent {
                records.append(
                    SentQuestionnaire(
                        customer: customer, sent: sent, questionnaire: questionnaire, file: name,
                        promises: promises, path: file.path))
            }
        }
        return (records, diagnostics)
    }
}
