import AssureCore

/// Prints diagnostics to standard error as `file:line:column: severity: summary [code]` with
/// the hint below, the form editors and CI logs recognise, then a count.
struct DiagnosticPrinter {
    var console: Console

    /// Warnings or notes of one code printed before the rest are counted.
    static let shownPerCode = 3

    func print(_ diagnostics: [Diagnostic]) {
        guard !diagnostics.isEmpty else { return }
        console.error(
            DiagnosticRenderer(toolVersion: AssureCLI.version, summariseAfter: Self.shownPerCode)
                .render(diagnostics, as: .text))
        if let hint = DiagnosticRenderer.readinessHint(diagnostics) { console.error(hint) }
        if diagnostics.hasErrors || !diagnostics.warnings.isEmpty {
            console.error(DiagnosticRenderer.countLine(diagnostics))
        }
    }
}
