import Foundation

/// A file found under a project folder.
public enum ProjectEntry: Sendable, Hashable {
    /// A regular file (or a link that stays inside the folder being listed), by project-relative path.
    case file(String)
    /// A symbolic link whose target lies outside the folder being listed; never read.
    case escapingLink(path: String, target: String)
}

/// Read access to a project, injected so the engine can build a portal from memory in tests
/// and never touches the disk on its own.
public protocol ProjectReader: Sendable {
    /// Everything below `directory` (project-relative, e.g. `content/policies`), recursively,
    /// sorted by path. Hidden files are skipped. A missing directory lists as empty.
    func entries(under directory: String) throws -> [ProjectEntry]
    /// The bytes of a project-relative file.
    func read(_ path: String) throws -> Data
    /// Whether a project-relative regular file exists.
    func fileExists(_ path: String) -> Bool
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
        var found: [ProjectEntry] = []
        for entry in FileTree.walk(base.path) {
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
            case .directory, .other:
                continue
            }
        }
        return found.sorted { $0.path < $1.path }
    }

    public func read(_ path: String) throws -> Data {
        try Data(contentsOf: root.appending(path: path))
    }

    public func fileExists(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: root.appending(path: path).path, isDirectory: &isDirectory)
            && !isDirectory.boolValue
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
}

extension ProjectEntry {
    public var path: String {
        switch self {
        case .file(let path): path
        case .escapingLink(let path, _): path
        }
    }
}
