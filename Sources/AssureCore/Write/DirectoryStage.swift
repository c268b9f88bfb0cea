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

    init(destination: DirectoryDestination, staging: URL, old: URL, previous: String?) {
        self.destination = destination
        self.staging = staging
        self.old = old
        self.previous = previous
    }

    func write(_ file: OutputFile) throws {
        guard DirectoryDestination.isSafeRelativePath(file.path) else {
            throw OutputError(description: "refusing to write \(file.path): not a plain path inside the site")
        }
        let target = staging.appending(path: file.path)
        let folder = target.deletingLastPathComponent().path
        let parent = staging.deletingLastPathComponent().path
        do {
            try folders.withLock { made in
                if made.insert(folder).inserted {
                    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                }
            }
        } catch {
            throw OutputError(
                description: "cannot write the site into \(parent): \(DirectoryDestination.reason(error))")
        }
        // Plain writes: each file needs no atomic rename of its own, the folder swap is atomic.
        let errorNumber = DirectoryDestination.writeOrLink(
            file.data, to: target.path, unchanged: previous.map { ($0, $0 + file.path) })
        guard errorNumber == 0 else {
            throw OutputError(
                description:
                    "cannot write \(file.path) of the site into \(parent): \(String(cString: strerror(errorNumber)))"
            )
        }
    }

    func commit() async throws {
        try destination.swap(staging: staging, previous: old)
    }

    func abandon() {
        try? FileManager.default.removeItem(at: staging)
    }
}
