/// What an answer says to a question: the value a questionnaire's answer cell takes.
public enum AnswerValue: String, Sendable, Hashable, CaseIterable, Codable {
    case yes, partial, no
    /// Not applicable; the answer's text says why.
    case na
    /// Free text, with no yes or no to it (a description, a list of locations).
    case info

    public var displayName: String {
        switch self {
        case .yes: "Yes"
        case .partial: "Partly"
        case .no: "No"
        case .na: "Not applicable"
        case .info: "Information"
        }
    }

    /// Whether the answer asserts that something is done, so the controls behind it must do it.
    public var claims: Bool { self == .yes || self == .partial }
}

/// Who is responsible for what a question asks, in the CAIQ's shared-responsibility terms.
public enum Ownership: String, Sendable, Hashable, CaseIterable, Codable {
    case providerOwned = "csp-owned"
    case customerOwned = "csc-owned"
    case thirdParty = "third-party"
    case sharedWithCustomer = "shared-csp-csc"
    case sharedWithThirdParty = "shared-csp-third-party"

    public var displayName: String {
        switch self {
        case .providerOwned: "Ours"
        case .customerOwned: "The customer's"
        case .thirdParty: "A third party's"
        case .sharedWithCustomer: "Shared with the customer"
        case .sharedWithThirdParty: "Shared with a third party"
        }
    }
}

/// A question of a standard questionnaire, as an answer names it: `caiq-4.0.3:CEK-03.1`.
public struct QuestionRef: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var questionnaire: String
    public var question: String

    public init(questionnaire: String, question: String) {
        self.questionnaire = questionnaire
        self.question = question
    }

    /// `caiq-4.0.3:CEK-03.1`; nil without a questionnaire key or a question.
    public init?(_ text: String) {
        guard let colon = text.firstIndex(of: ":") else { return nil }
        let key = text[..<colon].trimmingCharacters(in: .whitespaces)
        let question = text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        guard !key.isEmpty, !question.isEmpty else { return nil }
        self.init(questionnaire: key, question: question)
    }

    public var description: String { "\(questionnaire):\(question)" }

    public static func < (left: QuestionRef, right: QuestionRef) -> Bool {
        (left.questionnaire, QuestionnaireDefinition.sortKey(left.question))
            < (right.questionnaire, QuestionnaireDefinition.sortKey(right.question))
    }
}

/// One answer of the library in `content/answers/`: what is said to a question, the controls
/// that make it true, and the standard questions it answers. `assure check` fails an answer
/// that claims more than its controls do.
public struct Answer: PortalDocument {
    public var header: DocumentHeader
    public var answer: AnswerValue
    /// Controls that make the answer true, and policies for context.
    public var backedBy: [Located<String>]
    public var criteria: [Located<String>]
    /// The questions of standard questionnaires it answers, as written.
    public var appliesTo: [Located<String>]
    /// Other phrasings of the question, for matching rows of a customer's own file.
    public var aliases: [String]
    public var ownership: Ownership?
    public var reviewed: CalendarDate?
    public var reviewEvery: ReviewInterval?
    public var body: MarkdownBody

    /// The questions it answers, those written well.
    public var questions: [QuestionRef] { appliesTo.compactMap { QuestionRef($0.value) } }

    /// The first day the answer is overdue for review, when both dates are known.
    public var nextReview: CalendarDate? {
        guard let reviewed, let reviewEvery else { return nil }
        return reviewEvery.next(after: reviewed)
    }
}

extension Answer {
    /// The document as this type, or nil when it is of another kind.
    public init?(_ document: Document) {
        guard case .answer(let answer) = document else { return nil }
        self = answer
    }

    public var kindFieldValues: [String: String?] {
        [
            "answer": answer.rawValue, "backed_by": backedBy.map(\.value).joined(separator: ", "),
            "criteria": criteria.map(\.value).joined(separator: ", "),
            "applies_to": appliesTo.map(\.value).joined(separator: ", "),
            "aliases": aliases.isEmpty ? nil : aliases.joined(separator: "; "),
            "ownership": ownership?.rawValue, "reviewed": reviewed?.description,
            "review_every": reviewEvery?.description,
        ]
    }
}

/// How many answers say what, and how many the controls do not back: for the summaries of
/// `build`, `check` and `coverage`.
public struct AnswerTally: Sendable, Hashable, CustomStringConvertible {
    public var counts: [AnswerValue: Int]
    public var notBacked: Int

    public var total: Int { counts.values.reduce(0, +) }

    /// "61 answers (52 yes, 1 partly, 4 no, 1 not applicable, 3 information), 0 not backed".
    public var description: String {
        let parts = AnswerValue.allCases.compactMap { value in
            counts[value].map {
                "\($0) \(value == .yes || value == .no ? value.rawValue : value.displayName.lowercased())"
            }
        }
        return "\(total) answer\(total == 1 ? "" : "s") (\(parts.joined(separator: ", "))), "
            + "\(notBacked) not backed by their controls"
    }
}
