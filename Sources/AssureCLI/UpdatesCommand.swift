import ArgumentParser
import AssureCore
import Foundation

extension UpdateNotes.Format: ExpressibleByArgument {}

struct UpdatesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "updates",
        abstract: "Print what changed for customers, from git: the updates page's entries as release notes.",
        discussion: """
            The same entries as the site's updates page and Atom feed, made from the commits that \
            changed content/ (the newest \(UpdateLog.commitLimit)), for the audience chosen: only \
            what that site shows, a restricted document by title. --since REV keeps the commits \
            after REV (for example the tag of the last mail). Needs the git history: a shallow \
            clone is refused with how to fetch the rest.
            """
    )

    @OptionGroup var projectOptions: ProjectOptions
    @OptionGroup var asOfOption: AsOfOption

    @Option(help: "Only the commits after this revision (a tag, branch or commit).")
    var since: String?

    @Option(help: "Output format: markdown, text or json.")
    var format: UpdateNotes.Format = .markdown

    @Option(help: "Whose updates: public (customers) or auditor.")
    var audience: SiteAudience = .public

    func run() async throws {
        let root = projectOptions.projectURL
        let git = GitRepository(root: root)
        let pipeline = BuildPipeline(
            project: DiskProject(root: root), asOf: try asOfOption.resolve(), sourceControl: git)
        guard let portal = try await pipeline.model().portal else { return }
        let view = AudienceFilter(audience: audience).apply(to: portal)
        if let reason = view.updatesUnavailable { throw OutputError(description: "no updates to tell: \(reason)") }
        var entries = view.updates
        if let since {
            let commits: Set<String>
            do {
                commits = try git.commits(since: since)
            } catch {
                throw ValidationError("--since \(since): \(error)")
            }
            entries = entries.filter { commits.contains($0.commit) }
        }
        Console.current.write(UpdateNotes(view: view, entries: entries).render(as: format))
    }
}
