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
    /// The answer library: what is said to customers' security questionnaires.
    public static let answers = "content/answers"
    /// Questionnaire definitions of the project's own, and the record of questionnaires sent.
    public static let questionnaires = "content/questionnaires"
    /// What was answered to each customer, one YAML file per questionnaire sent.
    public static let sentQuestionnaires = "content/questionnaires/sent"
    public static let data = "content/data"
    public static let catalogs = "content/catalogs"
    /// Crosswalks between catalogs: pairs of criteria that ask for much the same thing.
    public static let mappings = "content/catalogs/mappings"
    /// Evidence records, one YAML file per control, with their artifacts beside them.
    public static let evidence = "content/evidence"
    /// Access grants, one YAML file per customer: who may open which restricted documents, until when.
    public static let access = "content/access"
    public static let templates = "templates"
    /// The part of `templates/` published as it is (stylesheets, pictures); nothing else there is.
    public static let themeAssets = "templates/assets"

    /// The largest markdown, YAML or template file read: a long policy is tens of kilobytes,
    /// and parsing costs a bounded multiple of a file's size in memory.
    public static let maximumTextFileSize = 8 * 1024 * 1024
    /// The largest picture or document published beside the pages.
    public static let maximumAssetSize = 100 * 1024 * 1024
}

/// Phase 1: every file the build will read, as bytes, in a stable order.
public struct LoadedProject: Sendable {
    public var config: SourceFile?
    /// Markdown files of every kind, each with the kind its folder gives it.
    public var documents: [(file: SourceFile, kind: DocumentKind)] = []
    public var dataFiles: [SourceFile] = []
    public var catalogs: [SourceFile] = []
    public var mappings: [SourceFile] = []
    public var evidence: [SourceFile] = []
    public var grants: [SourceFile] = []
    public var questionnaires: [SourceFile] = []
    public var sentQuestionnaires: [SourceFile] = []
    /// Pictures and documents in content/ that pages may show or link to (`diagram.png`).
    public var assets: [SourceFile] = []
    /// The project's own `templates/` files, which override the built-in theme file by file.
    public var templates: [SourceFile] = []
    public var diagnostics: [Diagnostic] = []

    public var documentCount: Int { documents.count }
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
                .error(
                    .unreadableFile, at: SourceLocation(path: ProjectLayout.content),
                    "cannot list the content folder: \(error.localizedDescription)"))
            return loaded
        }
        if let folder = contentEntries.first, case .escapingLink(ProjectLayout.content, let target) = folder {
            loaded.diagnostics.append(
                .error(
                    .linkOutsideContent, at: SourceLocation(path: ProjectLayout.content),
                    "content/ is a symbolic link leading out of the project (to \(target)); it is not read",
                    hint: "keep the content folder inside the project"))
            return loaded
        }
        if contentEntries.isEmpty && !project.fileExists(ProjectLayout.config) {
            loaded.diagnostics.append(
                .error(
                    .missingConfig, at: SourceLocation(path: ProjectLayout.config),
                    "no content/assure.yml: this folder is not an Assure project",
                    hint: "run `assure init` to start one, or pass --project with the project's folder"))
            return loaded
        }
        // Files are read on every core; what each is, and what is wrong with it, is worked out
        // in path order after.
        let contents = contentEntries.concurrentMap { entry -> Result<Data, any Error>? in
            guard case .file(let path) = entry, let slot = readableSlot(for: path) else { return nil }
            return Result { try project.read(path, limit: limit(of: slot)) }
        }
        for (entry, content) in zip(contentEntries, contents) {
            switch entry {
            case .unreadable(let path, let reason):
                loaded.diagnostics.append(unreadable(path, reason))
            case .escapingLink(let path, let target):
                loaded.diagnostics.append(
                    .error(
                        .linkOutsideContent, at: SourceLocation(path: path),
                        "symbolic link leads out of content/ (to \(target)); it is not read",
                        hint: "copy the file into content/ instead of linking to it"))
            case .file(let path):
                file(path, content, into: &loaded)
            }
        }
        reportMissingConfig(in: contentEntries, into: &loaded)
        loadTemplates(from: project, into: &loaded)
        return loaded
    }

    /// The slot of a file that is read: one with a slot, and no SVG.
    private static func readableSlot(for path: String) -> Slot? {
        path.lowercased().hasSuffix(".svg") ? nil : slot(for: path)
    }

    private static func limit(of slot: Slot) -> Int {
        slot == .asset ? ProjectLayout.maximumAssetSize : ProjectLayout.maximumTextFileSize
    }

    /// One file of content/ put into its slot with its `content` as read, or a diagnostic
    /// saying why not.
    private static func file(_ path: String, _ content: Result<Data, any Error>?, into loaded: inout LoadedProject) {
        if path.lowercased().hasSuffix(".svg") {
            loaded.diagnostics.append(
                .warning(
                    .unexpectedFile, at: SourceLocation(path: path),
                    "SVG files are not published: they can carry scripts",
                    hint: "export the picture as PNG and link to that"))
            return
        }
        guard let slot = slot(for: path), let content else {
            loaded.diagnostics.append(
                .warning(
                    .unexpectedFile, at: SourceLocation(path: path),
                    "Assure does not read this file, so it appears nowhere",
                    hint:
                        "policies, controls, pages and answers are .md files in content/policies, "
                        + "content/controls, content/pages and content/answers; lists are .yml files in "
                        + "content/data, content/catalogs, content/catalogs/mappings and content/questionnaires"
                ))
            return
        }
        do {
            let file = SourceFile(path: path, data: try content.get())
            switch slot {
            case .config: loaded.config = file
            case .document(let kind): loaded.documents.append((file, kind))
            case .data: loaded.dataFiles.append(file)
            case .catalog: loaded.catalogs.append(file)
            case .mapping: loaded.mappings.append(file)
            case .evidence: loaded.evidence.append(file)
            case .grant: loaded.grants.append(file)
            case .questionnaire: loaded.questionnaires.append(file)
            case .sentQuestionnaire: loaded.sentQuestionnaires.append(file)
            case .asset: loaded.assets.append(file)
            }
        } catch let error as FileTooLarge {
            loaded.diagnostics.append(
                .error(
                    .fileTooLarge, at: SourceLocation(path: path), "\(error.description); it is not read",
                    hint: "split the document into several, or link to a file kept elsewhere"))
        } catch {
            loaded.diagnostics.append(
                .error(
                    .unreadableFile, at: SourceLocation(path: path),
                    "cannot read the file: \(error.localizedDescription)"))
        }
    }

    /// A configuration that exists but cannot be read, or a content folder that cannot be
    /// listed, is already reported with its real cause; a configuration that is simply not
    /// there is reported here.
    private static func reportMissingConfig(in contentEntries: [ProjectEntry], into loaded: inout LoadedProject) {
        let contentUnlisted = contentEntries.contains {
            if case .unreadable(ProjectLayout.content, _) = $0 { true } else { false }
        }
        if loaded.config == nil && !contentUnlisted
            && !contentEntries.contains(where: { $0.path == ProjectLayout.config })
        {
            loaded.diagnostics.append(
                .error(
                    .missingConfig, at: SourceLocation(path: ProjectLayout.config),
                    "content/assure.yml is missing",
                    hint:
                        "create it with at least `organization:` and `principles:`; `assure init` writes a commented "
                        + "one"
                ))
        }
    }

    /// The project's own `templates/`: templates and the assets published as they are.
    private static func loadTemplates(from project: some ProjectReader, into loaded: inout LoadedProject) {
        do {
            for entry in try project.entries(under: ProjectLayout.templates) {
                switch entry {
                case .file(let path):
                    guard path.hasSuffix(".mustache") || path.hasPrefix(ProjectLayout.themeAssets + "/") else {
                        loaded.diagnostics.append(
                            .warning(
                                .unexpectedFile, at: SourceLocation(path: path),
                                "not a template and not under templates/assets/, so it is neither used nor published",
                                hint: "templates are .mustache files; stylesheets and pictures go in templates/assets/")
                        )
                        continue
                    }
                    let limit =
                        path.hasSuffix(".mustache") ? ProjectLayout.maximumTextFileSize : ProjectLayout.maximumAssetSize
                    do {
                        loaded.templates.append(SourceFile(path: path, data: try project.read(path, limit: limit)))
                    } catch let error as FileTooLarge {
                        loaded.diagnostics.append(
                            .error(.fileTooLarge, at: SourceLocation(path: path), error.description))
                    }
                case .escapingLink(let path, let target):
                    loaded.diagnostics.append(
                        .error(
                            .linkOutsideContent, at: SourceLocation(path: path),
                            path == ProjectLayout.templates
                                ? "templates/ is a symbolic link leading out of the project (to \(target)); it is "
                                    + "not read"
                                : "symbolic link leads out of templates/ (to \(target)); it is not read"))
                case .unreadable(let path, let reason):
                    loaded.diagnostics.append(unreadable(path, reason))
                }
            }
        } catch {
            loaded.diagnostics.append(
                .error(
                    .unreadableFile, at: SourceLocation(path: ProjectLayout.templates),
                    "cannot read the templates folder: \(error.localizedDescription)"))
        }
    }

    private static func unreadable(_ path: String, _ reason: String) -> Diagnostic {
        if reason == FileTree.invalidNameReason {
            return .error(
                .invalidUTF8, at: SourceLocation(path: path), "the file name is not valid UTF-8, so it cannot be read",
                hint: "rename it using UTF-8 characters")
        }
        return .error(
            .unreadableFile, at: SourceLocation(path: path), "cannot read \(path): \(reason)",
            hint: "check the permissions, or remove it from the project")
    }

    private enum Slot: Equatable {
        case config, data, catalog, mapping, evidence, grant, questionnaire, sentQuestionnaire, asset
        case document(DocumentKind)
    }

    /// Files a document may show or link to, published beside the pages when a shown document does.
    public static let assetExtensions: Set<String> = ["png", "jpg", "jpeg", "gif", "webp", "avif", "pdf", "csv", "txt"]

    /// Documents may sit in subfolders of their kind's folder; data and catalogs may not.
    private static func slot(for path: String) -> Slot? {
        if path == ProjectLayout.config { return .config }
        let folder = (path as NSString).deletingLastPathComponent
        let isYAML = path.hasSuffix(".yml") || path.hasSuffix(".yaml")
        if let kind = DocumentKind(contentPath: path) { return .document(kind) }
        if isYAML && folder == ProjectLayout.data { return .data }
        if isYAML && folder == ProjectLayout.catalogs { return .catalog }
        if isYAML && folder == ProjectLayout.mappings { return .mapping }
        if isYAML && folder == ProjectLayout.evidence { return .evidence }
        if isYAML && folder == ProjectLayout.access { return .grant }
        if isYAML && folder == ProjectLayout.questionnaires { return .questionnaire }
        if isYAML && folder == ProjectLayout.sentQuestionnaires { return .sentQuestionnaire }
        if assetExtensions.contains((path as NSString).pathExtension.lowercased()) { return .asset }
        return nil
    }
}
