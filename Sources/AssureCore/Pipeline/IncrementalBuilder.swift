import Foundation
import Synchronization

/// Revision history read on the first build and then frozen, so a rebuild in `assure serve`
/// does not run `git log` on every keystroke. History changes with commits, not with saves.
package final class FrozenSourceControl: SourceControl {
    private let source: any SourceControl
    /// Each is read from `source` on first use, then kept.
    private let revisionRead = Mutex<SourceRevision??>(nil)
    private let historyRead = Mutex<[String: [Revision]]??>(nil)

    package init(_ source: any SourceControl) { self.source = source }

    package func revision() -> SourceRevision? {
        revisionRead.withLock { stored in
            if let stored { return stored }
            let value = source.revision()
            stored = .some(value)
            return value
        }
    }

    package func history(of paths: [String]) -> [String: [Revision]]? {
        let frozen = historyRead.withLock { stored -> [String: [Revision]]? in
            if let stored { return stored }
            let value = source.history(of: paths)
            stored = .some(value)
            return value
        }
        guard let frozen else { return nil }
        var result: [String: [Revision]] = [:]
        for path in paths { result[path] = frozen[path] ?? [] }
        return result
    }
}

/// Builds a site again after edits: unchanged files are not parsed again, and only the pages
/// that depend on what changed are rendered again. The files are byte-identical to a full build.
package actor IncrementalBuilder {
    package struct Result: Sendable {
        package var files: [OutputFile]
        /// Pages rendered this time (all of them on a full build).
        package var rendered: Int
        package var warnings: [Diagnostic]
    }

    private let pipeline: BuildPipeline
    private let audience: SiteAudience
    private var previous: (portal: Portal, templates: [SourceFile], files: [String: Data])?

    /// `allowGaps`: preview a programme in readiness, its uncovered criteria shown as gaps.
    package init(
        project: any ProjectReader, audience: SiteAudience, asOf: CalendarDate,
        sourceControl: any SourceControl = NoSourceControl(), allowGaps: Bool = false
    ) {
        var pipeline = BuildPipeline(
            project: project, asOf: asOf, sourceControl: sourceControl, cache: DocumentCache())
        pipeline.allowGaps = allowGaps
        self.pipeline = pipeline
        self.audience = audience
    }

    /// Builds the site; throws a `BuildFailure` and keeps the previous state when there are errors.
    package func build() async throws -> Result {
        let check = try await pipeline.model()
        guard let portal = check.portal, let theme = check.theme else { throw BuildFailure(check.diagnostics) }
        let view = AudienceFilter(audience: audience).apply(to: portal)
        var change: DocumentChange?
        if let previous, previous.templates == check.templates {
            change = Self.documentChange(from: previous.portal, to: portal)
        }
        let site = try await SiteRenderer(theme: theme).render(view, previous: previous?.files ?? [:], change: change)
        try SiteRenderer.checkUniquePaths(site.files)
        previous = (portal, check.templates, Dictionary(site.files.map { ($0.path, $0.data) }) { first, _ in first })
        return Result(files: site.files, rendered: site.pagesRendered, warnings: check.diagnostics)
    }

    /// What changed from `old` to `new` when only documents did, or nil when every page must be
    /// rendered (the configuration, catalogs, data, files, evidence, history or the set of free
    /// pages changed: they appear on every page or in ways not worth tracking). Which pages the
    /// change reaches is each page's own declaration (`SitePage.Dependency`).
    static func documentChange(from old: Portal, to new: Portal) -> DocumentChange? {
        guard old.config == new.config, old.catalog == new.catalog, old.data == new.data, old.assets == new.assets,
            old.evidence == new.evidence,
            old.history == new.history,
            old.pages.map({ [$0.header.id, $0.header.title, $0.header.audience.rawValue, "\($0.order ?? -1)"] })
                == new.pages.map({ [$0.header.id, $0.header.title, $0.header.audience.rawValue, "\($0.order ?? -1)"] })
        else { return nil }

        // Documents whose model differs, by node: their fields, text and what their references
        // resolve to. Compared as their own types: unchanged documents come from the parse
        // cache and share their storage, so most comparisons end at the first pointer.
        var changed = Set<NodeRef>()
        func compare<Document: PortalDocument>(_ before: [Document], _ after: [Document]) {
            let earlier = Dictionary(before.map { ($0.node, $0) }) { first, _ in first }
            var seen = Set<NodeRef>()
            for document in after where seen.insert(document.node).inserted {
                guard let was = earlier[document.node], was == document,
                    old.targets(of: was.body) == new.targets(of: document.body)
                else {
                    changed.insert(document.node)
                    continue
                }
            }
            for node in earlier.keys where !seen.contains(node) { changed.insert(node) }
        }
        compare(old.policies, new.policies)
        compare(old.controls, new.controls)
        compare(old.pages, new.pages)

        var reached = changed
        for node in changed {
            for graph in [old.links, new.links] {
                for neighbour in graph.referrers(of: node) + graph.references(of: node) {
                    reached.insert(neighbour)
                    // Criterion pages list the policies behind their controls: a policy's
                    // title reaches the criteria of the controls that implement it.
                    if case .document(.policy, _) = node, case .document(.control, _) = neighbour {
                        for criterion in graph.references(of: neighbour) where criterion.isCriterion {
                            reached.insert(criterion)
                        }
                    }
                }
            }
        }
        return DocumentChange(changed: changed, reached: reached)
    }
}
