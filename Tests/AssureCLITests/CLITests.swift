import Foundation
import Synchronization
import Testing

@testable import AssureCLI

/// What one CLI invocation printed and returned.
struct Invocation {
    var status: Int32
    var output: String
    var errors: String
}

/// Runs `assure` in-process with its console captured.
func assure(_ arguments: String...) async -> Invocation { await assure(arguments) }

func assure(_ arguments: [String]) async -> Invocation {
    let out = Mutex<[String]>([])
    let err = Mutex<[String]>([])
    let console = Console(
        write: { line in out.withLock { $0.append(line) } },
        error: { line in err.withLock { $0.append(line) } })
    let status = await Console.$current.withValue(console) { await AssureCLI.run(arguments) }
    return Invocation(
        status: status, output: out.withLock { $0.joined(separator: "\n") },
        errors: err.withLock { $0.joined(separator: "\n") })
}

/// Runs a program to its end, with standard output and error together.
func runProcess(_ executable: URL, _ arguments: [String], environment: [String: String] = [:]) throws
    -> (status: Int32, output: String)
{
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    process.currentDirectoryURL = FileManager.default.temporaryDirectory
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

enum Paths {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let fixtures = repository.appending(path: "Tests/Fixtures")

    /// A fresh copy of a fixture project in a temporary folder.
    static func copy(_ fixture: String) throws -> URL {
        let target = FileManager.default.temporaryDirectory.appending(path: "assure-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: fixtures.appending(path: "\(fixture)/content"), to: target.appending(path: "content"))
        return target
    }

    /// Every file under a folder, path → bytes.
    static func tree(_ root: URL) -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: root.path)!
        while let path = enumerator.nextObject() as? String {
            if let data = FileManager.default.contents(atPath: root.appending(path: path).path),
                (try? root.appending(path: path).resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true
            {
                files[path] = data
            }
        }
        return files
    }
}

@Suite("assure build from the command line")
struct CLITests {
    @Test func buildsThePublicSiteAndPrintsASummary() async throws {
        let project = try Paths.copy("golden")
        defer { try? FileManager.default.removeItem(at: project) }
        let result = await assure("build", "--project", project.path)
        #expect(result.status == 0, "\(result.errors)")
        #expect(FileManager.default.fileExists(atPath: project.appending(path: "site/index.html").path))
        #expect(result.output.contains("Built the public site into site/"))
        #expect(result.output.contains("documents read: 5"))
        #expect(
            result.output.contains(
                "SOC 2: 35/35 criteria addressed (34 covered, 1 excluded); in scope: Security, Confidentiality"))
        #expect(result.output.contains("phases: load files"))
    }

    @Test func theAuditorViewGoesToItsOwnFolderByDefault() async throws {
        let project = try Paths.copy("audiences")
        defer { try? FileManager.default.removeItem(at: project) }
        let result = await assure("build", "--project", project.path, "--audience", "auditor")
        #expect(result.status == 0, "\(result.errors)")
        #expect(
            FileManager.default.fileExists(atPath: project.appending(path: "site-auditor/policies/AUD-POL.html").path))
        #expect(!FileManager.default.fileExists(atPath: project.appending(path: "site").path))
    }

    @Test(arguments: [
        ("malformed-yaml-tab", "content/policies/a.md:4:1: error: malformed YAML"),
        ("unresolved-reference", "content/policies/a.md:11:5: error: [[POL-NOPE]] refers to nothing"),
        ("list-where-text-belongs", "content/policies/a.md:4:3: error: `title` must be text, but it is a list"),
    ])
    func aFailedBuildExitsOneNamesThePlaceAndKeepsThePreviousSite(fixture: String, message: String) async throws {
        let project = try Paths.copy("golden")
        defer { try? FileManager.default.removeItem(at: project) }
        #expect(await assure("build", "--project", project.path, "-q").status == 0)
        let before = Paths.tree(project.appending(path: "site"))
        #expect(before["index.html"] != nil)

        // Replace the content with the broken fixture's and build again.
        try FileManager.default.removeItem(at: project.appending(path: "content"))
        try FileManager.default.copyItem(
            at: Paths.fixtures.appending(path: "inputs/\(fixture)/content"),
            to: project.appending(path: "content"))
        let result = await assure("build", "--project", project.path)
        #expect(result.status == 1)
        #expect(result.errors.contains(message), "\(result.errors)")
        #expect(Paths.tree(project.appending(path: "site")) == before)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: project.path).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty)
    }

    @Test func usageErrorsExitSixtyFour() async {
        #expect(await assure("build", "--audience", "everyone").status == 64)
        #expect(await assure("no-such-command").status == 64)
        #expect(await assure("build", "--no-such-flag").status == 64)
    }

    @Test func helpAndVersionExitZero() async {
        let help = await assure("--help")
        #expect(help.status == 0)
        #expect(help.output.contains("build"))
        let overview = help.output.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(overview.contains("for SOC 2, ISO/IEC 27001, NIST CSF 2.0 and HIPAA"), "every framework is named")
        // A development build says so; a release build names its commit (`scripts/test-binary`).
        #expect(await assure("--version").output == "\(AssureCLI.version) (development build)")
    }

    @Test func refusesAnOutputFolderThatContainsTheContent() async throws {
        let project = try Paths.copy("golden")
        defer { try? FileManager.default.removeItem(at: project) }
        let result = await assure("build", "--project", project.path, "--output", project.path)
        #expect(result.status == 1)
        #expect(result.errors.contains("is the project folder or contains it"))
        #expect(FileManager.default.fileExists(atPath: project.appending(path: "content/assure.yml").path))
    }

    @Test func theExampleBuildsByteIdenticallyInTwoFolders() async throws {
        let outputs = (1...2).map {
            FileManager.default.temporaryDirectory.appending(path: "assure-example-\($0)-\(UUID().uuidString)")
        }
        defer { for output in outputs { try? FileManager.default.removeItem(at: output) } }
        for output in outputs {
            let result = await assure("build", "--project", Paths.repository.path, "--output", output.path, "-q")
            #expect(result.status == 0, "\(result.errors)")
        }
        let first = Paths.tree(outputs[0])
        let second = Paths.tree(outputs[1])
        #expect(first.count > 90)
        #expect(first == second)
    }
}
