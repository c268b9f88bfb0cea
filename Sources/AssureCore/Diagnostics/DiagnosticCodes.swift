/// Every code Assure reports. The README lists them with what to do about each.
extension DiagnosticCode {
    // Reading files
    public static let unreadableFile: DiagnosticCode = "unreadable-file"
    public static let emptyFile: DiagnosticCode = "empty-file"
    public static let binaryFile: DiagnosticCode = "binary-file"
    public static let invalidUTF8: DiagnosticCode = "invalid-utf8"
    public static let linkOutsideContent: DiagnosticCode = "link-outside-content"
    public static let missingConfig: DiagnosticCode = "missing-config"
    public static let unexpectedFile: DiagnosticCode = "unexpected-file"
    public static let fileTooLarge: DiagnosticCode = "file-too-large"

    // Front matter and YAML
    public static let missingFrontMatter: DiagnosticCode = "missing-front-matter"
    public static let unclosedFrontMatter: DiagnosticCode = "unclosed-front-matter"
    public static let malformedYAML: DiagnosticCode = "malformed-yaml"
    public static let missingField: DiagnosticCode = "missing-field"
    public static let invalidValue: DiagnosticCode = "invalid-value"
    public static let unknownField: DiagnosticCode = "unknown-field"

    // Identity and references
    public static let invalidID: DiagnosticCode = "invalid-id"
    public static let duplicateID: DiagnosticCode = "duplicate-id"
    public static let unknownCriterion: DiagnosticCode = "unknown-criterion"
    public static let unknownPrinciple: DiagnosticCode = "unknown-principle"
    public static let unknownFramework: DiagnosticCode = "unknown-framework"
    public static let ambiguousCriterion: DiagnosticCode = "ambiguous-criterion"
    public static let danglingReference: DiagnosticCode = "dangling-reference"
    public static let missingAnchor: DiagnosticCode = "missing-anchor"
    public static let exclusionWithoutReason: DiagnosticCode = "exclusion-without-reason"
    public static let exclusionOutOfScope: DiagnosticCode = "exclusion-out-of-scope"
    public static let exclusionNotAllowed: DiagnosticCode = "exclusion-not-allowed"

    // Coverage and hygiene
    public static let uncoveredCriterion: DiagnosticCode = "uncovered-criterion"
    public static let coverageGap: DiagnosticCode = "coverage-gap"
    public static let reviewOverdue: DiagnosticCode = "review-overdue"
    public static let unimplementedPolicy: DiagnosticCode = "unimplemented-policy"
    public static let publicLinksHidden: DiagnosticCode = "public-links-hidden"
    public static let missingEvidence: DiagnosticCode = "missing-evidence"
    public static let noCriteria: DiagnosticCode = "no-criteria"
    public static let criterionOutOfScope: DiagnosticCode = "criterion-out-of-scope"
    public static let evidenceGap: DiagnosticCode = "evidence-gap"
    public static let evidenceOverdue: DiagnosticCode = "evidence-overdue"
    public static let grantUnknownDocument: DiagnosticCode = "grant-unknown-document"
    public static let grantNotRestricted: DiagnosticCode = "grant-not-restricted"
    public static let grantEndsBeforeStart: DiagnosticCode = "grant-ends-before-start"
    public static let duplicateGrant: DiagnosticCode = "duplicate-grant"
    public static let unreferencedFile: DiagnosticCode = "unreferenced-file"
    public static let placeholderText: DiagnosticCode = "placeholder-text"
    public static let starterContent: DiagnosticCode = "starter-content"

    // Answers to security questionnaires (content/answers/)
    public static let answerClaimsUnimplemented: DiagnosticCode = "answer-claims-unimplemented"
    public static let unbackedAnswer: DiagnosticCode = "unbacked-answer"
    public static let answerBackedByExcluded: DiagnosticCode = "answer-backed-by-excluded"
    public static let answerWithoutReason: DiagnosticCode = "answer-without-reason"
    public static let answerBackingException: DiagnosticCode = "answer-backing-exception"
    public static let answerStale: DiagnosticCode = "answer-stale"
    public static let unknownQuestion: DiagnosticCode = "unknown-question"
    public static let duplicateAnswer: DiagnosticCode = "duplicate-answer"
    public static let promiseAtRisk: DiagnosticCode = "promise-at-risk"

    // Data lists
    public static let noticeTooShort: DiagnosticCode = "notice-too-short"

    // Themes and output
    public static let templateError: DiagnosticCode = "template-error"
    public static let unsafeOutput: DiagnosticCode = "unsafe-output"
    public static let securityTxtUndated: DiagnosticCode = "security-txt-undated"
}

extension DiagnosticCode {
    /// Every code with what it means, for SARIF rule metadata and the README.
    public static let documented: [(code: DiagnosticCode, meaning: String)] = [
        (.missingConfig, "content/assure.yml is missing"),
        (.unreadableFile, "a file or folder cannot be read"),
        (.emptyFile, "a content file is empty"),
        (.binaryFile, "a content file holds binary data"),
        (.invalidUTF8, "a content file is not valid UTF-8"),
        (.linkOutsideContent, "a symbolic link or markdown link leads out of content/"),
        (.unexpectedFile, "a file Assure does not read, so it appears nowhere"),
        (.fileTooLarge, "a file larger than Assure reads (8 MiB for text, 100 MiB for pictures and documents)"),
        (.missingFrontMatter, "a markdown file does not start with front matter"),
        (.unclosedFrontMatter, "front matter is never closed"),
        (.malformedYAML, "YAML that cannot be parsed"),
        (.missingField, "a required field is missing"),
        (.invalidValue, "a field has the wrong type or a value that is not allowed"),
        (.unknownField, "a field Assure does not know"),
        (.invalidID, "an ID with the wrong shape"),
        (.duplicateID, "an ID used more than once"),
        (.unknownCriterion, "a criterion ID that no catalog defines"),
        (.unknownPrinciple, "a category, function or other group that the framework does not have"),
        (.unknownFramework, "a framework key that no catalog has"),
        (.ambiguousCriterion, "a bare criterion ID that several catalogs define"),
        (.danglingReference, "a reference or link that resolves to nothing"),
        (.missingAnchor, "a link to a heading that does not exist"),
        (.exclusionWithoutReason, "an excluded criterion without a written reason"),
        (.exclusionOutOfScope, "an exclusion of a criterion outside the frameworks and groups in scope"),
        (.exclusionNotAllowed, "an exclusion of a criterion the framework requires (HIPAA's required specifications)"),
        (.uncoveredCriterion, "a criterion in scope that no implemented control meets and no exclusion explains"),
        (.coverageGap, "a partial or planned control, which does not count as coverage"),
        (.reviewOverdue, "a policy past its review date"),
        (.unimplementedPolicy, "a policy that no control implements"),
        (.publicLinksHidden, "a public document links to a document the public site does not show"),
        (.missingEvidence, "an implemented control lists no evidence"),
        (.noCriteria, "an implemented control that cites no criterion, so it counts towards nothing"),
        (
            .criterionOutOfScope,
            "a control cites criteria of a framework in scope that its selected groups or profile leave out"
        ),
        (.evidenceGap, "a year, quarter, month or week of the report period with no evidence the control operated"),
        (.evidenceOverdue, "while the period runs, a control whose next occurrence is past due"),
        (.grantUnknownDocument, "an access grant names a document ID or control family that does not exist"),
        (.grantNotRestricted, "an access grant names a document whose audience is not `restricted`"),
        (.grantEndsBeforeStart, "an access grant expires before it is granted"),
        (
            .duplicateGrant,
            "two access grants for the same customer at once, or grant files whose names differ only in case"
        ),
        (.unreferencedFile, "a picture or file in content/ that no document uses"),
        (.placeholderText, "a field or paragraph still marked TODO"),
        (
            .starterContent,
            "a document, exclusion reason or evidence record still in the words `assure init` wrote: left out of the "
                + "public site, and example evidence never counts"
        ),
        (
            .answerClaimsUnimplemented,
            "an answer says `yes` to a question while a control backing it is not `implemented`"
        ),
        (
            .unbackedAnswer,
            "a `yes` or `partial` answer backed by no control: a policy states intent, a control operates"
        ),
        (
            .answerBackedByExcluded,
            "an answer backed by a control that is not applicable, or whose criteria are all outside the scope"
        ),
        (.answerWithoutReason, "a `na` answer whose text does not say why the question does not apply"),
        (
            .answerBackingException,
            "an answer backed by a control with an evidence exception in the report period since the answer's review"
        ),
        (
            .answerStale,
            "an answer not reviewed within its `review_every`, or whose backing controls changed since it was reviewed"
        ),
        (.unknownQuestion, "a question ID that the named questionnaire version does not have"),
        (.duplicateAnswer, "two answers for the same question"),
        (.promiseAtRisk, "an answer recorded as sent to a customer no longer holds as it was given"),
        (
            .noticeTooShort,
            "a subprocessor added with less notice before its `effective` day than `notice_days` promises customers"
        ),
        (.templateError, "a template that cannot be parsed or is missing"),
        (.unsafeOutput, "two pages would be written to the same file"),
        (.securityTxtUndated, "security.txt cannot be published: nothing public gives it an expiry date"),
    ]
}
