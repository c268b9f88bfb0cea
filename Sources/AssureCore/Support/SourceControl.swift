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
    /// The commits that touched each project-relative path, newest first; nil when the
    /// project is not in a repository.
    func history(of paths: [String]) -> [String: [Revision]]?
    /// When the current commit was made, or nil outside a repository.
    func commitDate() -> Date?
    /// The recent commits that changed `content/`, with what each changed (`UpdateLog`'s input),
    /// or why there are none to read.
    func contentHistory(limit: Int) -> Result<ContentHistory, HistoryUnavailable>
}

extension SourceControl {
    public func commitDate() -> Date? { nil }

    public func contentHistory(limit: Int) -> Result<ContentHistory, HistoryUnavailable> {
        .failure(HistoryUnavailable(reason: "the project is not in a git repository"))
    }
}

/// No version control: every answer is "not in a repository".
public struct NoSourceControl: SourceControl {
    public init() {}
    public func revision() -> SourceRevision? { nil }
    public func history(of paths: [String]) -> [String: [Revision]]? { nil }
}

/// The project's git repository, through the system's `git`.
public struct GitRepository: SourceControl {
    package let git: Git

    public init(root: URL) { git = Git(folder: root) }

    public func revision() -> SourceRevision? {
        guard let commit = try? git.commit("HEAD") else { return nil }
        // Without the filters' names, comparing the work tree could run them: not known clean.
        guard let overrides = git.filterOverrides() else { return SourceRevision(commit: commit, clean: false) }
        let status = try? git.text(
            overrides + [
                "status", "--porcelain", "--untracked-files=normal", "--",
                ProjectLayout.content, ProjectLayout.templates,
            ])
        return SourceRevision(commit: commit, clean: status?.isEmpty == true)
    }

    public func commitDate() -> Date? {
        guard
            let seconds = (try? git.text(["log", "-1", "--format=%ct", "HEAD"])).flatMap({
                TimeInterval($0.trimmingCharacters(in: .whitespacesAndNewlines))
            })
        else { return nil }
        return Date(timeIntervalSince1970: seconds)
    }

    /// The commits reachable from HEAD and not from `revision` (`git rev-list REVISION..HEAD`).
    public func commits(since revision: String) throws -> Set<String> {
        let base = try git.commit(revision)
        return Set(try git.text(["rev-list", "\(base)..HEAD"]).split(separator: "\n").map(String.init))
    }

    public func contentHistory(limit: Int) -> Result<ContentHistory, HistoryUnavailable> {
        guard git.isRepository(), (try? git.commit("HEAD")) != nil else {
            return .failure(HistoryUnavailable(reason: "the project is not in a git repository with a commit"))
        }
        guard !git.isShallow() else {
            return .failure(
                HistoryUnavailable(
                    reason: "the repository is a shallow clone, its history cut off; fetch all of it "
                        + "(`git fetch --unshallow`, or `fetch-depth: 0` in a CI checkout)"))
        }
        do {
            return .success(try git.contentHistory(limit: limit))
        } catch {
            return .failure(HistoryUnavailable(reason: "git could not read the history: \(error)"))
        }
    }

    public func history(of paths: [String]) -> [String: [Revision]]? {
        guard git.isRepository() else { return nil }
        return (try? git.history(of: paths)) ?? [:]
    }
}
