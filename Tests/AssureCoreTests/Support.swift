import Foundation
import Testing

@testable import AssureCore

enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appending(path: "Fixtures")
    static let repository = root.deletingLastPathComponent().deletingLastPathComponent()

    static func project(_ name: String) -> DiskProject { DiskProject(root: root.appending(path: name)) }

    /// Set ASSURE_UPDATE_GOLDEN=1 to rewrite golden files from the current output.
    static var updateGolden: Bool { ProcessInfo.processInfo.environment["ASSURE_UPDATE_GOLDEN"] == "1" }
}

/// The fixed day tests judge review dates against.
let testDate = CalendarDate(iso: "2026-06-30")!

func pipeline(_ project: some ProjectReader) -> BuildPipeline { BuildPipeline(project: project, asOf: testDate) }

/// Load, parse and resolve, without validation: the model as the resolver leaves it.
func resolvedPortal(_ project: some ProjectReader) async throws -> Portal {
    let (portal, diagnostics) = Resolver.resolve(await ContentParser.parse(ProjectLoader.load(from: project)))
    return try #require(portal, "\(diagnostics)")
}

/// Builds a project in memory and returns the site as path → text.
func buildSite(_ project: some ProjectReader, audience: SiteAudience = .public) async throws -> [String: String] {
    let destination = MemoryDestination()
    _ = try await pipeline(project).build(audience: audience, into: destination)
    var site: [String: String] = [:]
    for file in destination.files { site[file.path] = String(decoding: file.data, as: UTF8.self) }
    return site
}

/// The diagnostics a build reports, errors and warnings alike.
func buildDiagnostics(_ project: some ProjectReader) async -> [Diagnostic] {
    do {
        let summary = try await pipeline(project).build(audience: .public, into: MemoryDestination())
        return summary.warnings
    } catch let failure as BuildFailure {
        return failure.diagnostics
    } catch {
        Issue.record("unexpected error \(error)")
        return []
    }
}

/// Every security criterion: a baseline control meets them all so small projects build.
let allSecurityCriteria = CriteriaCatalog.builtIn.catalog("soc2")!.criteria.filter { $0.group == "security" }.map(\.id)

/// A small valid project in memory, to be changed by each test. Unless told otherwise it
/// holds a baseline control meeting every security criterion, so it passes `check`.
struct TestProject {
    init(coveringEverything: Bool = true) {
        if coveringEverything {
            files["content/controls/baseline.md"] = """
                ---
                id: CTL-BASE
                title: Baseline
                owner: IT
                criteria: [\(allSecurityCriteria.joined(separator: ", "))]
                policies: [POL-A]
                status: implemented
                family: governance
                evidence: [Baseline evidence]
                ---
                Baseline control.
                """
        }
    }

    var files: [String: String] = [
        "content/assure.yml": """
        organization:
          name: Test Co
        principles: [security]
        report:
          type: type-1
          period: {end: 2026-06-30}
        """,
        "content/policies/a.md": """
        ---
        id: POL-A
        title: Policy A
        owner: CISO
        version: "1.0"
        effective: 2026-01-01
        audience: public
        ---
        Body of policy A.
        """,
        "content/controls/c.md": """
        ---
        id: CTL-1
        title: Control one
        owner: IT
        criteria: [CC6.1]
        policies: [POL-A]
        status: implemented
        family: access-control
        audience: public
        evidence: [Evidence]
        ---
        Control body.
        """,
    ]

    subscript(path: String) -> String? {
        get { files[path] }
        set { files[path] = newValue }
    }

    var reader: InMemoryProject { InMemoryProject(texts: files) }

    /// Adds a policy with the given front-matter lines (beyond id and title) and body.
    mutating func policy(_ id: String, title: String, audience: Audience, extra: String = "", body: String = "Text.") {
        files["content/policies/\(id.lowercased()).md"] = """
            ---
            id: \(id)
            title: \(title)
            owner: CISO
            version: "1.0"
            effective: 2026-01-01
            audience: \(audience.rawValue)
            \(extra)
            ---
            \(body)
            """
    }

    mutating func control(
        _ id: String, title: String, audience: Audience, criteria: String = "[CC6.1]",
        policies: String = "[]", status: String = "implemented", body: String = "Text."
    ) {
        files["content/controls/\(id.lowercased()).md"] = """
            ---
            id: \(id)
            title: \(title)
            owner: IT
            criteria: \(criteria)
            policies: \(policies)
            status: \(status)
            family: access-control
            audience: \(audience.rawValue)
            ---
            \(body)
            """
    }
}

/// git in a test's project folder, as one person, at a date the test chooses.
enum TestGit {
    @discardableResult
    static func run(_ root: URL, _ arguments: [String], date: String = "2026-03-01T10:00:00Z") throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments =
            ["git", "-C", root.path, "-c", "user.name=Casey Compliance", "-c", "user.email=casey@example.test"]
            + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["GIT_AUTHOR_DATE"] = date
        environment["GIT_COMMITTER_DATE"] = date
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "git \(arguments)")
        return String(decoding: data, as: UTF8.self)
    }

    /// Commits every change in the folder (making it a repository first when asked).
    static func commit(_ root: URL, _ message: String, date: String, initialize: Bool = false) throws {
        if initialize { try run(root, ["init", "-q", "-b", "main"]) }
        try run(root, ["add", "-A"])
        try run(root, ["commit", "-q", "--allow-empty", "-m", message], date: date)
    }
}
