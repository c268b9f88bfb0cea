import AssureCore
import Dispatch
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Notices edits under `content/` and `templates/`. On Linux the kernel says what changed
/// (inotify), so an idle preview costs nothing and an edit costs one look at the files the
/// kernel names, however large the project; when it reports a folder added, removed or moved,
/// or lost events, the whole project is walked and compared. Elsewhere, or when the kernel
/// cannot watch more folders, file sizes and modification times are compared at an interval.
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
                if entry.kind == .directory {
                    folders.append(base + "/" + entry.path)
                } else {
                    result[folder + "/" + entry.path] = fingerprint(of: entry, at: base + "/" + entry.path)
                }
            }
        }
        return (result, folders)
    }

    /// How a file is told apart from its earlier self: a link by where it points, so adding or
    /// removing one is noticed; anything else by its modification time and size.
    func fingerprint(of entry: FileTree.Entry, at full: String) -> String {
        entry.kind == .symlink
            ? "link:" + ((try? FileManager.default.destinationOfSymbolicLink(atPath: full)) ?? "")
            : "\(entry.modified):\(entry.size)"
    }

    /// The fingerprint of one project path as it is now: nil when it is gone, and a problem when
    /// it cannot be examined (the walk reports the same).
    func fingerprint(of path: String) -> String? {
        let full = root.path + "/" + path
        guard let entry = FileTree.entry(at: full, named: path) else {
            return errno == ENOENT || errno == ENOTDIR ? nil : "problem:" + String(cString: strerror(errno))
        }
        return fingerprint(of: entry, at: full)
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
                        let batch = kernel.drain()
                        var changed: [String] = []
                        if batch.rescan {
                            let current: Fingerprint
                            (current, folders) = look()
                            _ = kernel.watch(folders)
                            changed = Self.compare(last, current)?.paths ?? []
                            last = current
                        } else {
                            // Only the files the kernel named are looked at.
                            for path in batch.paths.compactMap(relative) {
                                let now = fingerprint(of: path)
                                if last[path] != now { changed.append(path) }
                                last[path] = now
                            }
                        }
                        if !changed.isEmpty { continuation.yield(Changes(paths: changed.sorted())) }
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

    /// The project path of a file the kernel named, when it is one the walk would list: under
    /// content/ or templates/, and hidden nowhere on the way.
    func relative(_ full: String) -> String? {
        guard full.hasPrefix(root.path + "/") else { return nil }
        let path = String(full.dropFirst(root.path.count + 1))
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count > 1, Self.folders.contains(String(parts[0])), !parts.contains(where: { $0.hasPrefix(".") })
        else { return nil }
        return path
    }

    static func compare(_ last: Fingerprint, _ current: Fingerprint) -> Changes? {
        guard current != last else { return nil }
        return Changes(paths: Set(current.keys).union(last.keys).filter { current[$0] != last[$0] }.sorted())
    }
}

/// One inotify instance: folders are watched for entries created, deleted, moved, written or
/// changed; `events` yields once for each batch the kernel reports, and `drain` says which
/// files they named. Used by one task only.
final class KernelWatch {
    /// What the kernel reported since the last `drain`: the files it named, by full path, and
    /// whether only a walk of the whole project can tell what changed (a folder added, removed
    /// or moved, or events lost because too many came at once).
    struct Batch: Sendable {
        var paths: Set<String> = []
        var rescan = false
    }

    let events: AsyncStream<Void>
    private let descriptor: Int32
    private let source: any DispatchSourceRead
    private let reports = Reports()

    /// What the event handler and `drain` share.
    private final class Reports: Sendable {
        let pending = Locked(Batch())
        /// Each watched folder's full path, by watch descriptor.
        let folders = Locked<[Int32: String]>([:])
    }

    init?() {
        #if os(Linux)
        let descriptor = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard descriptor >= 0 else { return nil }
        self.descriptor = descriptor
        let (events, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        self.events = events
        source = DispatchSource.makeReadSource(fileDescriptor: descriptor, queue: DispatchQueue(label: "assure.watch"))
        source.setEventHandler { [descriptor, reports] in
            KernelWatch.read(descriptor, into: reports)
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
    func watch(_ paths: [String]) -> Bool {
        #if os(Linux)
        let mask = UInt32(
            IN_CREATE | IN_DELETE | IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO | IN_ATTRIB
                | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR)
        for path in paths {
            let watch = inotify_add_watch(descriptor, path, mask)
            if watch >= 0 {
                reports.folders.withLock { $0[watch] = path }
            } else if errno != ENOENT && errno != ENOTDIR {
                // A folder removed since the walk is no failure; anything else is.
                return false
            }
        }
        return true
        #else
        return false
        #endif
    }

    /// What the kernel reported since the last call (events still unread are read first).
    func drain() -> Batch {
        Self.read(descriptor, into: reports)
        return reports.pending.withLock { batch in
            defer { batch = Batch() }
            return batch
        }
    }

    func close() { source.cancel() }

    /// Reads every event waiting and adds what it names to `pending`.
    private static func read(_ descriptor: Int32, into reports: Reports) {
        #if os(Linux)
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        let header = MemoryLayout<inotify_event>.size
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { return }
            buffer.withUnsafeBytes { bytes in
                var offset = 0
                while offset + header <= count {
                    let watch = bytes.loadUnaligned(fromByteOffset: offset, as: Int32.self)
                    let mask = bytes.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self)
                    let length = Int(bytes.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self))
                    let name = bytes[(offset + header)..<min(count, offset + header + length)]
                    offset += header + length
                    let folderEvent =
                        mask & UInt32(IN_ISDIR | IN_Q_OVERFLOW | IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED) != 0
                    guard !folderEvent, let folder = reports.folders.withLock({ $0[watch] }),
                        let text = String(validating: name.prefix { $0 != 0 }, as: UTF8.self), !text.isEmpty
                    else {
                        // A name that is not UTF-8 is reported by the walk, as the load phase reports it.
                        reports.pending.withLock { $0.rescan = true }
                        continue
                    }
                    _ = reports.pending.withLock { $0.paths.insert(folder + "/" + text) }
                }
            }
        }
        #endif
    }
}
