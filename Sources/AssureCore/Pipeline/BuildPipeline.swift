import Foundation

/// What a finished build did, for the summary line the CLI prints.
public struct BuildSummary: Sendable {
    public struct Phase: Sendable, Hashable {
        public var phase: BuildPhase
        public var duration: Duration

        public var name: String { phase.name }
    }

    public var audience: SiteAudience
    public var documentsRead: Int
    /// HTML pages written (assets not counted).
    public var pagesWritten: Int
    public var filesWritten: Int
    /// Per framework in scope: its name, the groups in scope and the criteria addressed.
    public var coverage: [FrameworkCoverage]
    public var phases: [Phase]
    public var warnings: [Diagnostic]
    /// What became of the access grants (public site only; nil when there are none).
    public var access: AccessSummary?
    /// The answer library by what it says (nil when the project has none).
    public var answers: AnswerTally?
    /// What the updates page and feed hold, or why the site has none.
    public var updates = ""

    public var total: Duration { phases.reduce(.zero) { $0 + $1.duration } }
}

/// The build, as the named phases of `BuildPhase`: load → parse → history → resolve →
/// validate → theme → filter → render → write. Each phase takes the previous one's value (the
/// filter, which needs only the resolved model, runs alongside validation); errors stop the
/// build before anything is written.
public struct BuildPipeline: Sendable {
    public var project: any ProjectReader
    /// The day review dates are judged against; chosen by the caller so the engine reads no clock.
    public var asOf: CalendarDate
    /// Where revision history and the current commit come from.
    public var sourceControl: any SourceControl
    /// Parsed documents from earlier builds, for `assure serve`; nil parses everything.
    public var cache: DocumentCache?
    /// A monotonic reading, injected so tests and benchmarks control time; only the summary uses it.
    public var now: @Sendable () -> Duration
    /// Called as each phase starts.
    public var progress: (@Sendable (BuildPhase) -> Void)?

    /// Build even while criteria in scope are uncovered (`build --allow-gaps`): a programme in
    /// readiness can share where it stands; the pages show the gaps, and `check` still fails.
    public var allowGaps = false

    /// The secret a grant's keys and paths derive from; without it the public site publishes
    /// no grant pages (and the summary says so).
    public var accessSecret: AccessSecret?

    public init(
        project: any ProjectReader, asOf: CalendarDate, sourceControl: any SourceControl = NoSourceControl(),
        cache: DocumentCache? = nil, now: (@Sendable () -> Duration)? = nil,
        progress: (@Sendable (BuildPhase) -> Void)? = nil
    ) {
        self.project = project
        self.cache = cache
        self.asOf = asOf
        self.sourceControl = sourceControl
        let origin = ContinuousClock.now
        self.now = now ?? { origin.duration(to: .now) }
        self.progress = progress
    }

    /// What checking a project found: the model when it could be built, and every diagnostic.
    public struct Check: Sendable {
        public var portal: Portal?
        public var theme: Theme?
        /// Sorted and without repeats.
        public var diagnostics: [Diagnostic]
        public var phases: [BuildSummary.Phase]
        public var documents: Int
        /// The project's own template files, to tell when the theme changed.
        public var templates: [SourceFile]
        /// Every diagnostic as the phases found it, before the project's `diagnostics:` settings.
        var unfiltered: [Diagnostic] = []
        /// The project's `diagnostics:` settings.
        var policy = DiagnosticPolicy()
        /// The model filtered for the audience `check(filteringFor:)` was given.
        var view: PortalView?
    }

    /// Load, parse, resolve and validate: every check `assure check` and `assure build` run.
    /// Never throws; problems are diagnostics.
    public func check() async -> Check { await check(filteringFor: nil) }

    /// `check()`, and with an audience the model filtered for it (the view `build` renders)
    /// while it is validated: both only read the model, so they run side by side, and the
    /// summary's phases overlap by as much.
    func check(filteringFor audience: SiteAudience?) async -> Check {
        var phases: [BuildSummary.Phase] = []
        let loaded = timed(.load, &phases) { ProjectLoader.load(from: project) }
        progress?(.parse)
        let parseStart = now()
        let parsed = await ContentParser.parse(loaded, cache: cache)
        phases.append(.init(phase: .parse, duration: now() - parseStart))
        // One `git log` for each document's revisions, one for what recent commits changed.
        progress?(.history)
        let historyStart = now()
        let history = sourceControl.history(of: parsed.documentPaths)
        let updates = await UpdateLog.read(from: sourceControl, cache: cache)
        phases.append(.init(phase: .history, duration: now() - historyStart))
        var (portal, resolveDiagnostics) = timed(.resolve, &phases) { Resolver.resolve(parsed, history: history) }
        portal?.updates = updates
        let resolved = portal
        progress?(.validate)
        async let validated = measured { resolved.map { Validator(asOf: asOf).validate($0) } ?? [] }
        // The theme and the filter, in their order, while the model is validated.
        var laterPhases: [BuildSummary.Phase] = []
        let (theme, themeDiagnostics) = timed(.theme, &laterPhases) { Theme.load(overrides: parsed.templates) }
        let view = audience.flatMap { audience in
            resolved.map { portal in
                timed(.filter, &laterPhases) { AudienceFilter(audience: audience).apply(to: portal) }
            }
        }
        let (validation, validateDuration) = await validated
        phases.append(.init(phase: .validate, duration: validateDuration))
        phases += laterPhases
        // The project's `diagnostics:` settings turn warnings and notes up, down or off.
        let policy = DiagnosticPolicy(severities: parsed.config?.diagnostics ?? [:])
        let unfiltered = parsed.diagnostics + resolveDiagnostics + validation + themeDiagnostics
        return Check(
            portal: portal, theme: theme, diagnostics: allowingGaps(policy.apply(to: unfiltered).normalized()),
            phases: phases,
            documents: loaded.documentCount, templates: loaded.templates, unfiltered: unfiltered, policy: policy,
            view: view)
    }

    /// The checked model, or a `BuildFailure` with every diagnostic when there are errors.
    public func model() async throws -> Check { try await model(filteringFor: nil) }

    /// `model()`, with the view for `audience` (`check(filteringFor:)`).
    func model(filteringFor audience: SiteAudience?) async throws -> Check {
        let result = await check(filteringFor: audience)
        guard result.portal != nil, result.theme != nil, !result.diagnostics.hasErrors else {
            throw BuildFailure(result.diagnostics)
        }
        return result
    }

    /// With `allowGaps`, uncovered criteria stay in the output as warnings: the pages show them as gaps.
    public func allowingGaps(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        guard allowGaps else { return diagnostics }
        return diagnostics.map { diagnostic in
            var diagnostic = diagnostic
            if diagnostic.code == .uncoveredCriterion { diagnostic.severity = .warning }
            return diagnostic
        }
    }

    /// Builds the site for one audience and hands it to `destination`.
    public func build(audience: SiteAudience, into destination: any SiteDestination) async throws -> BuildSummary {
        // A destination that takes pages one by one gets each as it is rendered (the render
        // phase then includes writing them); the rest, and the swap, are the write phase.
        let stage = try destination.stage()
        do {
            let site = try await renderSite(for: audience, into: stage)
            let files = site.files
            var summary = site.summary
            // The model is let go on another thread while the site is written and swapped in:
            // a large site's model is hundreds of thousands of values, and freeing them takes
            // as long as the swap.
            let model = Parcel((site.portal, site.view))
            _ = consume site
            let freeing = Task.detached { model.empty() }
            progress?(.write)
            let writeStart = now()
            if let stage {
                for file in files { try stage.write(file) }
                try await stage.commit()
            } else {
                try await destination.replace(with: files)
            }
            await freeing.value
            summary.phases.append(.init(phase: .write, duration: now() - writeStart))
            return summary
        } catch {
            stage?.abandon()
            throw error
        }
    }

    /// Builds the auditor site in memory and zips it with its manifest.
    public func bundle(modified: Date, version: String) async throws
        -> (zip: Data, manifest: BundleManifest, summary: BuildSummary)
    {
        let site = try await renderSite(for: .auditor)
        // The bundle carries the programme as OSCAL too, listed in the manifest like every file.
        let oscal = try oscalExporter(site).export(.all).map {
            OutputFile(path: Self.oscalFolder + "/" + $0.path, data: $0.data)
        }
        let files = (site.files + oscal).sorted { $0.path < $1.path }
        let manifest = AuditorBundle.manifest(
            for: files, config: site.portal.config, source: sourceControl.revision(), version: version,
            openCriteria: site.view.openCriteria)
        let zip = try AuditorBundle.zip(files, manifest: manifest, modified: modified)
        return (zip, manifest, site.summary)
    }

    /// The folder of the bundle that holds the OSCAL export.
    public static let oscalFolder = "oscal"

    /// The programme as OSCAL (`OSCALExporter`): the plans made from `audience`'s view, each
    /// policy's resource carrying the SHA-256 of its page on that audience's site.
    public func oscal(_ choice: OSCALModelChoice, audience: SiteAudience) async throws -> [OutputFile] {
        try oscalExporter(try await renderSite(for: audience)).export(choice)
    }

    /// When the content was made, for what is dated by it (OSCAL's `last-modified`, the PDF):
    /// the commit's date, else the first moment of the day judged as of.
    public var contentDate: Date { sourceControl.commitDate() ?? asOf.midnight }

    /// The exporter for a rendered site, dated by `contentDate`.
    private func oscalExporter(_ site: RenderedSite) -> OSCALExporter {
        let revision = sourceControl.revision()
        let version = revision.map { $0.commit + ($0.clean ? "" : "+uncommitted") } ?? "not in a git repository"
        return OSCALExporter(
            view: site.view, publicView: AudienceFilter(audience: .public).apply(to: site.portal),
            siteFiles: Dictionary(site.files.map { ($0.path, $0.data) }) { first, _ in first },
            lastModified: contentDate,
            version: version)
    }

    /// A value handed to another task to be let go there.
    private final class Parcel<Value>: @unchecked Sendable {
        private var value: Value?
        init(_ value: Value) { self.value = value }
        /// Called once, by the one task the parcel was handed to.
        func empty() { value = nil }
    }

    /// A site rendered in memory, with the model and the view it was rendered from.
    private struct RenderedSite {
        var files: [OutputFile]
        var summary: BuildSummary
        var portal: Portal
        var view: PortalView
    }

    /// Every phase but writing: the site's files in memory, or, given a stage, the files other
    /// than pages (written to it as they were rendered).
    private func renderSite(for audience: SiteAudience, into stage: (any SiteStage)? = nil) async throws
        -> RenderedSite
    {
        let model = try await model(filteringFor: audience)
        guard let portal = model.portal, let theme = model.theme, let view = model.view else {
            throw BuildFailure(model.diagnostics)
        }
        var phases = model.phases
        progress?(.render)
        let renderStart = now()
        let rendered = try await SiteRenderer(theme: theme).render(view, into: stage)
        var files = rendered.files
        // A customer's grant pages go into the public site only, sealed; the auditor site has
        // every restricted document in full already.
        var access: AccessSummary?
        if audience == .public, !portal.grants.isEmpty {
            let gated = try GatedPages.render(
                portal: portal, publicView: view, theme: theme, secret: accessSecret, asOf: asOf)
            files = (files + gated.files).sorted { $0.path < $1.path }
            access = gated.summary
        }
        phases.append(.init(phase: .render, duration: now() - renderStart))
        let paths = rendered.stagedPaths + files.map(\.path)
        try SiteRenderer.checkUniquePaths(paths)
        let coverage = portal.frameworkCoverage
        var summary = BuildSummary(
            audience: audience, documentsRead: model.documents,
            pagesWritten: paths.filter { $0.hasSuffix(".html") }.count, filesWritten: paths.count,
            coverage: coverage, phases: phases, warnings: model.diagnostics)
        summary.access = access
        summary.answers = AnswerTally(portal)
        summary.updates = Self.describeUpdates(view)
        return RenderedSite(files: files, summary: summary, portal: portal, view: view)
    }

    /// "4 changes on updates/index.html and in updates.xml", or why there are none.
    static func describeUpdates(_ view: PortalView) -> String {
        guard view.hasUpdates else { return "no updates page or feed: " + (view.updatesUnavailable ?? "") }
        let count = view.updates.count
        return "\(count) \(count == 1 ? "commit" : "commits") told on \(SitePaths.updates)"
            + (view.hasFeed ? " and in \(SitePaths.feed)" : "")
    }

    /// The value `work` makes and how long it took.
    private func measured<T>(_ work: () throws -> T) rethrows -> (T, Duration) {
        let start = now()
        let value = try work()
        return (value, now() - start)
    }

    private func timed<T>(_ phase: BuildPhase, _ phases: inout [BuildSummary.Phase], _ work: () throws -> T) rethrows
        -> T
    {
        progress?(phase)
        let start = now()
        let value = try work()
        phases.append(.init(phase: phase, duration: now() - start))
        return value
    }
}
