import ArgumentParser
import AssureCore
import Foundation

struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a new, buildable project with a small example programme.",
        discussion:
            "Refuses a folder that is not empty, unless --force (which overwrites only the starter's own files)."
    )

    @Argument(help: ArgumentHelp("The folder to create the project in.", valueName: "dir"))
    var directory: String = "."

    @Flag(help: "Write into a folder that is not empty.")
    var force = false

    @Option(
        help: ArgumentHelp(
            "The frameworks the programme answers to, comma-separated: soc2, iso27001, nist-csf, hipaa; a "
                + "framework's groups after a colon: soc2:security,availability or nist-csf:govern,protect.",
            valueName: "keys"))
    var framework = "soc2"

    func run() async throws {
        let console = Console.current
        let root = URL(fileURLWithPath: directory).standardizedFileURL
        let fileManager = FileManager.default
        var isDirectory: ObjCBool = false
        if fileManager.fileExists(atPath: root.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw ValidationError("\(directory) exists and is not a folder") }
            let entries = try fileManager.contentsOfDirectory(atPath: root.path)
            if !entries.isEmpty && !force {
                throw ValidationError(
                    "\(directory) is not empty; choose an empty folder, or pass --force to add the starter files to it")
            }
        }
        // Coverage does not depend on the day; the report the starter plans is dated from it.
        let today = CalendarDate(secondsSince1970: Int64(Date().timeIntervalSince1970.rounded(.down)))
        let starter: [String: Data]
        do {
            let (keys, groups) = try Scaffold.frameworkChoice(framework)
            starter = try Scaffold.starter(frameworks: keys, groups: groups, today: today)
        } catch let error as Scaffold.ScaffoldError {
            throw ValidationError(error.description)
        }
        for (path, data) in starter.sorted(by: { $0.key < $1.key }) {
            let url = root.appending(path: path)
            try fileManager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url)
        }
        console.write("Created an Assure project in \(root.path) (\(starter.count) files).")
        // The starter's controls claim only what their text says, so most frameworks have
        // criteria they do not meet: say so, and how a programme in readiness previews.
        let check = await BuildPipeline(project: InMemoryProject(files: starter), asOf: today).check()
        let open = check.portal?.frameworkCoverage.reduce(0) { $0 + $1.summary.open } ?? 0
        let figures = (check.portal?.frameworkCoverage ?? []).map {
            "\($0.catalog.shortName) \($0.summary.addressed)/\($0.summary.total)"
        }
        let controls = check.portal?.documents.controls.count ?? 0
        console.write(
            "Its \(controls) example controls are a draft to make your own. They address "
                + figures.joined(separator: ", ") + " criteria"
                + (open == 0
                    ? "."
                    : (open == 1 ? "; the other one is a gap" : "; the other \(open) are gaps")
                        + ": `assure check` lists each until a control meets it or you exclude it with a reason. "
                        + "Meanwhile `--allow-gaps` previews and builds with gaps shown as gaps."))
        console.write("Next:")
        if directory != "." { console.write("  cd \(directory)") }
        console.write("  assure check                  # what is covered, excluded and still open")
        console.write("  assure serve --allow-gaps     # preview on http://127.0.0.1:8080 with live reload")
        console.write("  assure build --allow-gaps     # the public trust portal into site/")
    }
}

struct NewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Create a new policy, control narrative or page from a template.",
        discussion:
            "Every required field is filled in or marked TODO. The new document is internal (and a new control "
            + "planned) until you change it."
    )

    @OptionGroup var projectOptions: ProjectOptions
    @OptionGroup var asOfOption: AsOfOption

    @Argument(help: "policy, control or page")
    var kind: DocumentKind

    @Argument(help: "The new document's ID, such as POL-HR or AC-12.")
    var id: String

    @Option(help: "The document's title.")
    var title: String?

    func validate() throws {
        guard isValidDocumentID(id) else {
            throw ValidationError(
                "`\(id)` is not a valid ID: start with a letter or digit and use only letters, digits, `.`, `-` and `_`"
            )
        }
    }

    func run() async throws {
        let root = try projectOptions.existingProject()
        let project = DiskProject(root: root)
        let check = await BuildPipeline(project: project, asOf: try asOfOption.resolve()).check()
        let taken = check.portal.map { $0.headers.map { $0.id.lowercased() } } ?? []
        if taken.contains(id.lowercased()) || check.portal?.catalog.criterion(ignoringCase: id) != nil {
            throw ValidationError("the ID \(id) is already used; choose another")
        }
        let path = Scaffold.path(for: kind, id: id)
        if project.fileExists(path) { throw ValidationError("\(path) already exists") }
        let url = root.appending(path: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(Scaffold.document(kind, id: id, title: title, today: try asOfOption.resolve()).utf8).write(to: url)
        Console.current.write("Created \(path). Fill in the fields marked TODO, then run `assure check`.")
    }
}

extension DocumentKind: ExpressibleByArgument {}
