import ArgumentParser
import AssureCore
import Foundation

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the programme in another tool's format.",
        subcommands: [ExportOSCAL.self]
    )
}

extension OSCALModelChoice: ExpressibleByArgument {}

struct ExportOSCAL: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "oscal",
        abstract: "Write the programme as OSCAL 1.1.3 JSON: system security plans and a component definition.",
        discussion: """
            For each framework in scope: FRAMEWORK-ssp.json (a system security plan: one component \
            per policy and control narrative, an implemented requirement per criterion in scope with \
            the controls that meet it and their status, exclusions as not-applicable with the reason), \
            and the FRAMEWORK-profile.json and FRAMEWORK-catalog.json it imports. \
            component-definition.json is the public view, for customers' GRC tools. UUIDs derive from \
            base_url and stable IDs and last-modified is the commit's date, so the same commit writes \
            the same bytes. The output folder is replaced as a whole, as a site's is. `assure bundle` \
            carries the same files in oscal/.
            """
    )

    @OptionGroup var projectOptions: ProjectOptions
    @OptionGroup var asOfOption: AsOfOption

    @Option(help: "What to write: ssp (with their profiles and catalogs), component-definition, or all.")
    var model: OSCALModelChoice = .all

    @Option(help: "Whose view the system security plans are made from: auditor or public.")
    var audience: SiteAudience = .auditor

    @Option(
        name: .shortAndLong, help: ArgumentHelp("The output folder (default: oscal/ in the project).", valueName: "dir")
    )
    var output: String?

    @Flag(help: "Export while criteria in scope are uncovered (a programme in readiness); the plans show the gaps.")
    var allowGaps = false

    func run() async throws {
        let console = Console.current
        let root = projectOptions.projectURL
        let outputURL =
            output.map { URL(fileURLWithPath: $0).standardizedFileURL } ?? root.appending(path: "oscal")
        let destination = DirectoryDestination(output: outputURL, project: root)
        try destination.checkSafe()
        var pipeline = BuildPipeline(
            project: DiskProject(root: root), asOf: try asOfOption.resolve(),
            sourceControl: GitRepository(root: root))
        pipeline.allowGaps = allowGaps
        let files = try await pipeline.oscal(model, audience: audience)
        try await destination.replace(with: files)
        console.write("Wrote \(files.count) OSCAL \(OSCAL.version) files into \(outputURL.relativePath(from: root))/")
        for file in files {
            console.write("  \(file.path)  \(Self.describe(file.data))")
        }
    }

    /// "31 implemented requirements, 58 components" for a plan; the count that matters for each model.
    static func describe(_ data: Data) -> String {
        guard let document = try? OSCAL.decode(data) else { return "" }
        func count(_ number: Int, _ noun: String) -> String { "\(number) \(noun)\(number == 1 ? "" : "s")" }
        if let plan = document.systemSecurityPlan {
            return count(plan.controlImplementation.implementedRequirements.count, "implemented requirement") + ", "
                + count(plan.systemImplementation.components.count, "component") + ", "
                + count(plan.backMatter?.resources.count ?? 0, "resource")
        }
        if let profile = document.profile {
            return count(profile.imports.flatMap(\.includeControls).flatMap(\.withIds).count, "control") + " selected"
        }
        if let catalog = document.catalog { return count(catalog.groups.flatMap(\.controls).count, "control") }
        if let definition = document.componentDefinition {
            let requirements = definition.components.flatMap(\.controlImplementations).flatMap(
                \.implementedRequirements)
            return count(requirements.count, "implemented requirement")
        }
        return ""
    }
}
