import Dispatch
import Foundation

/// Phase 2: every loaded file parsed into typed values, with all problems found along the way.
public struct ParsedProject: Sendable {
    /// Nil when assure.yml is missing or unreadable; the build then fails with its diagnostics.
    public var config: ProjectConfig?
    public var catalog: CriteriaCatalog
    public var crosswalk = Crosswalk()
    public var evidence: [EvidenceLog] = []
    public var grants: [AccessGrant] = []
    public var questionnaires = QuestionnaireSet(QuestionnaireParser.builtIn)
    public var sentQuestionnaires: [SentQuestionnaire] = []
    /// Every document that parsed, in path order.
    public var documents: [Document] = []
    public var data = DataLists()
    public var templates: [SourceFile]
    /// Files documents may show or link to, by content path.
    public var assets: [String: Data] = [:]
    public var diagnostics: [Diagnostic]

    /// Every document's source path, for reading its history before the model is resolved.
    public var documentPaths: [String] {
        documents.map(\.header.path).sorted()
    }
}

/// Parsed documents kept between builds (by `assure serve`), so an edit re-parses one file.
public final class DocumentCache: Sendable {
    struct Entry {
        var data: Data
        var kind: DocumentKind
        var options: MarkdownParser.Options
        var parsed: DocumentParser.Parsed
    }

    private let entries = Locked<[String: Entry]>([:])
    /// Evidence files as parsed, by path, with the bytes they were parsed from.
    private let evidenceEntries = Locked<[String: (data: Data, logs: [EvidenceLog], diagnostics: [Diagnostic])]>([:])

    func evidence(_ file: SourceFile) -> ([EvidenceLog], [Diagnostic])? {
        evidenceEntries.withLock { entries in
            entries[file.path].flatMap { $0.data == file.data ? ($0.logs, $0.diagnostics) : nil }
        }
    }

    func store(evidence: ([EvidenceLog], [Diagnostic]), of file: SourceFile) {
        evidenceEntries.withLock { $0[file.path] = (file.data, evidence.0, evidence.1) }
    }

    /// The updates log and the commit it was made at (`UpdateLog.read`).
    private let updates = Locked<(head: String, log: UpdateLog)?>(nil)

    public init() {}

    func updateLog(at head: String) -> UpdateLog? {
        updates.withLock { $0?.head == head ? $0?.log : nil }
    }

    func store(_ log: UpdateLog, at head: String) { updates.withLock { $0 = (head, log) } }

    func lookup(_ file: SourceFile, kind: DocumentKind, options: MarkdownParser.Options) -> DocumentParser.Parsed? {
        entries.withLock { entries in
            guard let entry = entries[file.path], entry.kind == kind, entry.options == options, entry.data == file.data
            else { return nil }
            return entry.parsed
        }
    }

    /// What the last parse of the file at `path` found, whatever its bytes were then.
    func lastParse(of path: String) -> DocumentParser.Parsed? {
        entries.withLock { $0[path]?.parsed }
    }

    func store(
        _ parsed: DocumentParser.Parsed, for file: SourceFile, kind: DocumentKind, options: MarkdownParser.Options
    ) {
        entries.withLock { $0[file.path] = Entry(data: file.data, kind: kind, options: options, parsed: parsed) }
    }
}

public enum ContentParser {
    /// Evidence files parsed, each only when its bytes changed since the cache last saw it
    /// (`serve`'s edits, the updates log's commits).
    static func evidence(_ files: [SourceFile], cache: DocumentCache?) -> ([EvidenceLog], [Diagnostic]) {
        var logs: [EvidenceLog] = []
        var diagnostics: [Diagnostic] = []
        for file in files {
            let parsed = cache?.evidence(file) ?? EvidenceParser.parse([file])
            cache?.store(evidence: parsed, of: file)
            logs += parsed.0
            diagnostics += parsed.1
        }
        return (logs, diagnostics)
    }

    /// Parses in a fixed order (config, catalogs, mappings, documents by path, data). Markdown parses
    /// run one at a time; see `MarkdownParser`. With a cache, unchanged files are not parsed again.
    public static func parse(_ loaded: LoadedProject, cache: DocumentCache? = nil) async -> ParsedProject {
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
        let (crosswalk, mappingDiagnostics) = MappingParser.parse(loaded.mappings, catalog: catalog)
        parsed.crosswalk = crosswalk
        diagnostics += mappingDiagnostics
        parsed.assets = Dictionary(loaded.assets.map { ($0.path, $0.data) }) { first, _ in first }
        let jobs = loaded.documents
        // Every step runs on every core; only the cmark part of each markdown parse holds
        // MarkdownParser's lock, so the cores meet there for a short time each.
        let results = await withTaskGroup(of: (Int, DocumentParser.Parsed).self) { group in
            for (index, (file, kind)) in jobs.enumerated() {
                group.addTask {
                    if let cached = cache?.lookup(file, kind: kind, options: options) { return (index, cached) }
                    let result = DocumentParser.parse(file, as: kind, options: options)
                    cache?.store(result, for: file, kind: kind, options: options)
                    return (index, result)
                }
            }
            var results = [DocumentParser.Parsed?](repeating: nil, count: jobs.count)
            for await (index, result) in group { results[index] = result }
            return results
        }
        for result in results {
            guard let result else { continue }
            diagnostics += result.diagnostics
            if let document = result.document { parsed.documents.append(document) }
        }
        diagnostics += DataParser.parse(loaded.dataFiles, into: &parsed.data, options: options)
        let (evidence, evidenceDiagnostics) = Self.evidence(loaded.evidence, cache: cache)
        parsed.evidence = evidence
        diagnostics += evidenceDiagnostics
        let (grants, grantDiagnostics) = GrantParser.parse(loaded.grants)
        parsed.grants = grants
        diagnostics += grantDiagnostics
        let (questionnaires, questionnaireDiagnostics) = QuestionnaireParser.parse(loaded.questionnaires)
        parsed.questionnaires = questionnaires
        diagnostics += questionnaireDiagnostics
        let (sent, sentDiagnostics) = SentQuestionnaireParser.parse(loaded.sentQuestionnaires)
        parsed.sentQuestionnaires = sent
        diagnostics += sentDiagnostics
        parsed.diagnostics = diagnostics
        return parsed
    }
}
