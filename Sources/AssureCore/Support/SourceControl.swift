import Foundation

/// The commit a build came from, and whether the project's files matched it.
public struct SourceRevision: Sendable, Hashable, Codable {
    public var commit: String
    /// No uncommitted changes under `content/` or `templates/`.
    public var clean: Bool

    public init(commit: String, clean: Bool) {
        self.commit = commit
        self.clean = clean
    }
}

/// Version control as the engine sees it; injected so tests need no repository.
public protocol SourceControl: Sendable {
    /// The current revision, or nil when the project is not in a repository.
    func revision() -> SourceRevision?
}

/// No version control: every answer is "not in a repository".
public struct NoSourceControl: SourceControl {
    public init() {}
    public func revision() -> SourceRevision? { nil }
}

/// The `git` on the PATH, run in the project folder. Never checks anything out.
public struct GitRepository: SourceControl {
    public let root: URL

    public init(root: URL) { self.root = root }

    public func revision() -> SourceRevision? {
        guard let head = run(["rev-parse", "--verify", "HEAD"]), head.status == 0 else { return nil }
        let commit = head.output.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !commit.isEmpty else { return nil }
        let status = run(["status", "--porcelain", "--untracked-files=normal", "--", ProjectLayout.content, ProjectLayout.templates])
        return SourceRevision(commit: commit, clean: status?.status == 0 && status?.output.isEmpty == true)
    }

    /// Runs git with the given arguments; nil when git cannot be started.
    func run(_ arguments: [String]) -> (status: Int32, output: String)? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", root.path] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["GIT_OPTIONAL_LOCKS"] = "0"
        environment["LC_ALL"] = "C"
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
