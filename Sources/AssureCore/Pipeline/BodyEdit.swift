import Foundation

/// The last good build of `assure serve`, kept whole for the next edit.
struct LastBuild: Sendable {
    var portal: Portal
    var theme: Theme
    var view: PortalView
    /// The project's own template files, to tell when the theme changed.
    var templates: [SourceFile]
    var files: [String: Data]
    var diagnostics: DiagnosticTally
    /// Each document's node, by source path.
    var documents: [String: NodeRef]

    init(check: BuildPipeline.Check, portal: Portal, theme: Theme, view: PortalView, files: [String: Data]) {
        self.portal = portal
        self.theme = theme
        self.view = view
        self.files = files
        templates = check.templates
        diagnostics = DiagnosticTally(check.unfiltered, policy: check.policy)
        documents = Dictionary(portal.documents.map { ($0.header.path, $0.node) }) { first, _ in first }
    }
}

/// An edit that changed only the text of existing documents: each one's front matter, title
/// and heading anchors as before, so nothing another document resolves against has moved. The
/// last build then stands for everything else: only the edited bodies are parsed, their
/// references resolved, their own checks run again, and the pages that show them rendered.
/// Anything more (a field, a new or deleted file, the configuration, a template) is a full rebuild.
/// The checks run again are the very functions the full build runs for one body, so the
/// result is the full build's; `IncrementalBuildTests` compares every file and diagnostic.
struct BodyEdit {
    var node: NodeRef
    var body: MarkdownBody
    var targets: [ResolvedTarget]
    /// The nodes the body's references reached before the edit.
    var previousCitations: Set<NodeRef>
    /// The diagnostics the body gave before the edit, and gives after it: its parse, its
    /// references, its placeholders and its links hidden from the public site.
    var removed: [Diagnostic]
    var added: [Diagnostic]

    /// The edit from `old` to `new` (same file), or nil when more than the text changed.
    init?(_ old: Document, _ new: Document?, parsed: (old: [Diagnostic], new: [Diagnostic]), in portal: Portal) {
        // Text that becomes, or stops being, the starter's example changes where the document is
        // shown (`StarterText`): more than its text.
        guard let new, !parsed.new.hasErrors, !old.header.starterText, !StarterText.shared.isStarter(new.body)
        else { return nil }
        // An answer's text that appears or empties changes whether the answer holds (`AnswerRules`).
        if case .answer(let was) = old, case .answer(let now) = new,
            AnswerRules.hasText(was) != AnswerRules.hasText(now)
        {
            return nil
        }
        guard old.hasFields(of: new), new.body.key == old.body.key,
            new.body.headings.map(\.anchor) == old.body.headings.map(\.anchor)
        else { return nil }
        let context = portal.referenceContext
        func check(_ document: Document, parsed: [Diagnostic]) -> ([ResolvedTarget], [Diagnostic]) {
            var unused = LinkGraph()
            var diagnostics = parsed
            let targets = context.resolve(document.body, from: document.node, graph: &unused, diagnostics: &diagnostics)
            diagnostics += Validator.placeholders(in: document)
            diagnostics += Validator.publicLinks(
                from: document.header, document.body, to: targets, hidden: context.audienceHiddenFromPublic)
            return (targets, diagnostics)
        }
        let (oldTargets, removed) = check(old, parsed: parsed.old)
        let (newTargets, added) = check(new, parsed: parsed.new)
        // Files are published by use: a body that starts or stops showing one changes the
        // site's files and the unreferenced-file checks.
        func assets(_ targets: [ResolvedTarget]) -> Set<String> {
            Set(targets.compactMap { if case .asset(let path) = $0 { path } else { nil } })
        }
        guard oldTargets == portal.targets(of: old.body), assets(oldTargets) == assets(newTargets) else { return nil }
        self.node = new.node
        self.body = new.body
        self.targets = newTargets
        self.previousCitations = Set(Self.nodes(oldTargets))
        self.removed = removed
        self.added = added
    }

    /// The document nodes the body's references reach.
    var citations: [NodeRef] { Self.nodes(targets) }

    /// The pages the edit changes: the document's own, and those of the nodes it starts or
    /// stops citing (their backlinks), as `DocumentField.bodyReach` declares. Every other page
    /// shows only fields and titles of the document, and those are as before.
    var reached: Set<NodeRef> { previousCitations.symmetricDifference(citations).union([node]) }

    private static func nodes(_ targets: [ResolvedTarget]) -> [NodeRef] {
        targets.compactMap { if case .node(let node, _) = $0 { node } else { nil } }
    }
}

extension ReferenceContext {
    /// The audience of a document the public site does not show at all, by ID; nil for any other.
    func audienceHiddenFromPublic(_ id: String) -> Audience? {
        guard let header = headersByID[id], SiteAudience.public.visibility(of: header.audience) == .hidden else {
            return nil
        }
        return header.audience
    }
}

extension Portal {
    /// The model with one edited body in place: its text, what its references resolve to and
    /// its edges in the link graph. The one change made to a model after it is resolved.
    mutating func apply(_ edit: BodyEdit) {
        referenceTargets[edit.body.key] = edit.targets
        links.replaceCitations(from: edit.node, with: edit.citations)
        documents.replaceBody(of: edit.node, with: edit.body)
    }
}

extension PortalView {
    /// The view with one edited body in place, when the site shows the document in full; its
    /// references linked as the rest of the site links them.
    mutating func apply(_ edit: BodyEdit) {
        guard linker.isShown(edit.node) else { return }
        var linker = linker
        referenceLinks[edit.body.key] = linker.links(for: edit.targets)
        links.replaceCitations(from: edit.node, with: edit.citations.filter(linker.isShown))
        documents.replaceBody(of: edit.node, with: edit.body)
    }
}

/// The diagnostics of a build, kept so that an edit replaces its own and leaves the rest: what
/// the phases found, and what the project's `diagnostics:` settings make of it, sorted and
/// without repeats as `BuildPipeline.check` reports them.
struct DiagnosticTally: Sendable {
    let policy: DiagnosticPolicy
    /// Sorted, without repeats: `policy.apply(to: found).normalized()`.
    private(set) var reported: [Diagnostic]
    /// How many times each was found, and each reported one stands for.
    private var found: [Diagnostic: Int] = [:]
    private var reports: [Diagnostic: Int] = [:]

    init(_ diagnostics: [Diagnostic], policy: DiagnosticPolicy) {
        self.policy = policy
        let reports = policy.apply(to: diagnostics)
        reported = reports.normalized()
        for diagnostic in diagnostics { found[diagnostic, default: 0] += 1 }
        for report in reports { self.reports[report, default: 0] += 1 }
    }

    /// Whether every one of `diagnostics` was found (as often as it is listed).
    func holds(_ diagnostics: [Diagnostic]) -> Bool {
        var wanted: [Diagnostic: Int] = [:]
        for diagnostic in diagnostics { wanted[diagnostic, default: 0] += 1 }
        return wanted.allSatisfy { found[$0.key, default: 0] >= $0.value }
    }

    /// Takes `removed` out (each must be held) and puts `added` in.
    mutating func replace(_ removed: [Diagnostic], with added: [Diagnostic]) {
        for diagnostic in removed {
            found[diagnostic, default: 0] -= 1
            if found[diagnostic] == 0 { found[diagnostic] = nil }
        }
        for report in policy.apply(to: removed) {
            reports[report, default: 0] -= 1
            guard reports[report] == 0 else { continue }
            reports[report] = nil
            if let index = position(of: report) { reported.remove(at: index) }
        }
        for diagnostic in added { found[diagnostic, default: 0] += 1 }
        for report in policy.apply(to: added) {
            reports[report, default: 0] += 1
            if reports[report] == 1 { reported.insert(report, at: insertionPoint(of: report)) }
        }
    }

    /// The first position whose diagnostic does not sort before `diagnostic`.
    private func insertionPoint(of diagnostic: Diagnostic) -> Int {
        var low = 0
        var high = reported.count
        while low < high {
            let middle = (low + high) / 2
            if reported[middle] < diagnostic { low = middle + 1 } else { high = middle }
        }
        return low
    }

    private func position(of diagnostic: Diagnostic) -> Int? {
        var index = insertionPoint(of: diagnostic)
        // Diagnostics that sort alike (a hint absent and a hint empty) lie together.
        while index < reported.count, !(diagnostic < reported[index]) {
            if reported[index] == diagnostic { return index }
            index += 1
        }
        return nil
    }
}
