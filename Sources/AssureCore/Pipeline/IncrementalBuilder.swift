import Foundation

/// Revision history read on the first build and then frozen, so a rebuild in `assure serve`
/// does not run `git log` on every keystroke. History changes with commits, not with saves.
package final class FrozenSourceControl: SourceControl {
    private let source: any SourceControl
    /// Each is read from `source` on first use, then kept.
    private let revisionRead = Locked<SourceRevision??>(nil)
    private let historyRead = Locked<[String: [Revision]]??>(nil)
    private let contentRead = Locked<Result<ContentHistory, HistoryUnavailable>?>(nil)

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

    package func contentHistory(limit: Int) -> Result<ContentHistory, HistoryUnavailable> {
        contentRead.withLock { stored in
            if let stored { return stored }
            let value = source.contentHistory(limit: limit)
            stored = value
            return value
        }
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
    /// `accessSecret`: the public site carries each live grant's sealed pages, as `build` writes them.
    package init(
        project: any ProjectReader, audience: SiteAudience, asOf: CalendarDate,
        sourceControl: any SourceControl = NoSourceControl(), allowGaps: Bool = false,
        accessSecret: AccessSecret? = nil
    ) {
        var pipeline = BuildPipeline(project: project, asOf: asOf, sourceControl: sourceControl, cache: cache)
        pipeline.allowGaps = allowGaps
        pipeline.accessSecret = accessSecret
        self.pipeline = pipeline
        self.audience = audience
    }

    /// Builds the site; throws a `BuildFailure` and keeps the previous state when there are errors.
    /// `changed`: the project paths added, removed or changed since the last call, when the
    /// caller knows them; an edit to the text of documents alone is then built from the last
    /// build (see `BodyEdit`), anything else from the whole project.
    package func build(changed: [String]? = nil) async throws -> Result {
        // A grant's sealed pages hold its documents' text: with a secret, every edit renders them
        // again, so edits are built the whole way.
        if let changed, !diverged, pipeline.accessSecret == nil {
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
            // What every page shows (the feed link, a readiness banner) follows from the whole model.
            if last.view.chrome != view.chrome { change = nil }
        }
        let site = try await SiteRenderer(theme: theme).render(view, previous: last?.files ?? [:], change: change)
        var output = site.files
        if audience == .public, let secret = pipeline.accessSecret, !portal.grants.isEmpty {
            output += try GatedPages.render(
                portal: portal, publicView: view, theme: theme, secret: secret, asOf: pipeline.asOf
            ).files
        }
        try SiteRenderer.checkUniquePaths(output.map(\.path))
        let files = Dictionary(output.map { ($0.path, $0.data) }) { first, _ in first }
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
        var edited: [(old: Document, new: Document)] = []
        for path in Set(changed).sorted() where !Self.isHidden(path) {
            guard let (node, _, parsed) = reparse(path, after: last), let new = parsed.document,
                !parsed.diagnostics.hasErrors, let old = portal.documents[node]
            else { return nil }
            edited.append((old, new))
        }
        guard edited.contains(where: { !$0.old.hasFields(of: $0.new) }) else { return nil }

        // Only the lookups the edited pages make are changed: their bodies' links, and the
        // titles of a control's policies shown by title only.
        var view = last.view
        var linker = view.linker
        var pages: [SitePage] = []
        for (old, new) in edited {
            guard Self.mayShowFirst(old, new, in: portal, linker: linker, readiness: pipeline.allowGaps) else {
                return nil
            }
            var graph = LinkGraph()
            var diagnostics: [Diagnostic] = []
            let targets = portal.referenceContext.resolve(
                new.body, from: new.node, graph: &graph, diagnostics: &diagnostics)
            guard !diagnostics.hasErrors else { return nil }
            view.referenceLinks[new.body.key] = linker.links(for: targets)
            var shown = new
            if case .control(let control) = new {
                let id = control.header.id
                let titles = linker.restrictedPolicyTitles(of: control)
                view.restrictedPolicies[id] = titles.isEmpty ? nil : titles
                if view.audience == .auditor, let period = ReportPeriod(portal.config.report) {
                    view.schedules[id] = EvidenceSchedule(control: control, log: portal.evidence[id], period: period)
                }
                shown = .control(linker.withShownPolicies(control))
            }
            pages.append(SitePage.document(shown))
        }
        return try? SiteRenderer(theme: last.theme).render(pages, in: view)
    }

    /// Whether a document's page can be shown from the last build after an edit to its fields:
    /// the same document, shown in full, its changed fields reaching no further than the
    /// lists (a field in every page's menu is shown when the whole site is), the criteria and
    /// policies it names all there, and whether it applies unchanged. In readiness, every page
    /// counts the open criteria, so an edit that can change coverage is shown with the site.
    private static func mayShowFirst(
        _ old: Document, _ new: Document, in portal: Portal, linker: ViewLinker, readiness: Bool
    ) -> Bool {
        guard new.node == old.node, new.header.audience == old.header.audience, linker.isShown(new.node),
            StarterText.shared.isStarter(new.body) == old.header.starterText,
            !DocumentChange.reach(of: old, new).contains(.navigation)
        else { return false }
        func found(_ item: Located<String>) -> Bool {
            if case .found = portal.catalog.lookup(item.value) { true } else { false }
        }
        switch (old, new) {
        case (.policy, .policy(let policy)):
            return policy.criteria.allSatisfy(found)
        case (.control(let before), .control(let after)):
            let sameCoverage = after.status == before.status && after.criteria == before.criteria
            return after.criteria.allSatisfy(found)
                && (after.status == .notApplicable) == (before.status == .notApplicable)
                && (!readiness || sameCoverage)
                && after.policies.allSatisfy { portal.referenceContext.headersByID[$0.value]?.kind == .policy }
        default:
            return false
        }
    }

    /// The most changed files a preview is shown for.
    static let previewLimit = 16

    /// The edits to the text of documents the changed paths hold; nil when the changes are more
    /// than that.
    private func edits(_ paths: Set<String>, after last: LastBuild) -> [BodyEdit]? {
        var edits: [BodyEdit] = []
        for path in paths.sorted() where !Self.isHidden(path) {
            guard let before = builtParses[path] ?? cache.lastParse(of: path),
                let (node, file, after) = reparse(path, after: last), let old = last.portal.documents[node]
            else { return nil }
            builtParses[path] = before
            cache.store(after, for: file, kind: old.kind, options: Self.options(of: last))
            let parsed = (old: before.diagnostics, new: after.diagnostics)
            // Each diagnostic the body gave is in the last build's; if one is not, the last build
            // is not what this edit starts from.
            guard before.document == old, let edit = BodyEdit(old, after.document, parsed: parsed, in: last.portal),
                last.diagnostics.holds(edit.removed)
            else { return nil }
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
        -> (node: NodeRef, file: SourceFile, parsed: DocumentParser.Parsed)?
    {
        guard let node = last.documents[path], let kind = node.kind, pipeline.project.isPlainFile(path),
            let data = try? pipeline.project.read(path, limit: ProjectLayout.maximumTextFileSize)
        else { return nil }
        let file = SourceFile(path: path, data: data)
        return (node, file, DocumentParser.parse(file, as: kind, options: Self.options(of: last)))
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
            changed: Set(edits.map(\.node)), reached: edits.reduce(into: []) { $0.formUnion($1.reached) },
            reachesLists: false)
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
    /// rendered: the configuration, catalogs, data, files, evidence or history changed (they
    /// appear on every page or in ways not worth tracking), a changed field reaches every
    /// page's navigation, or a kind in the navigation gained or lost a document. Which pages
    /// the change reaches comes from its fields' declarations (`DocumentField.Reach`) and each
    /// page's own (`SitePage.Dependency`).
    static func documentChange(from old: Portal, to new: Portal) -> DocumentChange? {
        guard old.config == new.config, old.catalog == new.catalog, old.data == new.data, old.assets == new.assets,
            old.evidence == new.evidence, old.history == new.history, old.questionnaires == new.questionnaires,
            old.sentQuestionnaires == new.sentQuestionnaires
        else { return nil }
        // Documents whose model differs, by node: their fields, text and what their references
        // resolve to. Unchanged documents come from the parse cache and share their storage,
        // so most comparisons end at the first pointer.
        var changed = Set<NodeRef>()
        var reach: DocumentField.Reach = []
        /// Nodes whose neighbours' pages show what changed, and nodes a body started or stopped citing.
        var related = Set<NodeRef>()
        var citations = Set<NodeRef>()
        func note(_ node: NodeRef, _ documentReach: DocumentField.Reach) {
            changed.insert(node)
            reach.formUnion(documentReach)
            if documentReach.contains(.relatedPages) { related.insert(node) }
        }
        for document in new.documents {
            let node = document.node
            guard let was = old.documents[node] else {
                note(node, DocumentChange.addedOrRemoved(document.kind))
                continue
            }
            let (oldTargets, newTargets) = (old.targets(of: was.body), new.targets(of: document.body))
            guard was != document || oldTargets != newTargets else { continue }
            note(node, DocumentChange.reach(of: was, document))
            // A body reaches the pages it starts or stops citing (their backlinks), not every neighbour.
            if oldTargets != newTargets {
                reach.formUnion(DocumentField.bodyReach.subtracting(.relatedPages))
                let cited = Set(old.links.references(of: node, by: .cites))
                citations.formUnion(cited.symmetricDifference(new.links.references(of: node, by: .cites)))
            }
        }
        for document in old.documents where !new.documents.contains(document.node) {
            note(document.node, DocumentChange.addedOrRemoved(document.kind))
        }
        guard !reach.contains(.navigation) else { return nil }
        var change = Self.reach(changed, old: old.links, new: new.links, related: related)
        change.reached.formUnion(citations)
        change.reachesLists = reach.contains(.lists)
        return change
    }

    /// The pages a change to the `changed` documents reaches: theirs, and, for those in
    /// `related`, those of the nodes they point at or are pointed at from, before and after.
    static func reach(_ changed: Set<NodeRef>, old: LinkGraph, new: LinkGraph, related: Set<NodeRef>) -> DocumentChange
    {
        var reached = changed
        for node in related {
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

extension DocumentChange {
    /// Where an edit from `old` to `new` shows: the union of the reach of every field whose
    /// value changed, and the document's page and the search index when its text did (the
    /// pages its text starts or stops citing are the caller's to add).
    static func reach(of old: Document, _ new: Document) -> DocumentField.Reach {
        let (before, after) = (old.fieldValues, new.fieldValues)
        var reach: DocumentField.Reach = []
        for field in new.kind.fields where before[field.key] != after[field.key] { reach.formUnion(field.reach) }
        if old.body != new.body { reach.formUnion(DocumentField.bodyReach.subtracting(.relatedPages)) }
        // Whether the text is still the starter's decides, like the audience, where it is shown.
        if old.header.starterText != new.header.starterText {
            reach.formUnion(new.kind.field("audience")?.reach ?? .everywhere)
        }
        // Nothing declared changed, but the document did: its source path (the register and
        // the page's history show it) or where its fields were written.
        if reach.isEmpty && old != new { reach = [.ownPage, .lists] }
        return reach
    }

    /// Where a document added or removed shows: wherever any of its fields does.
    static func addedOrRemoved(_ kind: DocumentKind) -> DocumentField.Reach {
        kind.fields.reduce(DocumentField.bodyReach) { $0.union($1.reach) }
    }
}
