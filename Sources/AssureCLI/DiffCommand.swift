import ArgumentParser
import AssureCore
import Foundation

struct DiffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show what changed between two git revisions: documents, audiences, control status and coverage.",
        discussion: """
            Reads both revisions with git itself and never checks anything out. HEAD defaults to \
            the working tree. The default format is markdown (for a pull-request comment) when \
            the output is not a terminal, text when it is. --fail-on makes the command exit 1 \
            when a listed kind of change is present: \
            \(DiffFailure.allCases.map(\.rawValue).joined(separator: ", ")).
            """
    )

    @OptionGroup var projectOptions: ProjectOptions

    @Argument(help: "The revision to compare from (a branch, tag or commit).")
    var base: String

    @Argument(help: "The revision to compare to; the working tree when omitted.")
    var head: String?

    @Option(help: "Output format: markdown, text or json.")
    var format: DiffFormat?

    @Option(
        name: .customLong("fail-on"),
        help: ArgumentHelp(
            "Exit 1 when any of these changes is present (comma-separated).", valueName: "kinds"))
    var failOn: String?

    func validate() throws {
        _ = try failures()
    }

    func failures() throws -> [DiffFailure] {
        guard let failOn else { return [] }
        return try failOn.split(separator: ",").map { word in
            let name = word.trimmingCharacters(in: .whitespaces)
            guard let kind = DiffFailure(rawValue: name) else {
                throw ValidationError(
                    "--fail-on does not know \(name); use "
                        + "\(DiffFailure.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
            return kind
        }
    }

    func run() async throws {
        let console = Console.current
        let root = projectOptions.projectURL
        let git = Git(folder: root)
        guard git.isRepository() else {
            throw ValidationError("\(root.path) is not in a git repository")
        }
        // Review dates do not matter to a diff; the checks run only to build the models.
        let asOf = CalendarDate(secondsSince1970: 0)
        func portal(_ project: some ProjectReader) async -> Portal? {
            await BuildPipeline(project: project, asOf: asOf).check().portal
        }
        let baseProject: InMemoryProject
        let headPortal: Portal?
        do {
            baseProject = try git.project(at: base)
            if let head {
                headPortal = await portal(try git.project(at: head))
            } else {
                headPortal = await portal(DiskProject(root: root))
            }
        } catch let failure as Git.Failure {
            throw ValidationError(failure.description)
        }
        let diff = PortalDiff.compare(
            base: await portal(baseProject), head: headPortal,
            baseLabel: base, headLabel: head ?? "working tree")
        let chosen = format ?? (console.isTerminal ? .text : .markdown)
        console.write(DiffRenderer().render(diff, as: chosen))
        let present = try failures().filter { $0.isPresent(in: diff) }
        if !present.isEmpty {
            console.error("assure diff: \(present.map(\.rawValue).joined(separator: ", ")) (--fail-on)")
            throw ExitCode.failure
        }
    }
}

extension DiffFormat: ExpressibleByArgument {}
