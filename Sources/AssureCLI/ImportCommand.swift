import ArgumentParser
import AssureCore
import Foundation

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract:
            "Move a programme in from another tool (a strongdm/comply project, JupiterOne's policy templates), or "
            + "add a framework from an OSCAL catalog.",
        subcommands: [ImportComply.self, ImportJupiterOne.self, ImportOSCAL.self]
    )
}

/// Options every importer takes.
struct ImportOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The folder to write the Assure project into.", valueName: "dir"))
    var into: String = "."

    @Flag(help: "Write into a folder that already holds a project, replacing files of the same name.")
    var force = false

    @OptionGroup var asOfOption: AsOfOption

    /// Imports with `importer`, a source it cannot read being a usage error, then writes.
    func run(from source: String, _ importer: () throws -> ImportedProject) throws {
        let project: ImportedProject
        do {
            project = try importer()
        } catch let failure as ImportFailure {
            throw ValidationError(failure.description)
        }
        try write(project, from: source)
    }

    /// Writes the project, then prints what was written and what needs a person.
    private func write(_ project: ImportedProject, from source: String) throws {
        let root = URL(fileURLWithPath: into).standardizedFileURL
        let content = root.appending(path: ProjectLayout.content)
        if FileManager.default.fileExists(atPath: content.path) && !force {
            throw ValidationError(
                "\(into) already holds a project (content/ exists); import into an empty folder, or pass --force")
        }
        for (path, text) in project.files.sorted(by: { $0.key < $1.key }) {
            let url = root.appending(path: path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try AtomicFile.write(Data(text.utf8), to: url)
        }
        let console = Console.current
        console.write("Imported \(source) into \(root.path): \(project.summary).")
        if !project.notes.isEmpty {
            console.write("To review:")
            for note in project.notes { console.write("  " + note.description.neutralizingControlCharacters()) }
        }
        let cd = into == "." ? "" : "cd \(into) && "
        console.write("Next: \(cd)assure check")
    }
}

struct ImportComply: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "comply",
        abstract: "Import a strongdm/comply project: policies, narratives and procedures, with their criteria."
    )

    @Argument(help: ArgumentHelp("The comply project (the folder holding comply.yml).", valueName: "dir"))
    var source: String

    @OptionGroup var options: ImportOptions

    func run() throws {
        let asOf = try options.asOfOption.resolve()
        try options.run(from: source) {
            try ComplyImporter.importProject(from: DiskProject(root: URL(fileURLWithPath: source)), asOf: asOf)
        }
    }
}

struct ImportJupiterOne: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jupiterone",
        abstract: "Import JupiterOne's security-policy-templates: policies, procedures and reference documents."
    )

    @Argument(help: ArgumentHelp("The templates folder (holding config.json), or the repository.", valueName: "dir"))
    var source: String

    @Option(help: ArgumentHelp("The organisation's config.json, if not the templates' own.", valueName: "file"))
    var config: String?

    @Option(
        name: .customLong("standard"),
        help: ArgumentHelp(
            "Another mapping file to import as a catalog of the project's own (standards/pci-dss.json); repeatable.",
            valueName: "file"))
    var standards: [String] = []

    @OptionGroup var options: ImportOptions

    func run() throws {
        var root = URL(fileURLWithPath: source)
        if FileManager.default.fileExists(atPath: root.appending(path: "templates/config.json").path) {
            root = root.appending(path: "templates")
        }
        let configData = try config.map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
        let asOf = try options.asOfOption.resolve()
        try options.run(from: source) {
            try JupiterOneImporter.importProject(
                templates: DiskProject(root: root), config: configData, standards: standards, asOf: asOf)
        }
    }
}

struct ImportOSCAL: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "oscal",
        abstract: "Add a framework from an OSCAL catalog (JSON), narrowed by an OSCAL profile if given.",
        discussion: """
            Writes content/catalogs/KEY.yml once, with where it came from, so builds never read \
            the OSCAL files again. Controls and enhancements (ac-2.1) become criteria under their \
            OSCAL IDs, withdrawn ones are left out, and the profile's include and exclude rules \
            apply. Nothing remote is read. Add the key to `frameworks:` in content/assure.yml to \
            put it in scope.
            """
    )

    @Argument(
        help: ArgumentHelp(
            "The OSCAL catalog, as JSON (a resolved-profile catalog imports as is).", valueName: "catalog"))
    var catalog: String

    @Option(help: ArgumentHelp("An OSCAL profile (a baseline) that narrows the catalog.", valueName: "file"))
    var profile: String?

    @Option(
        help: ArgumentHelp(
            "The framework's key (default: sp800-53 for SP 800-53, else from the title).", valueName: "key"))
    var key: String?

    @OptionGroup var projectOptions: ProjectOptions

    @Flag(help: "Replace a catalog of the same key.")
    var force = false

    func run() throws {
        for path in [catalog] + (profile.map { [$0] } ?? []) where path.contains("://") {
            throw ValidationError("\(path) is remote: Assure reads nothing from the network; download it first")
        }
        func read(_ path: String) throws -> Data {
            do { return try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
                throw ValidationError("cannot read \(path): \(error.localizedDescription)")
            }
        }
        let root = try projectOptions.existingProject()
        let imported: OSCALCatalogImport
        do {
            imported = try OSCALImporter.importCatalog(
                try read(catalog), named: (catalog as NSString).lastPathComponent,
                profile: try profile.map { (try read($0), ($0 as NSString).lastPathComponent) }, key: key)
        } catch let failure as ImportFailure {
            throw ValidationError(failure.description)
        }
        let target = root.appending(path: imported.path)
        if FileManager.default.fileExists(atPath: target.path) && !force {
            throw ValidationError("\(imported.path) already exists; pass --force to replace it, or --key for another")
        }
        try FileManager.default.createDirectory(
            at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try AtomicFile.write(Data(imported.yaml.utf8), to: target)
        Console.current.write(
            "Imported \(imported.controls) controls and \(imported.enhancements) enhancements into \(imported.path) "
                + "(\(imported.withdrawn) withdrawn and \(imported.excluded) left out by the profile are not listed).")
        Console.current.write(
            "Next: add `\(imported.key): {}` under `frameworks:` in content/assure.yml, then assure check")
    }
}
