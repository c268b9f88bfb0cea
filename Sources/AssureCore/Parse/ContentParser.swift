/// Phase 2: every loaded file parsed into typed values, with all problems found along the way.
public struct ParsedProject: Sendable {
    /// Nil when assure.yml is missing or unreadable; the build then fails with its diagnostics.
    public var config: ProjectConfig?
    public var catalog: CriteriaCatalog
    public var policies: [Policy] = []
    public var controls: [ControlNarrative] = []
    public var pages: [Page] = []
    public var data = DataLists()
    public var templates: [SourceFile]
    public var diagnostics: [Diagnostic]
}

public enum ContentParser {
    /// Parses in a fixed order (config, catalogs, documents by path, data). Markdown parses
    /// run one at a time; see `MarkdownParser`.
    public static func parse(_ loaded: LoadedProject) -> ParsedProject {
        var diagnostics = loaded.diagnostics
        var config: ProjectConfig?
        if let file = loaded.config {
            let (parsed, configDiagnostics) = ConfigParser.parse(file)
            config = parsed
            diagnostics += configDiagnostics
        }
        let options = MarkdownParser.Options(unsafeHTML: config?.unsafeHTML ?? false)
        let (catalog, catalogDiagnostics) = CatalogParser.parse(loaded.catalogs)
        diagnostics += catalogDiagnostics

        var parsed = ParsedProject(config: config, catalog: catalog, templates: loaded.templates, diagnostics: [])
        for (files, kind) in [(loaded.policies, DocumentKind.policy), (loaded.controls, .control), (loaded.pages, .page)] {
            for file in files {
                let result = DocumentParser.parse(file, as: kind, options: options)
                diagnostics += result.diagnostics
                if let policy = result.policy { parsed.policies.append(policy) }
                if let control = result.control { parsed.controls.append(control) }
                if let page = result.page { parsed.pages.append(page) }
            }
        }
        diagnostics += DataParser.parse(loaded.dataFiles, into: &parsed.data, options: options)
        parsed.diagnostics = diagnostics
        return parsed
    }
}
