import Foundation
import Mustache

/// One file of the built site.
public struct OutputFile: Sendable, Hashable {
    /// Path relative to the site root.
    public var path: String
    public var data: Data

    public init(path: String, data: Data) {
        self.path = path
        self.data = data
    }
}

/// Phase 8: every page of a view through the theme, in parallel, in a stable order.
public struct SiteRenderer: Sendable {
    public var theme: Theme

    public init(theme: Theme) { self.theme = theme }

    /// The files of a site, and how many of its pages were rendered rather than reused.
    public struct Output: Sendable {
        /// Every file, or, when pages went to a stage, every file but the pages.
        public var files: [OutputFile]
        public var pagesRendered: Int
        /// The path of every file written to the stage (the pages and the search index); none
        /// without one.
        public var stagedPaths: [String]
    }

    /// Renders every page of the view. With `previous` and `change`, a page the change cannot
    /// alter whose earlier bytes are in `previous` is reused instead of rendered again. With a
    /// `stage`, each page is written to it once rendered and only the other files are returned,
    /// so a site of 10,000 pages is never held in memory whole.
    func render(
        _ view: PortalView, previous: [String: Data] = [:], change: DocumentChange? = nil,
        into stage: (any SiteStage)? = nil
    ) async throws -> Output {
        var reused: [OutputFile] = []
        var jobs: [SitePage] = []
        let all = SitePage.all(for: view)
        for page in all {
            if let change, !page.isAffected(by: change), let data = previous[page.path] {
                reused.append(OutputFile(path: page.path, data: data))
            } else {
                jobs.append(page)
            }
        }
        // Each page writes its document's line of the search index, to the stage's file when
        // there is one.
        let indexStream = SearchIndexStream(view: view, into: try stage?.stream(SitePaths.searchIndex))
        // Pages that list many documents are the largest; started first, they do not leave one
        // core rendering alone at the end. Documents' pages keep their order, the index's.
        let ordered = jobs.filter { $0.dependency == .anyDocument } + jobs.filter { $0.dependency != .anyDocument }
        let rendered = try await renderConcurrently(ordered, in: view, into: stage, searchIndex: indexStream)
        let searchIndex = try indexStream.finish()
        let assets = theme.assets.map { OutputFile(path: $0.key, data: $0.value) }
        var pages = rendered + reused
        if let stage {
            for page in reused { try stage.write(page) }
            pages = []
        }
        let extras =
            SiteExtras.files(for: view, pagePaths: all.map(\.path))
            + (searchIndex.map { [OutputFile(path: SitePaths.searchIndex, data: $0)] } ?? [])
            + view.assets.map { OutputFile(path: SitePaths.asset($0.key), data: $0.value) }
        let files = (pages + assets + Self.dataFiles(for: view) + extras).sorted { $0.path < $1.path }
        let staged = stage == nil ? [] : all.map(\.path) + [SitePaths.searchIndex]
        return Output(files: files, pagesRendered: jobs.count, stagedPaths: staged)
    }

    /// After an edit to the text of the `change.changed` documents alone (`BodyEdit`): `files`,
    /// the last build's site, with the pages the change reaches rendered again and the search
    /// index's edited entries replaced. Every other file (lists, data files, the feed) shows
    /// fields and titles only and stays.
    /// Returns how many pages were rendered.
    func render(textOf change: DocumentChange, in view: PortalView, into files: inout [String: Data]) async throws
        -> Int
    {
        let pages = change.reached.sorted().compactMap { SitePage.page(for: $0, in: view) }
        let lastIndex = files[SitePaths.searchIndex] ?? Data()
        async let searchIndex = SearchIndex.script(for: view, previous: lastIndex, textOf: change.changed)
        let rendered = try await renderConcurrently(pages, in: view)
        for file in rendered { files[file.path] = file.data }
        files[SitePaths.searchIndex] = await searchIndex
        return rendered.count
    }

    /// Pages rendered on every core, in no particular order; written to `stage` as they come,
    /// when there is one, and then not returned.
    private func renderConcurrently(
        _ pages: [SitePage], in view: PortalView, into stage: (any SiteStage)? = nil,
        searchIndex: SearchIndexStream? = nil
    ) async throws -> [OutputFile] {
        let library = theme.library
        let contexts = PageContexts(view: view, searchIndex: searchIndex)
        return try await withThrowingTaskGroup(of: OutputFile?.self) { group in
            for page in pages {
                group.addTask {
                    let file = try Self.render(page, with: library, contexts: contexts)
                    guard let stage else { return file }
                    try stage.write(file)
                    return nil
                }
            }
            var rendered: [OutputFile] = []
            for try await file in group { if let file { rendered.append(file) } }
            return rendered
        }
    }

    /// Some pages of a view, as `render` would write them.
    func render(_ pages: [SitePage], in view: PortalView) throws -> [OutputFile] {
        let contexts = PageContexts(view: view)
        return try pages.map { try Self.render($0, with: theme.library, contexts: contexts) }
    }

    private static func render(_ page: SitePage, with library: TemplateLibrary, contexts: PageContexts) throws
        -> OutputFile
    {
        OutputFile(path: page.path, data: Data(try library.render(page.context(contexts), withTemplate: page.template)))
    }

    /// Two outputs may not share a path (case-insensitively, for case-insensitive file systems).
    static func checkUniquePaths(_ paths: [String]) throws {
        var seen = Set<String>()
        for path in paths.sorted() where !seen.insert(path.lowercased()).inserted {
            throw BuildFailure([
                .error(
                    .unsafeOutput, at: SourceLocation(path: path),
                    "two pages would be written to \(path)",
                    hint: "rename one of the IDs; a template asset may also share the name")
            ])
        }
    }

    /// Machine-readable companions of the pages, for auditors: the coverage matrix and each
    /// Statement of Applicability.
    static func dataFiles(for view: PortalView) -> [OutputFile] {
        guard view.audience == .auditor else { return [] }
        let report = CoverageReport(coverage: view.coverage, frameworks: view.frameworkCoverage)
        return [
            OutputFile(path: SitePaths.coverageCSV, data: Data(report.csv().utf8)),
            OutputFile(path: SitePaths.coverageJSON, data: Data(report.json().utf8)),
        ]
            + statements(for: view).map {
                OutputFile(path: SitePaths.statementOfApplicabilityCSV($0.catalog.id), data: Data($0.csv().utf8))
            }
            + evidenceControls(in: view).map { control in
                let log =
                    view.evidence[control.header.id]
                    ?? EvidenceLog(controlID: control.header.id, path: "", records: [])
                return OutputFile(
                    path: SitePaths.population(for: control.header.id), data: Data(populationCSV(log).utf8))
            }
    }

    /// The controls with an evidence page: implemented, with a frequency, in a programme with a
    /// report period.
    static func evidenceControls(in view: PortalView) -> [ControlNarrative] {
        guard view.audience == .auditor, view.config.report?.periodEnd != nil else { return [] }
        return view.documents.controls.filter { view.schedules[$0.header.id] != nil }
    }

    /// A control's records, one per line, for an auditor to sample from.
    static func populationCSV(_ log: EvidenceLog) -> String {
        var lines = ["control,performed,from,to,performer,reviewer,result,exception,artifacts"]
        for record in log.records {
            lines.append(
                [
                    log.controlID, record.performed.description, record.from.description, record.to.description,
                    record.performer, record.reviewer ?? "", record.result.rawValue, record.exception ?? "",
                    record.artifacts.map { String($0.value.split(separator: "/").last ?? "") }.joined(separator: " "),
                ].map(CoverageReport.csvField).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The Statements of Applicability the auditor site carries.
    static func statements(for view: PortalView) -> [StatementOfApplicability] {
        guard view.audience == .auditor else { return [] }
        return view.publishedCatalogs.compactMap {
            StatementOfApplicability(catalog: $0, coverage: view.coverage, scope: view.scope)
        }
    }
}
