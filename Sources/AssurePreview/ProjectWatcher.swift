import AssureCore
import Foundation

/// Notices edits under `content/` and `templates/` by comparing file sizes and modification
/// times at an interval: portable, and a few milliseconds for thousands of files.
struct ProjectWatcher: Sendable {
    struct Changes: Sendable {
        var paths: [String]
        var summary: String {
            paths.count == 1 ? paths[0] : "\(paths.count) changed files"
        }
    }

    let root: URL
    let interval: Duration

    typealias Fingerprint = [String: String]

    func fingerprint() -> Fingerprint {
        var result: Fingerprint = [:]
        for folder in [ProjectLayout.content, ProjectLayout.templates] {
            let base = root.appending(path: folder).path
            let listing = FileTree.walk(base)
            // A folder that cannot be read is a change too: the rebuild reports why.
            for problem in listing.problems {
                result[folder + "/" + problem.path] = "problem:" + problem.reason
            }
            for entry in listing.entries where entry.kind != .directory {
                let relative = folder + "/" + entry.path
                if entry.kind == .symlink {
                    // A link counts by where it points, so adding or removing one is noticed.
                    result[relative] = "link:" + ((try? FileManager.default.destinationOfSymbolicLink(atPath: base + "/" + entry.path)) ?? "")
                } else {
                    result[relative] = "\(entry.modified):\(entry.size)"
                }
            }
        }
        return result
    }

    /// Each element is a batch of paths added, removed or changed since the last one.
    func changes() -> AsyncStream<Changes> {
        AsyncStream { continuation in
            let task = Task {
                var last = fingerprint()
                while !Task.isCancelled {
                    try? await Task.sleep(for: interval)
                    let current = fingerprint()
                    guard current != last else { continue }
                    let paths = Set(current.keys).union(last.keys).filter { current[$0] != last[$0] }.sorted()
                    last = current
                    continuation.yield(Changes(paths: paths))
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}
