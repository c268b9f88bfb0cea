import Foundation

/// A file found under a project folder.
public enum ProjectEntry: Sendable, Hashable {
    /// A regular file (or a link that stays inside the folder being listed), by project-relative path.
    case file(String)
    /// A symbolic link whose target lies outside the folder being listed; never read.
    case escapingLink(path: String, target: String)
    /// A folder that cannot be listed, or an entry that cannot be examined or named (a name
    /// that is not UTF-8): reported, never skipped silently.
    case unreadable(path: String, reason: String)
}

/// A file larger than Assure reads: documents are text of a few kilobytes, so anything this
/// big is a mistake, and reading it would cost many times its size in memory.
public struct FileTooLarge: Error, Sendable, CustomStringConvertible {
    public var size: Int
    public var limit: Int

    public var description: String {
        "the file is \(ByteCount(size)), over the limit of \(ByteCount(limit))"
    }
}

/// Bytes as people read them (`4.0 MiB`).
struct ByteCount: CustomStringConvertible {
    var bytes: Int
    init(_ bytes: Int) { self.bytes = bytes }

    var description: String {
        if bytes < 1024 { return "\(bytes) bytes" }
        if bytes < 1024 * 1024 { return String(format: "%.1f KiB", Double(bytes) / 1024) }
        return String(format: "%.1f MiB", Double(bytes) / 1_048_576)
    }
}

/// Read access to a project, injected so the engine can build a portal from memory in tests
/// and never touches the disk on its own.
public protocol ProjectReader: Sendable {
    /// Everything below `directory` (project-relative, e.g. `content/policies`), recursively,
    /// sorted by path. Hidden files are skipped. A missing directory lists as empty.
    func entries(under directory: String) throws -> [ProjectEntry]
    /// The bytes of a project-relative file.
    func read(_ path: String) throws -> Data
    /// The bytes of a project-relative file, or `FileTooLarge` without reading it when it
    /// holds more than `limit` bytes.
    func read(_ path: String, limit: Int) throws -> Data
    /// Whether a project-relative regular file exists.
    func fileExists(_ path: String) -> Bool
    /// Whether the path is a regular file itself, not a symbolic link to one: what an edit
    /// may be re-read alone from (`BodyEdit`); anything else is read with the whole project.
    func isPlainFile(_ path: String) -> Bool
}

/// A project on disk, rooted at a folder.
public struct DiskProject: ProjectReader {
    public let root: URL

    public init(root: URL) {
        self.root = root.standardizedFileURL.resolvingSymlinksInPath()
    }

    public func entries(under directory: String) throws -> [ProjectEntry] {
        let base = root.appending(path: directory)
        let realBase = base.resolvingSymlinksInPath().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: base.path, isDirectory: &isDirectory), isDirectory.boolValue
        else { return [] }
        // `templates -> ~/.ssh` would publish whatever it points at: the folder itself must be
        // the project's own.
        if realBase != root.path && !realBase.hasPrefix(root.path + "/") {
            let written = (try? FileManager.default.destinationOfSymbolicLink(atPath: base.path)) ?? realBase
            return [.escapingLink(path: directory, target: written)]
        }
        let listing = FileTree.walk(base.path)
        var found: [ProjectEntry] = listing.problems.map {
            .unreadable(path: $0.path.isEmpty ? directory : directory + "/" + $0.path, reason: $0.reason)
        }
        for entry in listing.entries {
            let path = directory + "/" + entry.path
            switch entry.kind {
            case .file:
                found.append(.file(path))
            case .symlink:
                let url = base.appending(path: entry.path)
                let target = url.resolvingSymlinksInPath().path
                if target != realBase && !target.hasPrefix(realBase + "/") {
                    let written = (try? FileManager.default.destinationOfSymbolicLink(atPath: url.path)) ?? target
                    found.append(.escapingLink(path: path, target: written))
                    continue
                }
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: target, isDirectory: &isDirectory) {
                    // Links inside the folder are followed once as files; linked folders are
                    // skipped so a cycle cannot make the walk endless.
                    if !isDirectory.boolValue { found.append(.file(path)) }
                } else {
                    found.append(.escapingLink(path: path, target: target))
                }
            case .other:
                // Reading a pipe would block the build; a device is not content.
                found.append(.unreadable(path: path, reason: "not a regular file (a pipe, socket or device)"))
            case .directory:
                continue
            }
        }
        return found.sorted { $0.path < $1.path }
    }

    public func read(_ path: String) throws -> Data {
        try Data(contentsOf: root.appending(path: path))
    }

    public func read(_ path: String, limit: Int) throws -> Data {
        let url = root.appending(path: path)
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        // One byte past the limit tells a file at the limit from one over it, whatever stat says.
        let data = try handle.read(upToCount: limit + 1) ?? Data()
        guard data.count <= limit else {
            let size = (try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? Int
            throw FileTooLarge(size: size ?? data.count, limit: limit)
        }
        return data
    }

    public func fileExists(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: root.appending(path: path).path, isDirectory: &isDirectory)
            && !isDirectory.boolValue
    }

    public func isPlainFile(_ path: String) -> Bool {
        var status = stat()
        return lstat(root.appending(path: path).path, &status) == 0 && status.st_mode & S_IFMT == S_IFREG
    }
}

/// A project held in memory: project-relative path to bytes.
public struct InMemoryProject: ProjectReader {
    public var files: [String: Data]
    /// Symbolic links (from a git tree), listed as leading out of the folder and never read.
    public var escapingLinks: Set<String> = []

    public init(files: [String: Data] = [:]) { self.files = files }

    public init(texts: [String: String]) {
        self.files = texts.mapValues { Data($0.utf8) }
    }

    public func entries(under directory: String) throws -> [ProjectEntry] {
        let prefix = directory + "/"
        func visible(_ path: String) -> Bool {
            path.hasPrefix(prefix) && !path.split(separator: "/").contains { $0.hasPrefix(".") }
        }
        let regular = files.keys.filter(visible).map(ProjectEntry.file)
        let links = escapingLinks.filter(visible).map { ProjectEntry.escapingLink(path: $0, target: "a symbolic link") }
        return (regular + links).sorted { $0.path < $1.path }
    }

    public func read(_ path: String) throws -> Data {
        guard let data = files[path] else { throw CocoaError(.fileReadNoSuchFile) }
        return data
    }

    public func fileExists(_ path: String) -> Bool { files[path] != nil }

    public func isPlainFile(_ path: String) -> Bool { files[path] != nil && !escapingLinks.contains(path) }
}

extension ProjectReader {
    /// A reader that cannot tell says no: every change is read with the whole project.
    public func isPlainFile(_ path: String) -> Bool { false }

    public func read(_ path: String, limit: Int) throws -> Data {
        let data = try read(path)
        guard data.count <= limit else { throw FileTooLarge(size: data.count, limit: limit) }
        return data
    }
}

extension ProjectEntry {
    public var path: String {
        switch self {
        case .file(let path): path
        case .escapingLink(let path, _): path
        case .unreadable(let path, _): path
        }
    }
}
