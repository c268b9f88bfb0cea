import ArgumentParser
import AssureCore
import Foundation

struct BuildCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Build the trust portal.",
        discussion: """
            The public site (the default) holds public documents in full and restricted ones by \
            title. The auditor site holds everything but internal documents; it goes to \
            site-auditor/ unless --output says otherwise, so it never lands in the public folder by accident.
            """
    )

    @OptionGroup var projectOptions: ProjectOptions
    @OptionGroup var asOfOption: AsOfOption
    @OptionGroup var accessSecret: AccessSecretOption

    @Option(help: "Who the site is for: public or auditor.")
    var audience: SiteAudience = .public

    @Option(name: .shortAndLong, help: ArgumentHelp("The output folder.", valueName: "dir"))
    var output: String?

    @Flag(name: .shortAndLong, help: "Print nothing but errors.")
    var quiet = false

    @Flag(help: "Build even while criteria in scope are uncovered; the pages show them as gaps.")
    var allowGaps = false

    @Flag(name: .shortAndLong, help: "Print each phase as it starts, and notes as well as warnings.")
    var verbose = false

    func run() async throws {
        let console = Console.current
        let root = projectOptions.projectURL
        let outputURL =
            output.map { URL(fileURLWithPath: $0).standardizedFileURL }
            ?? root.appending(path: audience == .public ? "site" : "site-auditor")
        let destination = DirectoryDestination(output: outputURL, project: root)
        try destination.checkSafe()
        let phaseCount = BuildPhase.allCases.count
        var progress: (@Sendable (BuildPhase) -> Void)?
        if (console.isTerminal || verbose) && !quiet {
            progress = { phase in console.write("[\(phase.rawValue)/\(phaseCount)] \(phase.name)") }
        }
        var pipeline = BuildPipeline(
            project: DiskProject(root: root), asOf: try asOfOption.resolve(),
            sourceControl: GitRepository(root: root), progress: progress)
        pipeline.allowGaps = allowGaps
        if audience == .public { pipeline.accessSecret = try accessSecret.resolve(project: root) }
        let summary: BuildSummary
        do {
            summary = try await pipeline.build(audience: audience, into: destination)
        } catch let failure as BuildFailure where quiet {
            // --quiet means errors only, even when the build fails.
            throw BuildFailure(failure.diagnostics.errors)
        }
        // Warnings only: notes are for `assure check`, and --quiet means errors only.
        let shown = verbose ? summary.warnings : summary.warnings.warnings
        if !quiet && !shown.isEmpty {
            DiagnosticPrinter(console: console).print(shown)
        }
        if !quiet {
            BuildSummaryPrinter(console: console).print(summary, output: outputURL.relativePath(from: root))
        }
    }
}

struct BuildSummaryPrinter {
    var console: Console

    func print(_ summary: BuildSummary, output: String) {
        console.write("Built the \(summary.audience.rawValue) site into \(output)/ in \(format(summary.total))")
        console.write("  documents read: \(summary.documentsRead)")
        console.write(
            "  pages written:  \(summary.pagesWritten) (\(summary.filesWritten) files, \(summary.audience.rawValue) "
                + "audience)"
        )
        for framework in summary.coverage {
            let coverage = framework.summary
            var line =
                "  \(framework.catalog.shortName): \(coverage.addressed)/\(coverage.total) criteria addressed"
            line += " (\(coverage.covered) covered, \(coverage.excluded) excluded"
            if coverage.open > 0 { line += ", \(coverage.open) open" }
            line += ")"
            if !framework.selectedGroups.isEmpty { line += "; in scope: " + framework.selectedGroups }
            console.write(line)
        }
        if let answers = summary.answers { console.write("  answers: \(answers)") }
        console.write("  updates: \(summary.updates)")
        if let access = summary.access {
            var parts: [String] = []
            if !access.published.isEmpty {
                let pages = access.published.reduce(0) { $0 + $1.pages }
                parts.append("\(access.published.count) published (\(pages) sealed pages)")
            }
            if !access.withoutSecret.isEmpty {
                parts.append(
                    "\(access.withoutSecret.count) live but not published: no secret (set ASSURE_ACCESS_SECRET "
                        + "or pass --access-secret-file)")
            }
            if !access.expired.isEmpty { parts.append("\(access.expired.count) expired, not published") }
            if !access.notYetGranted.isEmpty {
                parts.append("\(access.notYetGranted.count) not yet granted, not published")
            }
            console.write("  access grants: " + parts.joined(separator: "; "))
        }
        let phases = summary.phases.map { "\($0.name.lowercased()) \(format($0.duration))" }.joined(separator: " · ")
        console.write("  phases: \(phases)")
    }

    private func format(_ duration: Duration) -> String {
        let milliseconds = duration.milliseconds
        return milliseconds < 1000
            ? String(format: "%.0f ms", milliseconds) : String(format: "%.2f s", milliseconds / 1000)
    }
}

extension URL {
    /// This path relative to `base` when it lies inside it, else the full path.
    func relativePath(from base: URL) -> String {
        let path = standardizedFileURL.path
        let basePath = base.standardizedFileURL.path
        return path.hasPrefix(basePath + "/") ? String(path.dropFirst(basePath.count + 1)) : path
    }
}
