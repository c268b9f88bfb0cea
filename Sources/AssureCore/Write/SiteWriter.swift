import Foundation

import Synchronization

/// Where a built site goes. Injected so tests can build without touching the disk.
public protocol SiteDestination: Sendable {
    /// Replaces the whole site with `files`, or leaves the previous site untouched on failure.
    func replace(with files: [OutputFile]) throws
}

/// Why an output folder was refused or a write failed.
public struct OutputError: Error, Sendable, CustomStringConvertible {
    public var description: String

    public init(description: String) { self.description = description }
}

/// A site folder on disk, written atomically: the new site is written into a fresh folder
/// beside the output and swapped in only when complete, so a failed build leaves the last good
/// site whole and files of deleted documents never linger.
public struct DirectoryDestination: SiteDestination {
    public let output: URL
    /// The project's `content/` folder, which the output may neither be, contain, nor be inside.
    public let content: URL

    public init(output: URL, content: URL) {
        self.output = output.standardizedFileURL
        self.content = content.standardizedFileURL
    }

    /// Refuses outputs that would overwrite or swallow the project's sources.
    public func checkSafe() throws {
        let fileManager = FileManager.default
        if let values = try? output.resourceValues(forKeys: [.isSymbolicLinkKey]), values.isSymbolicLink == true {
            throw OutputError(description: "the output folder \(output.path) is a symbolic link; refusing to replace what it points to")
        }
        let outputPath = output.resolvingSymlinksInPath().path
        let contentPath = content.resolvingSymlinksInPath().path
        if outputPath == contentPath || contentPath.hasPrefix(outputPath + "/") || outputPath == "/" {
            throw OutputError(description: "the output folder \(output.path) is or contains content/; refusing to replace it")
        }
        if outputPath.hasPrefix(contentPath + "/") {
            throw OutputError(description: "the output folder \(output.path) is inside content/; choose a folder outside it")
        }
        var isDirectory: ObjCBool = false
        if fileManager.fileExists(atPath: output.path, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw OutputError(description: "\(output.path) exists and is not a folder")
        }
    }

    public func replace(with files: [OutputFile]) throws {
        try checkSafe()
        let fileManager = FileManager.default
        let parent = output.deletingLastPathComponent()
        let name = output.lastPathComponent
        let token = "\(getpid())"
        let staging = parent.appending(path: ".\(name).assure-new-\(token)")
        let previous = parent.appending(path: ".\(name).assure-old-\(token)")
        try? fileManager.removeItem(at: staging)
        try? fileManager.removeItem(at: previous)
        do {
            try fileManager.createDirectory(at: staging, withIntermediateDirectories: true)
            var folders = Set<String>()
            for file in files {
                guard Self.isSafeRelativePath(file.path) else {
                    throw OutputError(description: "refusing to write \(file.path): not a plain path inside the site")
                }
                let folder = staging.appending(path: file.path).deletingLastPathComponent().path
                if folders.insert(folder).inserted {
                    try fileManager.createDirectory(atPath: folder, withIntermediateDirectories: true)
                }
            }
            // Files go into a private folder nobody reads yet, so they can be written in parallel.
            let failures = Mutex<[String]>([])
            // Plain writes: each file needs no atomic rename of its own, the folder swap is atomic.
            DispatchQueue.concurrentPerform(iterations: files.count) { index in
                let target = staging.appending(path: files[index].path)
                do {
                    try files[index].data.write(to: target)
                } catch {
                    failures.withLock { $0.append(target.path) }
                }
            }
            if let failed = failures.withLock({ $0.min() }) {
                throw OutputError(description: "cannot write \(failed)")
            }
        } catch {
            try? fileManager.removeItem(at: staging)
            throw error
        }
        try swap(staging: staging, previous: previous)
    }

    private func swap(staging: URL, previous: URL) throws {
        let fileManager = FileManager.default
        guard fileManager.fileExists(atPath: output.path) else {
            try fileManager.moveItem(at: staging, to: output)
            return
        }
        try fileManager.moveItem(at: output, to: previous)
        do {
            try fileManager.moveItem(at: staging, to: output)
        } catch {
            try? fileManager.moveItem(at: previous, to: output)
            try? fileManager.removeItem(at: staging)
            throw error
        }
        try? fileManager.removeItem(at: previous)
    }

    static func isSafeRelativePath(_ path: String) -> Bool {
        !path.isEmpty && !path.hasPrefix("/")
            && !path.split(separator: "/", omittingEmptySubsequences: false).contains { $0.isEmpty || $0 == "." || $0 == ".." }
    }
}

/// Keeps the last site in memory; for tests and for callers that only want the files.
public final class MemoryDestination: SiteDestination {
    private let stored = Mutex<[OutputFile]>([])

    public init() {}

    public var files: [OutputFile] { stored.withLock { $0 } }

    public func replace(with files: [OutputFile]) throws {
        stored.withLock { $0 = files }
    }
}
