import ArgumentParser
import AssureCore
import Foundation

struct BundleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bundle",
        abstract: "Zip the auditor site with a SHA-256 manifest of every file.",
        discussion: """
            The bundle opens from a file system with no server. Its manifest.json names the \
            organisation, the report period, the git commit and whether the tree was clean, the \
            Assure version, and every file with its size and SHA-256; `assure verify` checks it. \
            Entry times come from SOURCE_DATE_EPOCH (else 1980-01-02), so the same commit \
            gives the same bytes.
            """
    )

    @OptionGroup var projectOptions: ProjectOptions
    @OptionGroup var asOfOption: AsOfOption

    @Option(name: .shortAndLong, help: ArgumentHelp("The zip file to write.", valueName: "file.zip"))
    var output: String = "auditor-bundle.zip"

    @Flag(name: .shortAndLong, help: "Print nothing but errors.")
    var quiet = false

    @Flag(
        help: ArgumentHelp(
            "A readiness bundle for a programme not yet audited: criteria in scope that no implemented control "
                + "meets are shown as gaps, and the manifest and every page say how many."))
    var allowGaps = false

    func run() async throws {
        let console = Console.current
        let root = projectOptions.projectURL
        let outputURL = URL(fileURLWithPath: output).standardizedFileURL
        let content = root.appending(path: ProjectLayout.content).standardizedFileURL.path
        if outputURL.path.hasPrefix(content + "/") {
            throw ValidationError("the bundle cannot be written inside content/")
        }
        // A zip records dates from 1980 to 2107; SOURCE_DATE_EPOCH outside that is held to its ends.
        let earliest: Int64 = 315_619_200
        let latest: Int64 = 4_354_732_800  // 1980-01-02, 2107-12-31
        let seconds = min(max(try SourceDateEpoch.validated() ?? earliest, earliest), latest)
        let modified = Date(timeIntervalSince1970: TimeInterval(seconds))
        var pipeline = BuildPipeline(
            project: DiskProject(root: root), asOf: try asOfOption.resolve(),
            sourceControl: GitRepository(root: root))
        pipeline.allowGaps = allowGaps
        let bundled: (zip: Data, manifest: BundleManifest, summary: BuildSummary)
        do {
            bundled = try await pipeline.bundle(modified: modified, version: AssureCLI.version)
        } catch let failure as BuildFailure where quiet {
            throw BuildFailure(failure.diagnostics.errors)
        }
        let (zip, manifest, summary) = bundled
        try AtomicFile.write(zip, to: outputURL)
        if !quiet && !summary.warnings.warnings.isEmpty {
            DiagnosticPrinter(console: console).print(summary.warnings.warnings)
        }
        guard !quiet else { return }
        let digest = AuditorBundle.sha256(manifest.json)
        console.write(
            "Wrote \(output): \(manifest.files.count) files and the manifest, \(zip.count) bytes"
                + (manifest.readiness.map { " (readiness: \($0.openCriteria) criteria open)" } ?? ""))
        if let source = manifest.source {
            console.write("  source: commit \(source.commit)\(source.clean ? "" : " with uncommitted changes")")
        } else {
            console.write("  source: not a git repository")
        }
        console.write("  manifest SHA-256: \(digest)")
        console.write("  check it with: assure verify \(output) --manifest-sha256 \(digest)")
    }
}

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check an auditor bundle against its manifest.",
        discussion: """
            Recomputes the SHA-256 of every file and reports each file changed, missing or \
            added. With --manifest-sha256, also checks the manifest itself against the digest \
            printed when the bundle was made, so a manifest rewritten along with the files is caught.
            """
    )

    @Argument(help: ArgumentHelp("The bundle to check.", valueName: "bundle.zip"))
    var bundle: String

    @Option(name: .customLong("manifest-sha256"), help: "The manifest digest recorded when the bundle was made.")
    var manifestDigest: String?

    func run() throws {
        let console = Console.current
        guard FileManager.default.isReadableFile(atPath: bundle) else {
            console.error("error: cannot read \(bundle): no such file, or it is not readable")
            throw ExitCode.failure
        }
        let result = BundleVerifier.verify(fileAt: URL(fileURLWithPath: bundle))
        var problems = result.problems.map(\.description)
        if let expected = manifestDigest?.lowercased(), let actual = result.manifestDigest, expected != actual {
            problems.append("changed: manifest.json has SHA-256 \(actual), not the recorded \(expected)")
        }
        for problem in problems { console.write(problem) }
        if problems.isEmpty {
            let source =
                result.manifest?.source.map { " from commit \($0.commit)\($0.clean ? "" : " (uncommitted changes)")" }
                ?? ""
            console.write("OK: \(result.filesChecked) files match the manifest\(source)")
            console.write("  organization: \(result.manifest?.organization ?? "")")
            if let readiness = result.manifest?.readiness {
                console.write("  readiness: made while \(readiness.openCriteria) criteria in scope were open")
            }
            console.write("  manifest SHA-256: \(result.manifestDigest ?? "")")
            if manifestDigest == nil {
                console.write(
                    "  not checked: the manifest itself. A manifest rewritten along with the files passes; pass "
                        + "--manifest-sha256 with the digest `assure bundle` printed to catch that.")
            }
        } else {
            console.write("FAILED: \(problems.count) problem\(problems.count == 1 ? "" : "s") in \(bundle)")
            throw ExitCode.failure
        }
    }
}
