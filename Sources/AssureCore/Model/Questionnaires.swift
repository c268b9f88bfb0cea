/// A standard questionnaire as data, like a catalog: its questions' IDs by domain and how a
/// filled copy is laid out. Built-in ones ship in the binary (`questionnaires/*.yml` of the
/// package: the CSA CAIQ v4.0.3 and v4.1, IDs only, since the CSA's licence does not allow
/// shipping its questions' text); a project adds its own in `content/questionnaires/*.yml`.
public struct QuestionnaireDefinition: Sendable, Hashable {
    public struct Domain: Sendable, Hashable {
        public var id: String
        public var name: String
        public var questions: [String]
    }

    /// The columns of a filled copy, found by their headings: a heading matches when, lowered
    /// and with runs of white space made one, it equals or starts with one of these.
    public struct Layout: Sendable, Hashable {
        /// The sheet to fill in a workbook, by name (the first whose name starts with it);
        /// nil: the first sheet with the headings.
        public var sheet: String?
        public var questionID: [String]
        public var question: [String]
        public var answer: [String]
        public var ownership: [String]
        /// Where the answer's text goes.
        public var text: [String]

        public enum Column: String, Sendable, CaseIterable {
            case questionID = "question_id"
            case question, answer, ownership, text
        }

        public func headings(_ column: Column) -> [String] {
            switch column {
            case .questionID: questionID
            case .question: question
            case .answer: answer
            case .ownership: ownership
            case .text: text
            }
        }
    }

    public var id: String
    public var name: String
    public var version: String?
    /// Where a user gets the official copy.
    public var source: String?
    public var layout: Layout
    /// What each answer value is written as in the answer column; a value left out is not
    /// written there (its text still is).
    public var answerWords: [AnswerValue: String]
    public var ownershipWords: [Ownership: String]
    public var domains: [Domain]
    public var isBuiltIn = false
    /// Where the definition was read, for diagnostics.
    public var path: String

    /// Every question ID, in the questionnaire's order.
    public var questions: [String] { domains.flatMap(\.questions) }

    /// The domain a question belongs to.
    public func domain(of question: String) -> Domain? { domains.first { $0.questions.contains(question) } }

    /// `A&A-01.1` → ("A&A", [1, 1]): so `CEK-10.1` follows `CEK-09.2`.
    static func sortKey(_ question: String) -> String {
        var key = ""
        var digits = ""
        func flush() {
            if !digits.isEmpty { key += String(repeating: "0", count: max(0, 6 - digits.count)) + digits }
            digits = ""
        }
        for character in question {
            if character.isASCII && character.isNumber {
                digits.append(character)
            } else {
                flush()
                key.append(character)
            }
        }
        flush()
        return key
    }
}

/// Every questionnaire a project knows, looked up by key.
public struct QuestionnaireSet: Sendable, Hashable {
    public var all: [QuestionnaireDefinition]
    private var indexes: [String: Set<String>] = [:]

    public init(_ all: [QuestionnaireDefinition]) {
        self.all = all
        for definition in all { indexes[definition.id] = Set(definition.questions) }
    }

    public subscript(key: String) -> QuestionnaireDefinition? { all.first { $0.id == key } }

    public func contains(_ question: QuestionRef) -> Bool {
        indexes[question.questionnaire]?.contains(question.question) ?? false
    }

    /// The definitions that list questions (not the generic layout).
    public var standard: [QuestionnaireDefinition] { all.filter { !$0.questions.isEmpty } }
}

/// A questionnaire filled and sent to a customer (`content/questionnaires/sent/*.yml`): what was
/// answered to each question, so `assure check` can say when a promise no longer holds.
public struct SentQuestionnaire: Sendable, Hashable {
    /// One row as it was answered.
    public struct Promise: Sendable, Hashable {
        /// The question's ID in the customer's file, or its row number when it had none.
        public var question: String
        /// The answer's ID in the library.
        public var answer: Located<String>
        /// What was said.
        public var given: AnswerValue
    }

    public var customer: String
    public var sent: CalendarDate
    public var questionnaire: String?
    /// The file that was filled, as named when it was.
    public var file: String?
    public var promises: [Promise]
    public var path: String
}
