import Foundation

extension UpdateLog {
    /// The log of the project's recent history, or why there is none. A `cache` (`serve`'s)
    /// keeps the log of the commit it was made at, so a rebuild at the same commit reads only
    /// the history, and replays nothing.
    static func read(from sourceControl: any SourceControl, cache: DocumentCache?) async -> UpdateLog {
        switch sourceControl.contentHistory(limit: commitLimit) {
        case .failure(let unavailable):
            return UpdateLog(unavailable: unavailable.reason)
        case .success(let history):
            let head = history.commits.last?.commit ?? ""
            if let cached = cache?.updateLog(at: head) { return cached }
            let log = await replay(history)
            cache?.store(log, at: head)
            return log
        }
    }

    /// Replays the history commit by commit: the project as each commit left it, compared with
    /// the one before (`PortalDiff`), each file parsed only when a commit changed it. A commit
    /// whose project does not build is compared at the next one that does.
    static func replay(_ history: ContentHistory) async -> UpdateLog {
        let cache = DocumentCache()
        var files = history.base
        var previous = files.isEmpty ? nil : await portal(files, cache: cache)
        var log = UpdateLog()
        for commit in history.commits {
            for (path, data) in commit.changes { files[path] = data }
            guard let current = await portal(files, cache: cache) else { continue }
            let diff = PortalDiff.compare(base: previous, head: current, baseLabel: "", headLabel: commit.commit)
            for added in diff.added where added.kind == "subprocessor" {
                log.subprocessorsAdded[added.id.lowercased()] = commit.date
            }
            let changes = UpdateWording.changes(diff, before: previous, after: current)
            if !changes.isEmpty {
                log.entries.append(
                    UpdateEntry(commit: commit.commit, date: commit.date, first: previous == nil, changes: changes))
            }
            previous = current
        }
        log.entries.reverse()
        return log
    }

    /// The model of a project held in memory; nil when it would not build (an error reading or
    /// resolving it), since a document it could not read would look removed, then added again.
    private static func portal(_ files: [String: Data], cache: DocumentCache) async -> Portal? {
        let loaded = ProjectLoader.load(from: InMemoryProject(files: files))
        let parsed = await ContentParser.parse(loaded, cache: cache)
        guard !parsed.diagnostics.hasErrors else { return nil }
        let (portal, diagnostics) = Resolver.resolve(parsed, history: nil)
        return diagnostics.hasErrors ? nil : portal
    }
}
