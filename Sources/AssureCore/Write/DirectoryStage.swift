import Foundation

/// A new site being written into a private folder beside the output (`DirectoryDestination`),
/// file by file from any thread, then swapped in whole.
final class DirectoryStage: SiteStage {
    let destination: DirectoryDestination
    let staging: URL
    /// Where the old site goes while the new one moves in, where folders cannot trade places.
    let old: URL
    /// The output folder's resolved path with a trailing slash, when a site is there to reuse
    /// files of.
    let previous: String?
    /// Folders made so far, so each is made once however many threads write into it.
    private let folders = Locked<Set<String>>([])
    /// Whether each folder of the old site files are linked from is really in it, resolved
    /// once per folder (`DirectoryDestination.isInside`), not once per file.
    private let foldersInside = Locked<[String: Bool]>([:])

    private func folderIsInside(_ folder: String, _ site: String) -> Bool {
        if let known = foldersInside.withLock({ $0[folder] }) { return known }
        let inside = DirectoryDestination.isInside(folder, site)
        foldersInside.withLock { $0[folder] = inside }
        return inside
    }

    init(destination: DirectoryDestination, staging: URL, old: URL, previous: String?) {
        self.destination = destination
        self.staging = staging
        self.old = old
        self.previous = previous
    }

    func write(_ file: OutputFile) throws {
        let target = try place(file.path)
        // Plain writes: each file needs no atomic rename of its own, the folder swap is atomic.
        let errorNumber = DirectoryDestination.writeOrLink(
            file.data, to: target, unchanged: previous.map { ($0, $0 + file.path) }, folderIsInside: folderIsInside)
        guard errorNumber == 0 else { throw failure(file.path, errorNumber) }
    }

    func stream(_ path: String) throws -> any SiteFileStream {
        let target = try place(path)
        let descriptor = open(target, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard descriptor >= 0 else { throw failure(path, errno) }
        return FileStream(descriptor: descriptor) { [self] in failure(path, $0) }
    }

    /// Where the file at `path` (relative to the site) goes in the staging folder, which its
    /// folder is made in.
    private func place(_ path: String) throws -> String {
        guard DirectoryDestination.isSafeRelativePath(path) else {
            throw OutputError(description: "refusing to write \(path): not a plain path inside the site")
        }
        let target = staging.appending(path: path)
        let folder = target.deletingLastPathComponent().path
        do {
            try folders.withLock { made in
                if made.insert(folder).inserted {
                    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                }
            }
        } catch {
            throw OutputError(
                description:
                    "cannot write the site into \(staging.deletingLastPathComponent().path): "
                    + DirectoryDestination.reason(error))
        }
        return target.path
    }

    private func failure(_ path: String, _ errorNumber: Int32) -> OutputError {
        OutputError(
            description:
                "cannot write \(path) of the site into \(staging.deletingLastPathComponent().path): "
                + String(cString: strerror(errorNumber)))
    }

    func commit() async throws {
        try destination.swap(staging: staging, previous: old)
    }

    func abandon() {
        try? FileManager.default.removeItem(at: staging)
    }
}

/// A file of a staged site written in pieces: they gather in a buffer that goes to the file a
/// megabyte at a time.
final class FileStream: SiteFileStream {
    private var descriptor: Int32
    private var buffer: [UInt8] = []
    private let failure: (Int32) -> OutputError
    private static let flushSize = 1 << 20

    init(descriptor: Int32, failure: @escaping (Int32) -> OutputError) {
        self.descriptor = descriptor
        self.failure = failure
        buffer.reserveCapacity(Self.flushSize)
    }

    deinit { if descriptor >= 0 { Foundation.close(descriptor) } }

    func write(_ bytes: [UInt8]) throws {
        buffer += bytes
        if buffer.count >= Self.flushSize { try flush() }
    }

    func close() throws {
        try flush()
        let result = Foundation.close(descriptor)
        descriptor = -1
        guard result == 0 else { throw failure(errno) }
    }

    private func flush() throws {
        let errorNumber = buffer.withUnsafeBytes { DirectoryDestination.writeAll($0, to: descriptor) }
        buffer.removeAll(keepingCapacity: true)
        guard errorNumber == 0 else { throw failure(errorNumber) }
    }
}
