import Foundation

/// Raw bytes of one project file, before anything is decoded.
public struct SourceFile: Sendable, Hashable {
    /// Project-relative path (`content/policies/access.md`).
    public var path: String
    public var data: Data

    public init(path: String, data: Data) {
        self.path = path
        self.data = data
    }
}

/// Where things live in a project.
public enum ProjectLayout {
    public static let content = "content"
    public static let config = "content/assure.yml"
    public static let policies = "content/policies"
    public static let controls = "content/controls"
    public static let pages = "content/pages"
    public static let data = "content/data"
    public static let catalogs = "content/catalogs"
    public static let templates = "templates"
}

/// Phase 1: every file the build will read, as bytes, in a stable order.
public struct LoadedProject: Sendable {
    public var config: SourceFile?
    public var policies: [SourceFile] = []
    public var controls: [SourceFile] = []
    public var pages: [SourceFile] = []
    public var dataFiles: [SourceFile] = []
    public var catalogs: [SourceFile] = []
    /// Pictures and documents in content/ that pages may show or link to (`diagram.png`).
    public var assets: [SourceFile] = []
    /// The project's own `templates/` files, which override the built-in theme file by file.
    public var templates: [SourceFile] = []
    public var diagnostics: [Diagnostic] = []

    public var documentCount: Int { policies.count + controls.count + pages.count }
}

public enum ProjectLoader {
    /// Reads `content/` and `templates/`. Unreadable files and links leaving `content/` become
    /// diagnostics; nothing is skipped without saying so.
    public static func load(from project: some ProjectReader) -> LoadedProject {
        var loaded = LoadedProject()
        let contentEntries: [ProjectEntry]
        do {
            contentEntries = try project.entries(under: ProjectLayout.content)
        } catch {
            loaded.diagnostics.append(
                .error(.unreadableFile, at: SourceLocation(path: ProjectLayout.content),
                       "cannot list the content folder: \(error.localizedDescription)"))
            return loaded
        }
        if contentEntries.isEmpty && !project.fileExists(ProjectLayout.config) {
            loaded.diagnostics.append(
                .error(.missingConfig, at: SourceLocation(path: ProjectLayout.config),
                       "no content/assure.yml: this folder is not an Assure project",
                       hint: "run `assure init` to start one, or pass --project with the project's folder"))
            return loaded
        }
        for entry in contentEntries {
            switch entry {
            case .escapingLink(let path, let target):
                loaded.diagnostics.append(
                    .error(.linkOutsideContent, at: SourceLocation(path: path),
                           "symbolic link leads out of content/ (to \(target)); it is not read",
                           hint: "copy the file into content/ instead of linking to it"))
            case .file(let path):
                if path.lowercased().hasSuffix(".svg") {
                    loaded.diagnostics.append(
                        .warning(.unexpectedFile, at: SourceLocation(path: path),
                                 "SVG files are not published: they can carry scripts",
                                 hint: "export the picture as PNG and link to that"))
                    continue
                }
                guard let slot = slot(for: path) else {
                    loaded.diagnostics.append(
                        .warning(.unexpectedFile, at: SourceLocation(path: path),
                                 "Assure does not read this file, so it appears nowhere",
                                 hint: "policies, controls and pages are .md files in content/policies, content/controls and content/pages; lists are .yml files in content/data and content/catalogs"))
                    continue
                }
                do {
                    let file = SourceFile(path: path, data: try project.read(path))
                    switch slot {
                    case .config: loaded.config = file
                    case .policy: loaded.policies.append(file)
                    case .control: loaded.controls.append(file)
                    case .page: loaded.pages.append(file)
                    case .data: loaded.dataFiles.append(file)
                    case .catalog: loaded.catalogs.append(file)
                    case .asset: loaded.assets.append(file)
                    }
                } catch {
                    loaded.diagnostics.append(
                        .error(.unreadableFile, at: SourceLocation(path: path),
                               "cannot read the file: \(error.localizedDescription)"))
                }
            }
        }
        if loaded.config == nil {
            loaded.diagnostics.append(
                .error(.missingConfig, at: SourceLocation(path: ProjectLayout.config),
                       "content/assure.yml is missing",
                       hint: "create it with at least `organization:` and `principles:`; `assure init` writes a commented one"))
        }
        do {
            for entry in try project.entries(under: ProjectLayout.templates) {
                switch entry {
                case .file(let path):
                    loaded.templates.append(SourceFile(path: path, data: try project.read(path)))
                case .escapingLink(let path, let target):
                    loaded.diagnostics.append(
                        .error(.linkOutsideContent, at: SourceLocation(path: path),
                               "symbolic link leads out of templates/ (to \(target)); it is not read"))
                }
            }
        } catch {
            loaded.diagnostics.append(
                .error(.unreadableFile, at: SourceLocation(path: ProjectLayout.templates),
                       "cannot read the templates folder: \(error.localizedDescription)"))
        }
        return loaded
    }

    private enum Slot { case config, policy, control, page, data, catalog, asset }

    /// Files a document may show or link to, published beside the pages when a shown document does.
    public static let assetExtensions: Set<String> = ["png", "jpg", "jpeg", "gif", "webp", "avif", "pdf", "csv", "txt"]

    /// Documents may sit in subfolders of their kind's folder; data and catalogs may not.
    private static func slot(for path: String) -> Slot? {
        if path == ProjectLayout.config { return .config }
        let folder = (path as NSString).deletingLastPathComponent
        let isMarkdown = path.hasSuffix(".md") || path.hasSuffix(".markdown")
        let isYAML = path.hasSuffix(".yml") || path.hasSuffix(".yaml")
        func within(_ root: String) -> Bool { path.hasPrefix(root + "/") }
        if isMarkdown && within(ProjectLayout.policies) { return .policy }
        if isMarkdown && within(ProjectLayout.controls) { return .control }
        if isMarkdown && within(ProjectLayout.pages) { return .page }
        if isYAML && folder == ProjectLayout.data { return .data }
        if isYAML && folder == ProjectLayout.catalogs { return .catalog }
        if assetExtensions.contains((path as NSString).pathExtension.lowercased()) { return .asset }
        return nil
    }
}
