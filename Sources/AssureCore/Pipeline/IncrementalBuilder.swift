import Foundation

/// Revision history read on the first build and then frozen, so a rebuild in `assure serve`
/// does not run `git log` on every keystroke. History changes with commits, not with saves.
package final class FrozenSourceControl: SourceControl {
    private let source: any SourceControl
    /// Each is read from `source` on first use, then kept.
    private let revisionRead = Locked<SourceRevision??>(nil)
    private let historyRead = Locked<[String: [Revision]]??>(nil)

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
        /// The site, by path.
        package var site: [String: Data]
        /// Pages rendered this time (all of them on a full build).
        package var rendered: Int
        package var warnings: [Diagnostic]
        /// Whether the build started from the last one, re-reading only edited text (`BodyEdit`).
        package var fromLastBuild = false

        /// The site's files, sorted by path.
        package var files: [OutputFile] {
            site.map { OutputFile(path: $0.key, data: $0.value) }.sorted { $0.path < $1.path }
        }
    }

    private let pipeline: BuildPipeline
    private let audience: SiteAudience
    private let cache = DocumentCache()
    private var last: LastBuild?
    /// Whether the files on disk may differ from the last good build by more than the changes
    /// reported since (a full rebuild failed after it): the next build then reads everything.
    private var diverged = false
    /// Paths changed since the last good build by edits that did not build (a link to nothing
    /// while it is typed): the next edit is built with them.
    private var unbuilt: Set<String> = []
    /// The last good build's parse of each unbuilt document (the cache holds its latest).
    private var builtParses: [String: DocumentParser.Parsed] = [:]

    /// `allowGaps`: preview a programme in readiness, its uncovered criteria shown as gaps.
    package init(
        project: any ProjectReader, audience: SiteAudience, asOf: CalendarDate,
        sourceControl: any SourceControl = NoSourceControl(), allowGaps: Bool = false
    ) {
        var pipeline = BuildPipeline(project: project, asOf: asOf, sourceControl: sourceControl, cache: cache)
        pipeline.allowGaps = allowGaps
        self.pipeline = pipeline
        self.audience = audience
    }

    /// Builds the site; throws a `BuildFailure` and keeps the previous state when there are errors.
    /// `changed`: the project paths added, removed or changed since the last call, when the
    /// caller knows them; an edit to the text of documents alone is then built from the last
    /// build (see `BodyEdit`), anything else from the whole project.
    package func build(changed: [String]? = nil) async throws -> Result {
        if let changed, !diverged {
            let paths = unbuilt.union(changed)
            if let edits = last.flatMap({ edits(paths, after: $0) }) {
                do {
                    let result = try await build(edits)
                    unbuilt = []
                    builtParses = [:]
                    return result
                } catch {
                    unbuilt = paths
                    throw error
                }
            }
        }
        let result: Result
        do {
            result = try await fullBuild()
        } catch {
            diverged = true
            throw error
        }
        diverged = false
        unbuilt = []
        builtParses = [:]
        return result
    }

    private func fullBuild() async throws -> Result {
        let check = try await pipeline.model()
        guard let portal = check.portal, let theme = check.theme else { throw BuildFailure(check.diagnostics) }
        let view = AudienceFilter(audience: audience).apply(to: portal)
        var change: DocumentChange?
        if let last, last.templates == check.templates {
            change = Self.documentChange(from: last.portal, to: portal)
        }
        let site = try await SiteRenderer(theme: theme).render(view, previous: last?.files ?? [:], change: change)
        try SiteRenderer.checkUniquePaths(site.files)
        let files = Dictionary(site.files.map { ($0.path, $0.data) }) { first, _ in first }
        last = LastBuild(check: check, portal: portal, theme: theme, view: view, files: files)
        return Result(site: files, rendered: site.pagesRendered, warnings: check.diagnostics)
    }

    /// The pages of edited policies and controls whose fields changed, rendered at once from
    /// the last build with the edited documents in place, for `assure serve` to show while it
    /// builds the whole site again (a field can reach every list, and that build takes a
    /// second at 10,000 documents). Nil when there is nothing to show first: the edits are to
    /// text alone (their build takes milliseconds), touch anything but policies and controls
    /// shown in full, change an audience or whether a control applies, or do not parse and
    /// resolve cleanly. The build that follows is the truth; its pages replace these.
    package func preview(changed: [String]) -> [OutputFile]? {
        // An editor saves one file or a few; a checkout of another branch is built whole, with
        // nothing shown first (parsing thousands of files twice would only delay it).
        guard let last, !diverged, unbuilt.isEmpty, changed.count <= Self.previewLimit else { return nil }
        let portal = last.portal
        let context = portal.referenceContext
        var edited: [(old: any PortalDocument, new: any PortalDocument)] = []
        for path in Set(changed).sorted() where !Self.isHidden(path) {
            guard let (place, _, parsed) = reparse(path, after: last) else { return nil }
            switch (place.kind, parsed.policy, parsed.control) {
            case (.policy, let new?, _) where !parsed.diagnostics.hasErrors:
                edited.append((portal.policies[place.index], new))
            case (.control, _, let new?) where !parsed.diagnostics.hasErrors:
                edited.append((portal.controls[place.index], new))
            default:
                // A page's title is in every page's menu; a file that does not parse fails the build.
                return nil
            }
        }
        func sameFields<Document: PortalDocument>(_ old: Document, _ new: any PortalDocument) -> Bool {
            (new as? Document).map(old.hasFields(of:)) ?? false
        }
        guard
            edited.contains(where: { edit in
                let old = edit.old
                return !sameFields(old, edit.new)
            })
        else { return nil }

        // Only the lookups the edited pages make are changed: their bodies' links, and the
        // titles of a control's policies shown by title only.
        var view = last.view
        var linker = view.linker
        var pages: [SitePage] = []
        for (old, new) in edited {
            var graph = LinkGraph()
            var diagnostics: [Diagnostic] = []
            let targets = context.resolve(new.body, from: new.node, graph: &graph, diagnostics: &diagnostics)
            let criteria = (new as? Policy)?.criteria ?? (new as? ControlNarrative)?.criteria ?? []
            guard !diagnostics.hasErrors, new.header.id == old.header.id, new.header.audience == old.header.audience,
                linker.isShown(new.node),
                criteria.allSatisfy({ if case .found = portal.catalog.lookup($0.value) { true } else { false } })
            else { return nil }
            view.referenceLinks[new.body.key] = linker.links(for: targets)
            switch (old, new) {
            case (let old as ControlNarrative, let new as ControlNarrative):
                guard (new.status == .notApplicable) == (old.status == .notApplicable),
                    new.policies.allSatisfy({ context.headersByID[$0.value]?.kind == .policy })
                else { return nil }
                let titles = linker.restrictedPolicyTitles(of: new)
                view.restrictedPolicies[new.header.id] = titles.isEmpty ? nil : titles
                pages.append(.control(linker.withShownPolicies(new)))
            case (_, let new as Policy):
                pages.append(.policy(new))
            default:
                return nil
            }
        }
        return try? SiteRenderer(theme: last.theme).render(pages, in: view)
    }

    /// The most changed files a preview is shown for.
    static let previewLimit = 16

    /// The edits to the text of documents the changed paths hold; nil when the changes are more
    /// than that.
    private func edits(_ paths: Set<String>, after last: LastBuild) -> [BodyEdit]? {
        var edits: [BodyEdit] = []
        for path in paths.sorted() where !Self.isHidden(path) {
            guard let before = builtParses[path] ?? cache.lastParse(of: path),
                let (place, file, after) = reparse(path, after: last)
            else { return nil }
            builtParses[path] = before
            cache.store(after, for: file, kind: place.kind, options: Self.options(of: last))
            let parsed = (old: before.diagnostics, new: after.diagnostics)
            let portal = last.portal
            let edit: BodyEdit? =
                switch place.kind {
                case .policy:
                    before.policy == portal.policies[place.index]
                        ? BodyEdit(portal.policies[place.index], after.policy, parsed: parsed, place: place, in: portal)
                        : nil
                case .control:
                    before.control == portal.controls[place.index]
                        ? BodyEdit(
                            portal.controls[place.index], after.control, parsed: parsed, place: place, in: portal)
                        : nil
                case .page:
                    before.page == portal.pages[place.index]
                        ? BodyEdit(portal.pages[place.index], after.page, parsed: parsed, place: place, in: portal)
                        : nil
                }
            // Each diagnostic the body gave is in the last build's; if one is not, the last build
            // is not what this edit starts from.
            guard let edit, last.diagnostics.holds(edit.removed) else { return nil }
            edits.append(edit)
        }
        return edits.isEmpty ? nil : edits
    }

    /// The load phase never reads hidden files (an editor's swap file).
    private static func isHidden(_ path: String) -> Bool {
        path.split(separator: "/").contains { $0.hasPrefix(".") }
    }

    private static func options(of last: LastBuild) -> MarkdownParser.Options {
        MarkdownParser.Options(unsafeHTML: last.portal.config.unsafeHTML)
    }

    /// A file the last build read as a document, parsed again as it is now; nil when it is no
    /// longer a plain file that can be read (a link, a folder, gone, too large): the whole
    /// project is read then, and reports why.
    private func reparse(_ path: String, after last: LastBuild)
        -> (place: LastBuild.DocumentPlace, file: SourceFile, parsed: DocumentParser.Parsed)?
    {
        guard let place = last.documents[path], pipeline.project.isPlainFile(path),
            let data = try? pipeline.project.read(path, limit: ProjectLayout.maximumTextFileSize)
        else { return nil }
        let file = SourceFile(path: path, data: data)
        return (place, file, DocumentParser.parse(file, as: place.kind, options: Self.options(of: last)))
    }

    /// The build after edits to the text of documents alone, made in place on the last build.
    /// Throws, keeping the last build, when the edits bring errors.
    private func build(_ edits: [BodyEdit]) async throws -> Result {
        // Taken out of `self` so that the model and the view change in place, not as copies.
        guard var next = last.take() else { preconditionFailure("an edit is built on a last build") }
        // The last build had no errors: any now are among what the edits add.
        let added = edits.flatMap(\.added)
        if pipeline.allowingGaps(next.diagnostics.policy.apply(to: added)).hasErrors {
            var diagnostics = next.diagnostics
            for edit in edits { diagnostics.replace(edit.removed, with: edit.added) }
            last = next
            throw BuildFailure(pipeline.allowingGaps(diagnostics.reported))
        }
        for edit in edits {
            next.portal.apply(edit)
            next.view.apply(edit)
            next.diagnostics.replace(edit.removed, with: edit.added)
        }
        let change = DocumentChange(
            changed: Set(edits.map(\.node)), reached: edits.reduce(into: []) { $0.formUnion($1.reached) })
        let rendered: Int
        do {
            rendered = try await SiteRenderer(theme: next.theme).render(
                textOf: change, in: next.view, into: &next.files)
        } catch {
            diverged = true
            throw error
        }
        last = next
        return Result(
            site: next.files, rendered: rendered, warnings: pipeline.allowingGaps(next.diagnostics.reported),
            fromLastBuild: true)
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

        return reach(changed, old: old.links, new: new.links)
    }

    /// The pages a change to the `changed` documents reaches: theirs, and those of the nodes
    /// they point at or are pointed at from, before and after.
    static func reach(_ changed: Set<NodeRef>, old: LinkGraph, new: LinkGraph) -> DocumentChange {
        var reached = changed
        for node in changed {
            for graph in [old, new] {
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
