import ArgumentParser
import AssureCore
import Foundation

struct EvidenceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evidence",
        abstract: "Evidence that controls operated over the report period.",
        subcommands: [EvidenceDueCommand.self]
    )
}

struct EvidenceDueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "due",
        abstract: "What must be collected next, by owner and date, as a list or an iCalendar file.",
        discussion: """
            Lists, for each implemented control, every stretch of the report period already over \
            with no record (overdue) and the next one to come. --format ics writes an iCalendar \
            file for the team's calendar.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, ics }

    @OptionGroup var projectOptions: ProjectOptions
    @OptionGroup var asOfOption: AsOfOption

    @Option(help: ArgumentHelp("Only the controls this owner owns.", valueName: "name"))
    var owner: String?

    @Option(help: "Output format: text or ics.")
    var format: Format = .text

    func run() async throws {
        let asOf = try asOfOption.resolve()
        let result = await BuildPipeline(project: DiskProject(root: projectOptions.projectURL), asOf: asOf).check()
        guard let portal = result.portal else { throw BuildFailure(result.diagnostics) }
        let due = EvidenceDue(portal: portal, asOf: asOf, owner: owner)
        var output = format == .ics ? due.ics() : due.text()
        if output.hasSuffix("\n") { output.removeLast() }
        Console.current.write(output)
    }
}
