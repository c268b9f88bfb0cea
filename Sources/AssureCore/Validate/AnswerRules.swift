/// What the programme says of one answer: the rules that do not depend on the day (the
/// controls behind it, its questions, its text), computed once for `check`, the sites and
/// `questionnaire fill`, which writes only answers that hold.
public struct AnswerStanding: Sendable, Hashable {
    public struct BackingControl: Sendable, Hashable {
        public var id: String
        public var status: ControlStatus
    }

    /// Each backing control with its status, in the order written.
    public var controls: [BackingControl] = []
    /// What makes the answer claim more than its controls do: errors.
    public var failures: [Diagnostic] = []
    /// What an auditor should know: evidence exceptions, controls changed since the review.
    public var warnings: [Diagnostic] = []

    /// The control each diagnostic is about, where it is about one.
    private var concerning: [Diagnostic: String] = [:]

    /// Whether the answer may be given: nothing claims more than the controls do.
    public var holds: Bool { failures.isEmpty }

    mutating func fail(_ diagnostic: Diagnostic, about control: String? = nil) {
        failures.append(diagnostic)
        concerning[diagnostic] = control
    }

    mutating func warn(_ diagnostic: Diagnostic, about control: String? = nil) {
        warnings.append(diagnostic)
        concerning[diagnostic] = control
    }

    /// The standing as a site that shows only some controls may tell it: nothing named of a
    /// control it does not show (an `internal` one's exceptions stay off the auditor site), and
    /// a failure about one said without naming it.
    func seen(showing isShown: (String) -> Bool) -> AnswerStanding {
        var seen = self
        seen.controls = controls.filter { isShown($0.id) }
        seen.warnings = warnings.filter { concerning[$0].map(isShown) ?? true }
        seen.failures = failures.map { failure in
            guard let control = concerning[failure], !isShown(control) else { return failure }
            var hidden = failure
            hidden.summary = "a control this site does not show does not back it"
            return hidden
        }
        return seen
    }
}

enum AnswerRules {
    /// Every answer's standing, by answer ID.
    static func standings(in portal: Portal) -> [String: AnswerStanding] {
        var result: [String: AnswerStanding] = [:]
        for answer in portal.documents.answers { result[answer.header.id] = standing(of: answer, in: portal) }
        return result
    }

    static func standing(of answer: Answer, in portal: Portal) -> AnswerStanding {
        var standing = AnswerStanding()
        let id = answer.header.id
        let asked = answer.questions.first.map { " (\($0))" } ?? ""
        var controls: [ControlNarrative] = []
        for item in answer.backedBy {
            guard let control = portal.documents.control(item.value) else { continue }
            controls.append(control)
            standing.controls.append(AnswerStanding.BackingControl(id: control.header.id, status: control.status))
            guard answer.answer.claims else { continue }
            if let why = outOfScope(control, in: portal) {
                standing.fail(
                    .error(
                        .answerBackedByExcluded, at: item.location,
                        "`\(id)` answers \(answer.answer.rawValue)\(asked) on `\(control.header.id)`, \(why)",
                        hint: "back the answer with a control that operates in scope, or answer `no` or `na`"),
                    about: control.header.id)
            } else if answer.answer == .yes && control.status != .implemented {
                standing.fail(
                    .error(
                        .answerClaimsUnimplemented, at: item.location,
                        "`\(id)` answers yes\(asked), but `\(control.header.id)` is "
                            + "\(control.status.displayName.lowercased())",
                        hint:
                            "implement \(control.header.id) and set its status, or answer `partial` and say what is "
                            + "not done yet"),
                    about: control.header.id)
            }
            // An exception the answer's last review came after was weighed then.
            for record in portal.schedules[control.header.id]?.records ?? []
            where record.result == .exception && answer.reviewed.map({ $0 < record.performed }) ?? true {
                standing.warn(
                    .warning(
                        .answerBackingException, at: item.location,
                        "`\(id)` relies on `\(control.header.id)`, which had an exception on \(record.performed): "
                            + (record.exception ?? "no description"),
                        hint:
                            "tell customers in the answer what went wrong and what was done, then set `reviewed`"),
                    about: control.header.id)
            }
        }
        if answer.answer.claims && controls.isEmpty && !answer.header.failed {
            standing.fail(
                .error(
                    .unbackedAnswer, at: answer.header.location(of: "backed_by"),
                    "`\(id)` answers \(answer.answer.rawValue)\(asked) with no control behind it",
                    hint:
                        "a policy states intent, a control operates: list in `backed_by` the controls that make it true"
                ))
        }
        if answer.answer == .na && !hasText(answer) {
            standing.fail(
                .error(
                    .answerWithoutReason, at: answer.header.location(of: "answer"),
                    "`\(id)` answers na\(asked) without saying why the question does not apply",
                    hint: "write the reason in the answer's text, below the front matter"))
        }
        for failure in questions(of: answer, in: portal.questionnaires) { standing.fail(failure) }
        if let reviewed = answer.reviewed {
            for control in controls {
                guard let changed = portal.history?[control.header.path]?.first?.date, changed > reviewed else {
                    continue
                }
                standing.warn(
                    .warning(
                        .answerStale, at: answer.header.location(of: "reviewed"),
                        "`\(control.header.id)` changed on \(changed), after `\(id)` was reviewed on \(reviewed)",
                        hint: "read the answer again against the control, then set `reviewed`"),
                    about: control.header.id)
            }
        }
        return standing
    }

    /// Whether the answer's text says anything: the one thing of its body its standing reads.
    static func hasText(_ answer: Answer) -> Bool { !answer.body.source.allSatisfy(\.isWhitespace) }

    /// Why a control cannot back a claim: it is not applicable, or every criterion it cites is
    /// outside the frameworks and groups in scope, or excluded.
    private static func outOfScope(_ control: ControlNarrative, in portal: Portal) -> String? {
        if control.status == .notApplicable { return "which is not applicable" }
        let criteria = control.criteria.compactMap { item -> Criterion? in
            if case .found(let criterion) = portal.catalog.lookup(item.value) { return criterion }
            return nil
        }
        guard !criteria.isEmpty else { return nil }
        let inScope = criteria.filter { portal.scope.includes($0) && portal.scope.exclusion(for: $0) == nil }
        return inScope.isEmpty ? "whose criteria are all excluded or outside the scope" : nil
    }

    /// Questions of a questionnaire that does not exist, or that its version does not have.
    private static func questions(of answer: Answer, in questionnaires: QuestionnaireSet) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for item in answer.appliesTo {
            guard let question = QuestionRef(item.value) else { continue }
            guard let definition = questionnaires[question.questionnaire] else {
                let keys = questionnaires.standard.map(\.id)
                diagnostics.append(
                    .error(
                        .unknownQuestion, at: item.location, "no questionnaire has the key `\(question.questionnaire)`",
                        hint: nearest(to: question.questionnaire, in: keys).map { "did you mean \($0)?" }
                            ?? "the questionnaires are \(keys.joined(separator: ", "))"))
                continue
            }
            guard !definition.questions.isEmpty, !questionnaires.contains(question) else { continue }
            diagnostics.append(
                .error(
                    .unknownQuestion, at: item.location,
                    "\(definition.name) \(definition.version ?? "") has no question `\(question.question)`",
                    hint: nearest(to: question.question, in: definition.questions).map { "did you mean \($0)?" }
                        ?? "question IDs look like \(definition.questions.first ?? "")"))
        }
        return diagnostics
    }

    /// Two answers for one question: the second, by path, is reported.
    static func duplicates(_ answers: [Answer]) -> [Diagnostic] {
        var first: [QuestionRef: String] = [:]
        var diagnostics: [Diagnostic] = []
        for answer in answers.sorted(by: { $0.header.path < $1.header.path }) {
            for item in answer.appliesTo {
                guard let question = QuestionRef(item.value) else { continue }
                if let other = first[question], other != answer.header.id {
                    diagnostics.append(
                        .error(
                            .duplicateAnswer, at: item.location,
                            "`\(answer.header.id)` and `\(other)` both answer \(question)",
                            hint: "keep one answer per question; put other wordings in its `aliases`"))
                } else {
                    first[question] = answer.header.id
                }
            }
        }
        return diagnostics
    }

    /// Answers past their review date.
    static func overdue(_ answers: [Answer], asOf: CalendarDate) -> [Diagnostic] {
        answers.compactMap { answer in
            guard let due = answer.nextReview, due <= asOf, let reviewed = answer.reviewed else { return nil }
            return .warning(
                .answerStale, at: answer.header.location(of: "reviewed"),
                "`\(answer.header.id)` was last reviewed on \(reviewed) and was due again on \(due)",
                hint: "review the answer against its controls, then set `reviewed`")
        }
    }

    /// Answers recorded as given to a customer that no longer hold as they were given.
    static func promises(in portal: Portal) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for record in portal.sentQuestionnaires {
            for promise in record.promises {
                guard let why = risk(of: promise, in: portal) else { continue }
                diagnostics.append(
                    .warning(
                        .promiseAtRisk, at: promise.answer.location,
                        "\(record.customer) was told \(promise.given.rawValue) to \(promise.question) on "
                            + "\(record.sent), and it no longer holds: \(why)",
                        hint: "put it right, or tell \(record.customer) what changed"))
            }
        }
        return diagnostics
    }

    /// Why a promise no longer holds, or nil when it does.
    static func risk(
        of promise: SentQuestionnaire.Promise, in portal: Portal
    ) -> String? {
        guard let answer = portal.documents.answer(promise.answer.value) else {
            return "the answer `\(promise.answer.value)` no longer exists"
        }
        if strength(answer.answer) < strength(promise.given) {
            return "`\(answer.header.id)` now answers \(answer.answer.rawValue)"
        }
        if promise.given.claims, let failure = portal.answerStandings[answer.header.id]?.failures.first {
            return failure.summary
        }
        return nil
    }

    /// How much an answer claims: a promise of `yes` is broken by `partial`, not the reverse.
    private static func strength(_ value: AnswerValue) -> Int {
        switch value {
        case .yes: 3
        case .partial: 2
        case .info, .na: 1
        case .no: 0
        }
    }
}

extension AnswerTally {
    /// The answers of a programme by what they say; nil when it has none.
    public init?(_ portal: Portal) {
        let answers = portal.documents.answers
        guard !answers.isEmpty else { return nil }
        var counts: [AnswerValue: Int] = [:]
        for answer in answers { counts[answer.answer, default: 0] += 1 }
        self.init(counts: counts, notBacked: portal.answerStandings.values.filter { !$0.holds }.count)
    }
}
