import AssureCore
import Dispatch
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Notices edits under `content/` and `templates/`. On Linux the kernel says when something
/// changed (inotify), so an idle preview costs nothing however large the project; elsewhere,
/// or when the kernel cannot watch more folders, file sizes and modification times are
/// compared at an interval. Either way the changed paths come from comparing two walks.
struct ProjectWatcher: Sendable {
    struct Changes: Sendable {
        var paths: [String]
        var summary: String {
            paths.count == 1 ? paths[0] : "\(paths.count) changed files"
        }
    }

    let root: URL
    /// How often to look when polling, and how long to let a burst of kernel events settle.
    let interval: Duration
    /// Told once how changes are noticed: "kernel notifications" or "polling".
    var describe: @Sendable (String) -> Void = { _ in }

    typealias Fingerprint = [String: String]

    static let folders = [ProjectLayout.content, ProjectLayout.templates]

    /// What one walk of the project finds: every file's fingerprint, and the folders to watch
    /// (the project folder, for content/ and templates/ appearing, and every folder below them).
    func look() -> (fingerprint: Fingerprint, folders: [String]) {
        var result: Fingerprint = [:]
        var folders = [root.path]
        for folder in Self.folders {
            let base = root.appending(path: folder).path
            folders.append(base)
            let listing = FileTree.walk(base)
            // A folder that cannot be read is a change too: the rebuild reports why.
            for problem in listing.problems {
                result[folder + "/" + problem.path] = "problem:" + problem.reason
            }
            for entry in listing.entries {
                let relative = folder + "/" + entry.path
                switch entry.kind {
                case .directory:
                    folders.append(base + "/" + entry.path)
                case .symlink:
                    // A link counts by where it points, so adding or removing one is noticed.
                    result[relative] =
                        "link:"
                        + ((try? FileManager.default.destinationOfSymbolicLink(atPath: base + "/" + entry.path)) ?? "")
                case .file, .other:
                    result[relative] = "\(entry.modified):\(entry.size)"
                }
            }
        }
        return (result, folders)
    }

    /// Each element is a batch of paths added, removed or changed since the last one.
    func changes() -> AsyncStream<Changes> {
        AsyncStream { continuation in
            let task = Task {
                var (last, folders) = look()
                let kernel = KernelWatch()
                if let kernel, kernel.watch(folders) {
                    describe("kernel notifications (inotify)")
                    // Woken by the kernel; a short pause lets an editor's burst of writes settle.
                    for await _ in kernel.events {
                        try? await Task.sleep(for: interval)
                        kernel.drain()
                        let current: Fingerprint
                        (current, folders) = look()
                        _ = kernel.watch(folders)
                        if let changes = Self.compare(last, current) { continuation.yield(changes) }
                        last = current
                    }
                } else {
                    kernel?.close()
                    describe("polling every \(interval)")
                    while !Task.isCancelled {
                        try? await Task.sleep(for: interval)
                        let current = look().fingerprint
                        if let changes = Self.compare(last, current) { continuation.yield(changes) }
                        last = current
                    }
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    static func compare(_ last: Fingerprint, _ current: Fingerprint) -> Changes? {
        guard current != last else { return nil }
        return Changes(paths: Set(current.keys).union(last.keys).filter { current[$0] != last[$0] }.sorted())
    }
}

/// One inotify instance: folders are watched for entries created, deleted, moved, written or
/// changed; `events` yields once for each batch the kernel reports. Used by one task only.
final class KernelWatch {
    let events: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation
    private let descriptor: Int32
    private let source: any DispatchSourceRead

    init?() {
        #if os(Linux)
        let descriptor = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard descriptor >= 0 else { return nil }
        self.descriptor = descriptor
        (events, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        source = DispatchSource.makeReadSource(fileDescriptor: descriptor, queue: DispatchQueue(label: "assure.watch"))
        let continuation = self.continuation
        source.setEventHandler { [descriptor] in
            KernelWatch.discard(descriptor)
            continuation.yield()
        }
        source.setCancelHandler { [descriptor] in _ = Glibc.close(descriptor) }
        source.resume()
        #else
        return nil
        #endif
    }

    deinit { source.cancel() }

    /// Adds a watch on each folder (again for those already watched, which the kernel ignores).
    /// False when the kernel refuses, such as when its limit on watches is reached.
    func watch(_ folders: [String]) -> Bool {
        #if os(Linux)
        let mask = UInt32(
            IN_CREATE | IN_DELETE | IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO | IN_ATTRIB
                | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR)
        for folder in folders where inotify_add_watch(descriptor, folder, mask) < 0 {
            // A folder removed since the walk is no failure; anything else is.
            if errno != ENOENT && errno != ENOTDIR { return false }
        }
        return true
        #else
        return false
        #endif
    }

    /// Reads and forgets events that arrived since the last read.
    func drain() { Self.discard(descriptor) }

    func close() { source.cancel() }

    private static func discard(_ descriptor: Int32) {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while buffer.withUnsafeMutableBytes({ read(descriptor, $0.baseAddress, $0.count) }) > 0 {}
    }
}
