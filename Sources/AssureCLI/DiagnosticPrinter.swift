import AssureCore

/// Prints diagnostics to standard error as `file:line:column: severity: summary [code]` with
/// the hint below, the form editors and CI logs recognise, then a count.
struct DiagnosticPrinter {
    var console: Console

    func print(_ diagnostics: [Diagnostic]) {
        guard !diagnostics.isEmpty else { return }
        console.error(DiagnosticRenderer(toolVersion: AssureCLI.version).render(diagnostics, as: .text))
        if diagnostics.hasErrors || !diagnostics.warnings.isEmpty {
            console.error(DiagnosticRenderer.countLine(diagnostics))
        }
    }
}
