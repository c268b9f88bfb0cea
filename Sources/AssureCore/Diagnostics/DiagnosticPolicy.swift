/// Which diagnostics are reported, and how severe each is: the project's `diagnostics:`
/// settings in `assure.yml` (a severity per code, or `ignore`), and `assure check --select` and
/// `--ignore` for one run.
public struct DiagnosticPolicy: Sendable, Hashable {
    /// A code's severity, or nil when it is ignored.
    public var severities: [DiagnosticCode: Severity?] = [:]
    /// Only these codes are reported (`--select`); nil reports every code.
    public var selected: Set<DiagnosticCode>?
    /// These codes are not reported (`--ignore`).
    public var ignored: Set<DiagnosticCode> = []

    public init(
        severities: [DiagnosticCode: Severity?] = [:], selected: Set<DiagnosticCode>? = nil,
        ignored: Set<DiagnosticCode> = []
    ) {
        self.severities = severities
        self.selected = selected
        self.ignored = ignored
    }

    public var isEmpty: Bool { severities.isEmpty && selected == nil && ignored.isEmpty }

    /// The diagnostics as the policy reports them. A project's settings change only warnings
    /// and notes (an error is never turned down by a file anyone can edit); `--select` and
    /// `--ignore` on the command line filter everything.
    public func apply(to diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.compactMap { diagnostic in
            var diagnostic = diagnostic
            if let setting = severities[diagnostic.code], diagnostic.severity != .error {
                guard let severity = setting else { return nil }
                diagnostic.severity = severity
            }
            if let selected, !selected.contains(diagnostic.code) { return nil }
            return ignored.contains(diagnostic.code) ? nil : diagnostic
        }
    }

    /// The codes whose reporting differs from Assure's default, with the SARIF level each now
    /// has (`none` when not reported), for a SARIF log's configuration.
    var overrides: [(code: DiagnosticCode, level: String)] {
        var result: [DiagnosticCode: String] = [:]
        for (code, severity) in severities { result[code] = severity.map(\.sarifLevel) ?? "none" }
        for code in ignored { result[code] = "none" }
        if let selected {
            for (code, _) in DiagnosticCode.documented where !selected.contains(code) { result[code] = "none" }
        }
        return result.sorted { $0.key.rawValue < $1.key.rawValue }.map { ($0.key, $0.value) }
    }
}

extension DiagnosticCode {
    /// Codes whose diagnostics are warnings or notes, which a project may turn up, down or off.
    public static let adjustable: Set<DiagnosticCode> = [
        .unknownField, .unexpectedFile, .coverageGap, .reviewOverdue, .unimplementedPolicy, .publicLinksHidden,
        .missingEvidence, .unreferencedFile, .placeholderText, .securityTxtUndated, .noCriteria, .evidenceOverdue,
        .criterionOutOfScope, .answerBackingException, .answerStale, .promiseAtRisk, .noticeTooShort,
    ]

    /// The code named `text`, or nil with the nearest documented code.
    public static func named(_ text: String) -> (code: DiagnosticCode?, suggestion: String?) {
        let known = documented.map(\.code.rawValue)
        if known.contains(text) { return (DiagnosticCode(rawValue: text), nil) }
        return (nil, nearest(to: text, in: known))
    }
}

extension Severity {
    var sarifLevel: String {
        switch self {
        case .error: "error"
        case .warning: "warning"
        case .note: "note"
        }
    }
}
