import Foundation

/// Where a built site goes. Injected so tests can build without touching the disk.
public protocol SiteDestination: Sendable {
    /// Replaces the whole site with `files`, or leaves the previous site untouched on failure.
    func replace(with files: [OutputFile]) async throws
    /// A new site to be written file by file while its pages are rendered, so that they need
    /// not all be held in memory; nil for a destination that takes the site whole.
    func stage() throws -> (any SiteStage)?
}

extension SiteDestination {
    public func stage() throws -> (any SiteStage)? { nil }
}

/// A site being written file by file, from any thread, and put in place whole by `commit`, or
/// not at all: `abandon` leaves the previous site as it was.
public protocol SiteStage: Sendable {
    func write(_ file: OutputFile) throws
    /// A file written in pieces, in order: one too large to hold whole (a site's search index).
    func stream(_ path: String) throws -> any SiteFileStream
    func commit() async throws
    func abandon()
}

/// A file of a stage being written in pieces (`SiteStage.stream`), by one writer at a time.
public protocol SiteFileStream: AnyObject {
    func write(_ bytes: [UInt8]) throws
    /// Writes what is left; the file is whole once this returns.
    func close() throws
}

/// Why an output folder was refused or a write failed.
public struct OutputError: Error, Sendable, CustomStringConvertible {
    public var description: String

    public init(description: String) { self.description = description }
}

/// A site folder on disk, written atomically: the new site is written into a fresh folder
/// beside the output and swapped in only when complete, so a failed build leaves the last good
/// site whole and files of deleted documents never linger.
///
/// Replacing a folder deletes what it held, so only a folder Assure built (it carries
/// `.assure-site`), an empty one or a new one is ever replaced; the project, its sources, its
/// repository and their ancestors never are.
public struct DirectoryDestination: SiteDestination {
    public let output: URL
    /// The project folder, holding `content/` and `templates/`.
    public let project: URL

    /// The file that marks a folder as a site Assure built, and so Assure's to replace.
    public static let marker = ".assure-site"
    static let markerText = Data(
        """
        This folder is a site built by Assure. `assure build` replaces it whole on every build,
        so keep nothing else in it.

        """.utf8)

    public init(output: URL, project: URL) {
        self.output = output.standardizedFileURL
        self.project = project.standardizedFileURL
    }

    /// Refuses outputs whose replacement would delete something that is not an old site.
    public func checkSafe() throws {
        let fileManager = FileManager.default
        let shown = output.path
        if let values = try? output.resourceValues(forKeys: [.isSymbolicLinkKey]), values.isSymbolicLink == true {
            throw OutputError(
                description: "the output folder \(shown) is a symbolic link; refusing to replace what it points to")
        }
        let outputPath = output.resolvingSymlinksInPath().path
        let projectPath = project.resolvingSymlinksInPath().path
        func isWithin(_ path: String, _ folder: String) -> Bool { path == folder || path.hasPrefix(folder + "/") }
        if outputPath == "/" || isWithin(projectPath, outputPath) {
            throw OutputError(
                description: "the output folder \(shown) is the project folder or contains it; refusing to replace it")
        }
        for source in [ProjectLayout.content, ProjectLayout.templates] {
            let sourcePath = project.appending(path: source).resolvingSymlinksInPath().path
            if isWithin(outputPath, sourcePath) {
                throw OutputError(
                    description: "the output folder \(shown) is inside \(source)/; choose a folder outside it")
            }
        }
        if outputPath.split(separator: "/").contains(".git") {
            throw OutputError(
                description:
                    "the output folder \(shown) is inside a git repository's .git folder; refusing to write there")
        }
        var isDirectory: ObjCBool = false
        guard fileManager.fileExists(atPath: outputPath, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else {
            throw OutputError(description: "\(shown) exists and is not a folder; refusing to replace it")
        }
        if fileManager.fileExists(atPath: outputPath + "/.git") {
            throw OutputError(description: "the output folder \(shown) is a git repository; refusing to replace it")
        }
        guard !Self.isReplaceable(outputPath) else { return }
        throw OutputError(
            description: """
                the output folder \(shown) holds files Assure did not write (it has no \(Self.marker) marker); \
                refusing to replace it, since that would delete them. Choose a new or empty folder, \
                or remove this one yourself if it only holds an old site.
                """)
    }

    /// An empty folder, one Assure marked as its own, or a site an earlier Assure built.
    static func isReplaceable(_ path: String) -> Bool {
        let fileManager = FileManager.default
        guard let names = try? fileManager.contentsOfDirectory(atPath: path) else { return false }
        if names.isEmpty || names.contains(marker) { return true }
        // Sites built before the marker existed name Assure as their generator.
        guard let handle = FileHandle(forReadingAtPath: path + "/" + SitePaths.home) else { return false }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 64 * 1024)) ?? Data()
        return String(decoding: head, as: UTF8.self).contains("<meta name=\"generator\" content=\"Assure\">")
    }

    public func replace(with files: [OutputFile]) async throws {
        let stage = try directoryStage()
        // Files go into a private folder nobody reads yet, so they can be written in parallel.
        let failures = await withTaskGroup(of: OutputError?.self) { group in
            for file in files {
                group.addTask {
                    do {
                        try stage.write(file)
                        return nil
                    } catch {
                        return error as? OutputError ?? OutputError(description: Self.reason(error))
                    }
                }
            }
            var failures: [OutputError] = []
            for await failure in group { if let failure { failures.append(failure) } }
            return failures
        }
        if let failure = failures.min(by: { $0.description < $1.description }) {
            stage.abandon()
            throw failure
        }
        try await stage.commit()
    }

    public func stage() throws -> (any SiteStage)? { try directoryStage() }

    /// A fresh folder beside the output, marked as Assure's, for the new site.
    func directoryStage() throws -> DirectoryStage {
        try checkSafe()
        let fileManager = FileManager.default
        let parent = output.deletingLastPathComponent()
        let name = output.lastPathComponent
        removeLeftovers(in: parent, name: name)
        let token = "\(getpid())"
        let staging = parent.appending(path: ".\(name).assure-new-\(token)")
        try? fileManager.removeItem(at: staging)
        do {
            try fileManager.createDirectory(at: staging, withIntermediateDirectories: true)
            // The marker first: an interrupted build leaves a folder the next build knows as its own.
            try Self.markerText.write(to: staging.appending(path: Self.marker))
        } catch {
            try? fileManager.removeItem(at: staging)
            throw OutputError(
                description: "cannot create the site beside \(output.path): \(Self.reason(error)) in \(parent.path)")
        }
        return DirectoryStage(
            destination: self, staging: staging, old: parent.appending(path: ".\(name).assure-old-\(token)"),
            previous: fileManager.fileExists(atPath: output.path) ? output.resolvingSymlinksInPath().path + "/" : nil)
    }

    /// Puts the staged site in place. On Linux the two folders trade places in one step, so
    /// the site is never missing; elsewhere the old one moves aside first.
    func swap(staging: URL, previous: URL) throws {
        let fileManager = FileManager.default
        do {
            if !fileManager.fileExists(atPath: output.path) {
                try fileManager.moveItem(at: staging, to: output)
                return
            }
            if AtomicExchange.exchange(staging.path, output.path) {
                try? fileManager.removeItem(at: staging)
                return
            }
            try fileManager.moveItem(at: output, to: previous)
            do {
                try fileManager.moveItem(at: staging, to: output)
            } catch {
                try? fileManager.moveItem(at: previous, to: output)
                throw error
            }
            try? fileManager.removeItem(at: previous)
        } catch {
            try? fileManager.removeItem(at: staging)
            throw OutputError(description: "cannot put the new site in place at \(output.path): \(Self.reason(error))")
        }
    }

    /// Staging and old folders that an interrupted build left beside the output. Those of a
    /// build still running (its process is alive) are left alone.
    private func removeLeftovers(in parent: URL, name: String) {
        let fileManager = FileManager.default
        guard let names = try? fileManager.contentsOfDirectory(atPath: parent.path) else { return }
        for prefix in [".\(name).assure-new-", ".\(name).assure-old-"] {
            for leftover in names where leftover.hasPrefix(prefix) {
                guard let pid = Int32(leftover.dropFirst(prefix.count)), pid > 0 else { continue }
                let alive = pid != getpid() && (kill(pid, 0) == 0 || errno == EPERM)
                let path = parent.appending(path: leftover).path
                if !alive && Self.isReplaceable(path) { try? fileManager.removeItem(atPath: path) }
            }
        }
    }

    /// Writes a file of the staged site, or links in the file of the site it replaces when that
    /// holds the same bytes: a rebuild then creates inodes only for what changed. Creating
    /// files costs the most on a rebuild (the file system searches past the inodes the last
    /// build freed, for seconds at 10,000 files), and an unchanged file keeps its time, which
    /// `rsync` and deploy tools notice. The old site is deleted after the swap, which only
    /// drops the second link of each unchanged file. Where links are not supported, it writes.
    /// `folderIsInside` answers `isInside` for the folder of `previous.file` (a stage asks once
    /// per folder); `holds` has made sure the file itself is no link.
    static func writeOrLink(
        _ data: Data, to path: String, unchanged previous: (site: String, file: String)?,
        folderIsInside: (_ folder: String, _ site: String) -> Bool = isInside
    ) -> Int32 {
        if let previous, holds(previous.file, data), folderIsInside(folder(of: previous.file), previous.site),
            linkat(AT_FDCWD, previous.file, AT_FDCWD, path, 0) == 0
        {
            return 0
        }
        return writeWithoutSync(data, to: path)
    }

    /// The folder a file's path is in: the path up to its last `/`.
    private static func folder(of path: String) -> String {
        String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)])
    }

    /// Whether `folder` really is in the folder `site` (a resolved path ending in "/"), or is
    /// it, not behind a symbolic link planted in it: only the old site's own files are ever
    /// linked.
    static func isInside(_ folder: String, _ site: String) -> Bool {
        guard let resolved = realpath(folder, nil) else { return false }
        defer { free(resolved) }
        return (String(cString: resolved) + "/").hasPrefix(site)
    }

    /// Whether `path` is a regular file (not a link to one) with exactly these bytes.
    static func holds(_ path: String, _ data: Data) -> Bool {
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG, Int(status.st_size) == data.count
        else { return false }
        guard !data.isEmpty else { return true }
        var existing = [UInt8](repeating: 0, count: data.count)
        let complete = existing.withUnsafeMutableBytes { buffer -> Bool in
            var offset = 0
            while offset < buffer.count {
                let count = read(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { return false }
                offset += count
            }
            return true
        }
        return complete
            && existing.withUnsafeBytes { old in
                data.withUnsafeBytes { new in memcmp(old.baseAddress!, new.baseAddress!, new.count) == 0 }
            }
    }

    /// Writes a file of the staged site with plain `open`/`write`/`close`: each file needs
    /// neither an atomic rename nor an `fsync` of its own (Foundation's write does one), since
    /// the folder is swapped in whole. Returns 0, or the `errno` of the failure.
    static func writeWithoutSync(_ data: Data, to path: String) -> Int32 {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return errno }
        defer { close(descriptor) }
        return data.withUnsafeBytes { writeAll($0, to: descriptor) }
    }

    /// Writes every byte of `bytes` to `descriptor`, going on after an interrupted or partial
    /// write. Returns 0, or the `errno` of the failure.
    static func writeAll(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) -> Int32 {
        var offset = 0
        while offset < bytes.count {
            let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return errno
            }
            offset += written
        }
        return 0
    }

    /// The system's reason for a failure, without Foundation's wrapping.
    static func reason(_ error: any Error) -> String {
        let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
        if let code = underlying.map({ $0.domain == NSPOSIXErrorDomain ? Int32($0.code) : 0 }), code != 0 {
            return String(cString: strerror(code))
        }
        if let cocoa = error as? CocoaError, cocoa.code == .fileWriteNoPermission || cocoa.code == .fileReadNoPermission
        {
            return String(cString: strerror(EACCES))
        }
        return (error as NSError).localizedDescription
    }

    static func isSafeRelativePath(_ path: String) -> Bool {
        !path.isEmpty && !path.hasPrefix("/")
            && !path.split(separator: "/", omittingEmptySubsequences: false).contains {
                $0.isEmpty || $0 == "." || $0 == ".."
            }
    }
}

/// Writes one file beside its target and renames it over the target, so a reader never sees
/// half a file; failures name the file in a sentence.
package enum AtomicFile {
    package static func write(_ data: Data, to url: URL) throws {
        let folder = url.deletingLastPathComponent()
        let temporary = folder.appending(path: ".\(url.lastPathComponent).assure-\(getpid())")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try data.write(to: temporary)
            // rename(2) replaces the target in one step.
            guard rename(temporary.path, url.path) == 0 else {
                throw OutputError(description: String(cString: strerror(errno)))
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            let reason = (error as? OutputError)?.description ?? DirectoryDestination.reason(error)
            throw OutputError(description: "cannot write \(url.path): \(reason)")
        }
    }
}

/// `renameat2(..., RENAME_EXCHANGE)`: two paths trade places atomically. Looked up at run time
/// because the C library declares it only for GNU sources, and absent on other systems.
enum AtomicExchange {
    private typealias RenameAt2 =
        @convention(c) (
            Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32
        ) -> Int32

    private static let renameat2: RenameAt2? = {
        #if os(Linux)
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "renameat2") else { return nil }
        return unsafeBitCast(symbol, to: RenameAt2.self)
        #else
        return nil
        #endif
    }()

    /// Whether the exchange happened; false where the system or file system cannot do it.
    static func exchange(_ first: String, _ second: String) -> Bool {
        guard let renameat2 else { return false }
        let renameExchange: UInt32 = 1 << 1
        return renameat2(AT_FDCWD, first, AT_FDCWD, second, renameExchange) == 0
    }
}

/// Keeps the last site in memory; for tests and for callers that only want the files.
public final class MemoryDestination: SiteDestination {
    private let stored = Locked<[OutputFile]>([])

    public init() {}

    public var files: [OutputFile] { stored.withLock { $0 } }

    public func replace(with files: [OutputFile]) async throws {
        stored.withLock { $0 = files }
    }
}
