import AssureCore

/// Prints diagnostics as `file:line:column: severity: summary [code]` with the hint below,
/// the form editors and CI logs recognise, then a count.
struct DiagnosticPrinter {
    var console: Console

    func print(_ diagnostics: [Diagnostic]) {
        for diagnostic in diagnostics.normalized() {
            console.error(diagnostic.description)
        }
        let errors = diagnostics.errors.count
        let warnings = diagnostics.warnings.count
        if errors > 0 || warnings > 0 {
            console.error("\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")")
        }
    }
}
