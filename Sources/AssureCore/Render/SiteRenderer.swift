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

/// Phase 5: every page of a view through the theme, in parallel, in a stable order.
public struct SiteRenderer: Sendable {
    public var theme: Theme

    public init(theme: Theme) { self.theme = theme }

    /// The files of a site, and how many of its pages were rendered rather than reused.
    public struct Output: Sendable {
        public var files: [OutputFile]
        public var pagesRendered: Int
    }

    /// Renders every page of the view. With `previous` and `change`, a page the change cannot
    /// alter whose earlier bytes are in `previous` is reused instead of rendered again.
    func render(_ view: PortalView, previous: [String: Data] = [:], change: DocumentChange? = nil) async throws
        -> Output
    {
        var reused: [OutputFile] = []
        var jobs: [SitePage] = []
        for page in SitePage.all(for: view) {
            if let change, !page.isAffected(by: change), let data = previous[page.path] {
                reused.append(OutputFile(path: page.path, data: data))
            } else {
                jobs.append(page)
            }
        }
        let library = theme.library
        // The search index reads every document: built beside the pages rather than after them,
        // and after an edit to text alone, from the last index with the edited entries replaced.
        let lastIndex = previous[SitePaths.searchIndex]
        async let searchIndex =
            if let change, change.textOnly, let lastIndex {
                SearchIndex.script(for: view, previous: lastIndex, textOf: change.changed)
            } else {
                Data(SearchIndex.script(for: view).utf8)
            }
        let rendered = try await withThrowingTaskGroup(of: OutputFile.self) { group in
            for job in jobs {
                group.addTask { try Self.render(job, with: library, contexts: PageContexts(view: view)) }
            }
            var files: [OutputFile] = []
            for try await file in group { files.append(file) }
            return files
        }
        let assets = theme.assets.map { OutputFile(path: $0.key, data: $0.value) }
        let pages = rendered + reused
        let extras =
            SiteExtras.files(for: view, pagePaths: pages.map(\.path))
            + [OutputFile(path: SitePaths.searchIndex, data: await searchIndex)]
            + view.assets.map { OutputFile(path: $0.key, data: $0.value) }
        // The auditor's data files show fields and coverage, never text.
        let dataFiles = Self.dataFiles(for: view).map { file in
            if let change, change.textOnly, let data = previous[file.path] {
                return OutputFile(path: file.path, data: data)
            }
            return OutputFile(path: file.path, data: Data(file.text().utf8))
        }
        let files = (pages + assets + dataFiles + extras).sorted { $0.path < $1.path }
        return Output(files: files, pagesRendered: rendered.count)
    }

    /// Some pages of a view, as `render` would write them.
    func render(_ pages: [SitePage], in view: PortalView) throws -> [OutputFile] {
        let contexts = PageContexts(view: view)
        return try pages.map { try Self.render($0, with: theme.library, contexts: contexts) }
    }

    private static func render(_ page: SitePage, with library: MustacheLibrary, contexts: PageContexts) throws
        -> OutputFile
    {
        guard let html = library.render(page.context(contexts), withTemplate: page.template) else {
            throw BuildFailure([
                .error(
                    .templateError, at: SourceLocation(path: "templates/\(page.template).mustache"),
                    "the theme has no `\(page.template)` template")
            ])
        }
        return OutputFile(path: page.path, data: Data(html.utf8))
    }

    /// Two outputs may not share a path (case-insensitively, for case-insensitive file systems).
    static func checkUniquePaths(_ files: [OutputFile]) throws {
        var seen = Set<String>()
        for file in files where !seen.insert(file.path.lowercased()).inserted {
            throw BuildFailure([
                .error(
                    .unsafeOutput, at: SourceLocation(path: file.path),
                    "two pages would be written to \(file.path)",
                    hint: "rename one of the IDs; a template asset may also share the name")
            ])
        }
    }

    /// Machine-readable companions of the pages, for auditors: the coverage matrix and each
    /// Statement of Applicability.
    static func dataFiles(for view: PortalView) -> [(path: String, text: () -> String)] {
        guard view.audience == .auditor else { return [] }
        let report = CoverageReport(coverage: view.coverage, frameworks: view.frameworkCoverage)
        return [(SitePaths.coverageCSV, report.csv), (SitePaths.coverageJSON, report.json)]
            + statements(for: view).map { soa in (SitePaths.statementOfApplicabilityCSV(soa.catalog.id), soa.csv) }
            + evidenceControls(in: view).map { control in
                let log =
                    view.evidence[control.header.id]
                    ?? EvidenceLog(controlID: control.header.id, path: "", records: [])
                return (SitePaths.population(for: control.header.id), { populationCSV(log) })
            }
    }

    /// The controls with an evidence page: implemented, with a frequency, in a programme with a
    /// report period.
    static func evidenceControls(in view: PortalView) -> [ControlNarrative] {
        guard view.audience == .auditor, view.config.report?.periodEnd != nil else { return [] }
        return view.controls.filter { $0.status == .implemented && $0.frequency != nil }
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
