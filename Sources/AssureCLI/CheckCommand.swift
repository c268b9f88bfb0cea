import ArgumentParser
import AssureCore
import Foundation

struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Run every validation: fields, IDs, references, coverage and hygiene.",
        discussion: """
            Exits 0 when there are no errors (and, with --warnings-as-errors, no warnings), 1 \
            otherwise. Formats: text (default), json, sarif (SARIF 2.1.0 for code-scanning \
            uploads) and github (workflow annotations).
            """
    )

    @OptionGroup var projectOptions: ProjectOptions
    @OptionGroup var asOfOption: AsOfOption

    @Option(help: "Output format: text, json, sarif or github.")
    var format: DiagnosticFormat = .text

    @Flag(help: "Fail on warnings too.")
    var warningsAsErrors = false

    @Flag(
        help: ArgumentHelp(
            "A programme in readiness: report criteria in scope that no implemented control meets as warnings "
                + "(gaps), not errors."))
    var allowGaps = false

    @Option(
        help: ArgumentHelp(
            "Report only these codes, comma-separated (missing-evidence,no-criteria).", valueName: "codes"))
    var select: String?

    @Option(help: ArgumentHelp("Do not report these codes, comma-separated.", valueName: "codes"))
    var ignore: String?

    /// Codes named on the command line, each checked against the documented ones.
    static func codes(_ list: String?, option: String) throws -> Set<DiagnosticCode>? {
        guard let list else { return nil }
        var codes = Set<DiagnosticCode>()
        for name in list.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !name.isEmpty {
            let (code, suggestion) = DiagnosticCode.named(name)
            guard let code else {
                throw ValidationError(
                    "--\(option): `\(name)` is not a diagnostic code"
                        + (suggestion.map { "; did you mean `\($0)`?" } ?? ""))
            }
            codes.insert(code)
        }
        return codes
    }

    func run() async throws {
        let console = Console.current
        let policy = DiagnosticPolicy(
            selected: try Self.codes(select, option: "select"), ignored: try Self.codes(ignore, option: "ignore") ?? [])
        // The history matters to checks: when a control changed, when a subprocessor was added.
        var pipeline = BuildPipeline(
            project: DiskProject(root: projectOptions.projectURL), asOf: try asOfOption.resolve(),
            sourceControl: GitRepository(root: projectOptions.projectURL))
        pipeline.allowGaps = allowGaps
        let result = await pipeline.check()
        let diagnostics = policy.apply(to: result.diagnostics)
        var projectPolicy = policy
        projectPolicy.severities = result.portal?.config.diagnostics ?? [:]
        let renderer = DiagnosticRenderer(
            toolVersion: AssureCLI.version, colour: console.isTerminal && format == .text,
            summariseAfter: select == nil ? DiagnosticPrinter.shownPerCode : nil, policy: projectPolicy)
        let output = renderer.render(diagnostics, as: format)
        if !output.isEmpty { console.write(output) }
        if format == .text {
            if let hint = DiagnosticRenderer.readinessHint(diagnostics) { console.write(hint) }
            console.write(summaryLine(result, diagnostics))
        }
        let failing = diagnostics.hasErrors || (warningsAsErrors && !diagnostics.warnings.isEmpty)
        if failing { throw ExitCode.failure }
    }

    private func summaryLine(_ result: BuildPipeline.Check, _ diagnostics: [Diagnostic]) -> String {
        let counts = DiagnosticRenderer.countLine(diagnostics)
        guard let portal = result.portal else { return "\(counts) in \(result.documents) documents" }
        let addressed = portal.frameworkCoverage.map {
            "\($0.catalog.id) \($0.summary.addressed)/\($0.summary.total)"
        }.joined(separator: ", ")
        let answers = portal.documents.answers.count
        let documents = "\(result.documents - answers) documents" + (answers > 0 ? " and \(answers) answers" : "")
        return "\(counts) in \(documents); criteria addressed: \(addressed)"
    }
}

struct CoverageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coverage",
        abstract: "Show the criteria × controls matrix of the frameworks in scope.",
        discussion: """
            Only implemented controls count; partial and planned ones are listed as gaps. With \
            --suggest, each uncovered criterion lists the controls that meet a criterion mapped to it \
            in content/catalogs/mappings/; suggestions never count as coverage.
            """
    )

    @OptionGroup var projectOptions: ProjectOptions
    @OptionGroup var asOfOption: AsOfOption

    @Option(help: "Output format: table, csv or json.")
    var format: CoverageReport.Format = .table

    @Option(help: "Only this framework: soc2, iso27001, nist-csf, hipaa, or a project catalog's ID.")
    var framework: String?

    @Flag(help: "For each criterion not yet addressed, suggest controls through the crosswalks.")
    var suggest = false

    /// Prints the matrix; when the project has errors, they follow on standard error and the
    /// exit status is 1, since coverage of a broken project cannot be trusted.
    func run() async throws {
        let result = await BuildPipeline(
            project: DiskProject(root: projectOptions.projectURL), asOf: try asOfOption.resolve()
        ).check()
        guard let portal = result.portal else { throw BuildFailure(result.diagnostics) }
        var frameworks = portal.frameworkCoverage
        if let framework {
            guard let catalog = portal.catalog.catalog(framework) else {
                let keys = portal.catalog.catalogs.map(\.id).joined(separator: ", ")
                throw ValidationError("`\(framework)` is not a framework Assure knows; frameworks: \(keys)")
            }
            frameworks = frameworks.filter { $0.catalog.id == catalog.id }
            guard !frameworks.isEmpty else {
                throw ValidationError(
                    "the programme does not answer to \(catalog.shortName); add `\(catalog.id)` to `frameworks:` "
                        + "in content/assure.yml")
            }
        }
        var output: String
        if suggest {
            output = CrosswalkSuggestions(portal: portal, frameworks: frameworks.map(\.catalog.id)).render(as: format)
        } else {
            output = CoverageReport(coverage: portal.coverage, frameworks: frameworks)
                .render(as: format, width: Console.current.width)
        }
        if output.hasSuffix("\n") { output.removeLast() }
        if format == .table, !suggest, let answers = AnswerTally(portal) { output += "\n\nAnswers: \(answers)" }
        Console.current.write(output)
        let errors = result.diagnostics.errors.filter { $0.code != .uncoveredCriterion }
        if !errors.isEmpty { throw BuildFailure(errors) }
    }
}
