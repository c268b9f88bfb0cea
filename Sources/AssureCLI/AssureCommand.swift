import ArgumentParser
import AssureCore
import Foundation

/// The `assure` command line. `main` only calls `AssureCLI.run`.
public enum AssureCLI {
    public static let version = "0.1.0"

    /// The commit a release was built from (`scripts/release` writes `ReleaseInfo.swift` and
    /// builds with `ASSURE_RELEASE`); nil in a development build.
    #if ASSURE_RELEASE
    public static let commit: String? = ReleaseInfo.commit
    #else
    public static let commit: String? = nil
    #endif

    /// What `assure --version` prints: `0.1.0 (commit 1a2b3c4d5e6f)`.
    public static var versionLine: String {
        version + " (" + (commit.map { "commit \($0)" } ?? "development build") + ")"
    }

    /// Runs one invocation and returns its exit code: 0 success, 1 validation or build
    /// failure, 64 usage error. Output goes to `Console.current`.
    public static func run(_ arguments: [String]) async -> Int32 {
        let console = Console.current
        // The command that was parsed, so a usage error names its own usage, not `assure`'s.
        var parsed: ParsableCommand.Type = AssureCommand.self
        do {
            var command = try AssureCommand.parseAsRoot(arguments)
            parsed = type(of: command)
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            return 0
        } catch let failure as BuildFailure {
            DiagnosticPrinter(console: console).print(failure.diagnostics)
            return 1
        } catch let error as OutputError {
            console.error("error: \(error.description)")
            return 1
        } catch let error as SpreadsheetError {
            console.error("error: \(error.description)")
            return 1
        } catch {
            let code = AssureCommand.exitCode(for: error)
            var message = AssureCommand.fullMessage(for: error)
            if let validation = error as? ValidationError, parsed != AssureCommand.self {
                // A usage error found while running: the usage of the command that was run.
                let usage = AssureCommand.usageString(for: parsed)
                let name = usage.split(separator: " ").prefix { !$0.hasPrefix("[") && !$0.hasPrefix("<") }
                    .joined(separator: " ")
                message = "Error: \(validation.message)\nUsage: \(usage)\n  See '\(name) --help' for more information."
            }
            if code == .success {
                if !message.isEmpty { console.write(message) }
            } else {
                console.error(message)
            }
            return code.rawValue
        }
    }
}

struct AssureCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assure",
        abstract:
            "Turn policies and control narratives into a verified trust portal for SOC 2, ISO/IEC 27001, NIST CSF "
            + "2.0 and HIPAA.",
        version: AssureCLI.versionLine,
        subcommands: [
            BuildCommand.self, CheckCommand.self, CoverageCommand.self, BundleCommand.self, VerifyCommand.self,
            DiffCommand.self, InitCommand.self, NewCommand.self, ImportCommand.self, EvidenceCommand.self,
            AccessCommand.self, QuestionnaireCommand.self, ExportCommand.self, UpdatesCommand.self, PDFCommand.self,
            ServeCommand.self,
        ]
    )
}

/// Options every command that reads a project shares.
struct ProjectOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The project folder, holding content/ and templates/.", valueName: "dir"))
    var project: String = "."

    var projectURL: URL {
        URL(fileURLWithPath: project, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
            .standardizedFileURL
    }

    /// The project folder, or a usage error when it holds no `content/assure.yml`: for commands
    /// that have nothing to report about a folder that is not a project.
    func existingProject() throws -> URL {
        let root = projectURL
        guard DiskProject(root: root).fileExists(ProjectLayout.config) else {
            throw ValidationError("no content/assure.yml in \(root.path): run `assure init` first, or pass --project")
        }
        return root
    }
}

extension SiteAudience: ExpressibleByArgument {}
