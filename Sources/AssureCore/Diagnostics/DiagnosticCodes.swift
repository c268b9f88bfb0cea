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
    public static let danglingReference: DiagnosticCode = "dangling-reference"
    public static let missingAnchor: DiagnosticCode = "missing-anchor"
    public static let exclusionWithoutReason: DiagnosticCode = "exclusion-without-reason"
    public static let exclusionOutOfScope: DiagnosticCode = "exclusion-out-of-scope"

    // Themes and output
    public static let templateError: DiagnosticCode = "template-error"
    public static let unsafeOutput: DiagnosticCode = "unsafe-output"
}
