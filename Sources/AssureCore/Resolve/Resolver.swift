import Foundation

/// Phase 4: one model from the parsed parts. IDs are checked for duplicates, every reference
/// (front matter and body) is resolved or reported, backlinks, coverage, evidence schedules
/// and grants are computed: each a named step below, each fact computed here once.
public enum Resolver {
    /// `history`: the commits that touched each document, by source path (nil outside git).
    public static func resolve(_ parsed: ParsedProject, history: [String: [Revision]]? = nil) -> (Portal?, [Diagnostic])
    {
        guard let config = parsed.config else { return (nil, []) }
        var diagnostics: [Diagnostic] = []
        let catalog = parsed.catalog
        let documents = markStarterText(
            identify(parsed.documents, catalog: catalog, diagnostics: &diagnostics), diagnostics: &diagnostics)
        diagnostics += starterExclusions(config)
        let context = ReferenceContext(documents: documents, catalog: catalog, assets: Set(parsed.assets.keys))
        var graph = LinkGraph()
        let criteriaByControl = frontMatterReferences(
            of: documents, in: context, graph: &graph, diagnostics: &diagnostics)
        var targets: [BodyKey: [ResolvedTarget]] = [:]
        // Each body's references are looked up on every core; the graph takes them in order.
        let resolved = documents.concurrentMap { document in
            var found: [Diagnostic] = []
            return (targets: context.targets(of: document.body, diagnostics: &found), diagnostics: found)
        }
        for (document, resolved) in zip(documents, resolved) {
            targets[document.body.key] = resolved.targets
            context.cite(resolved.targets, from: document.node, in: &graph)
            diagnostics += resolved.diagnostics
        }
        for entry in parsed.data.faq {
            targets[entry.answer.key] = context.resolve(
                entry.answer, from: nil, graph: &graph, diagnostics: &diagnostics)
        }
        diagnostics += brandPictures(config.brand, assets: parsed.assets)
        let evidence = evidenceLogs(
            withoutStarterRecords(parsed.evidence, diagnostics: &diagnostics), of: documents, assets: parsed.assets,
            diagnostics: &diagnostics)
        let (scope, scopeDiagnostics) = ScopeResolver.resolve(config, catalog: catalog)
        diagnostics += scopeDiagnostics
        let (grants, grantDiagnostics) = GrantResolver.resolve(parsed.grants, in: documents)
        diagnostics += grantDiagnostics
        var portal = Portal(
            config: config, catalog: catalog, scope: scope, crosswalk: parsed.crosswalk, evidence: evidence,
            schedules: EvidenceSchedule.all(controls: documents.controls, evidence: evidence, report: config.report),
            grants: grants, documents: documents, data: parsed.data, assets: parsed.assets,
            coverage: CoverageMatrix.compute(
                catalog: catalog, controls: documents.controls, criteria: criteriaByControl, scope: scope),
            links: graph, referenceTargets: targets, referenceContext: context, history: history)
        portal.questionnaires = parsed.questionnaires
        portal.sentQuestionnaires = parsed.sentQuestionnaires
        portal.answerStandings = AnswerRules.standings(in: portal)
        return (portal, diagnostics)
    }

    // MARK: - Identity

    /// The documents in the model's order, without those whose ID another took first (by
    /// path) or a criterion has.
    static func identify(_ parsed: [Document], catalog: CriteriaCatalog, diagnostics: inout [Diagnostic])
        -> DocumentSet
    {
        var firstByID: [String: DocumentHeader] = [:]
        var duplicates = Set<String>()
        for header in parsed.map(\.header).sorted(by: { $0.path < $1.path }) {
            // Case-insensitive: `POL-AC` and `pol-ac` would be one file on many file systems.
            let key = header.id.lowercased()
            if let first = firstByID[key] {
                diagnostics.append(
                    .error(
                        .duplicateID, at: header.idLocation,
                        "the ID `\(header.id)` is already used by \(first.idLocation)",
                        hint: "give every policy, control and page its own ID"))
                duplicates.insert(header.path)
            } else if let criterion = catalog.criterion(ignoringCase: header.id) {
                diagnostics.append(
                    .error(
                        .duplicateID, at: header.idLocation,
                        "the ID `\(header.id)` is the ID of a criterion (\(criterion.id))",
                        hint: "document IDs must differ from criterion IDs such as CC6.1"))
                duplicates.insert(header.path)
            } else {
                firstByID[key] = header
            }
        }
        return DocumentSet(parsed.filter { !duplicates.contains($0.header.path) })
    }

    /// Each record is of an activity the control has: a named one of `activities:`, or with
    /// no `activity` its main one, which `frequency:` sets.
    static func activities(of records: [EvidenceRecord], for control: ControlNarrative) -> [Diagnostic] {
        let names = control.activities.map(\.name)
        return records.compactMap { record in
            if let activity = record.activity {
                guard !names.contains(where: { $0.lowercased() == activity.lowercased() }) else { return nil }
                return .error(
                    .invalidValue, at: record.location,
                    "\(control.header.id) has no activity `\(activity)`",
                    hint: names.isEmpty
                        ? "remove `activity:`, or list it under the control's `activities:`"
                        : "its activities: " + names.joined(separator: ", "))
            }
            guard control.frequency == nil, !names.isEmpty else { return nil }
            return .error(
                .missingField, at: record.location,
                "\(control.header.id) has several activities and no `frequency` of its own: say which this "
                    + "record is of",
                hint: "add `activity:` with one of " + names.joined(separator: ", "))
        }
    }

    // MARK: - The starter's words

    /// Documents whose text is still the starter's, flagged (the public site leaves them out)
    /// and reported.
    static func markStarterText(_ documents: DocumentSet, diagnostics: inout [Diagnostic]) -> DocumentSet {
        let starter = StarterText.shared
        let isStarter = documents.concurrentMap { starter.isStarter($0.body) }
        guard isStarter.contains(true) else { return documents }
        var position = 0
        return documents.map { document in
            defer { position += 1 }
            guard isStarter[position] else { return document }
            var marked = document
            marked.header.starterText = true
            diagnostics.append(
                .warning(
                    .starterContent, at: document.header.idLocation,
                    "\(document.header.id) is still the example text `assure init` wrote, so the public site leaves "
                        + "it out",
                    hint: "rewrite it to say what your organisation does (or delete it); it is published once its "
                        + "text is your own"))
            return marked
        }
    }

    /// Exclusions that still give the starter's example reason.
    static func starterExclusions(_ config: ProjectConfig) -> [Diagnostic] {
        let starter = StarterText.shared
        return config.frameworks.flatMap(\.exclusions).filter(starter.isStarter).map { exclusion in
            .warning(
                .starterContent, at: exclusion.location,
                "the exclusion of \(exclusion.criterion) still gives the example reason `assure init` wrote",
                hint: "write why it does not apply to your organisation, or remove the exclusion if it does")
        }
    }

    /// Evidence logs without the starter's example records, which never count as evidence.
    static func withoutStarterRecords(_ logs: [EvidenceLog], diagnostics: inout [Diagnostic]) -> [EvidenceLog] {
        let starter = StarterText.shared
        return logs.map { log in
            var log = log
            for record in log.records where starter.isStarter(record) {
                diagnostics.append(
                    .warning(
                        .starterContent, at: record.location,
                        "this record is the example `assure init` wrote (performed by \(record.performer)); it does "
                            + "not count as evidence",
                        hint: "record when the control really operated, who did it and the result, or delete it"))
            }
            log.records.removeAll(where: starter.isStarter)
            return log
        }
    }

    // MARK: - Front-matter references

    /// Each document's `criteria:` and each control's `policies:` as edges of the graph;
    /// returns the criterion keys each control meets, by control ID.
    static func frontMatterReferences(
        of documents: DocumentSet, in context: ReferenceContext, graph: inout LinkGraph,
        diagnostics: inout [Diagnostic]
    ) -> [String: [String]] {
        let catalog = context.catalog
        var criteriaByControl: [String: [String]] = [:]
        func checkCriteria(_ criteria: [Located<String>], from source: NodeRef) -> [String] {
            var keys: [String] = []
            for item in criteria {
                switch catalog.lookup(item.value) {
                case .found(let criterion):
                    graph.add(from: source, to: .criterion(criterion.key), as: .meets)
                    keys.append(criterion.key)
                case .ambiguous(let candidates):
                    diagnostics.append(ScopeResolver.ambiguous(item, candidates))
                case .unknown:
                    diagnostics.append(ScopeResolver.unknown(item, in: nil, catalog: catalog))
                }
            }
            return keys
        }
        // The IDs a wrong reference is compared with, listed only when one is wrong.
        func ids(of kinds: DocumentKind...) -> [String] {
            kinds.flatMap { documents.documents(of: $0).map(\.header.id) }
        }
        for document in documents {
            switch document {
            case .policy(let policy):
                _ = checkCriteria(policy.criteria, from: document.node)
            case .control(let control):
                criteriaByControl[control.header.id] = checkCriteria(control.criteria, from: document.node)
                for item in control.policies {
                    if let target = context.headersByID[item.value], target.kind == .policy {
                        graph.add(from: document.node, to: .document(.policy, target.id), as: .implements)
                    } else {
                        let suggestion = nearest(to: item.value, in: ids(of: .policy))
                        diagnostics.append(
                            .error(
                                .danglingReference, at: item.location, "no policy has the ID `\(item.value)`",
                                hint: suggestion.map { "did you mean \($0)?" } ?? "list the IDs of existing policies"))
                    }
                }
            case .answer(let answer):
                _ = checkCriteria(answer.criteria, from: document.node)
                for item in answer.backedBy {
                    if let target = context.headersByID[item.value], target.kind == .control || target.kind == .policy {
                        graph.add(from: document.node, to: .document(target.kind, target.id), as: .backedBy)
                    } else {
                        let suggestion = nearest(to: item.value, in: ids(of: .control, .policy))
                        diagnostics.append(
                            .error(
                                .danglingReference, at: item.location,
                                "no control or policy has the ID `\(item.value)`",
                                hint: suggestion.map { "did you mean \($0)?" }
                                    ?? "list the IDs of the controls that make the answer true"))
                    }
                }
            case .page:
                continue
            }
        }
        return criteriaByControl
    }

    // MARK: - Brand pictures

    /// The logo and favicon: pictures in content/ of a kind a browser shows, never SVG.
    static func brandPictures(_ brand: ProjectConfig.Brand, assets: [String: Data]) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for (name, item, allowed) in [
            ("logo", brand.logo, ["png", "jpg", "jpeg", "webp"]), ("favicon", brand.favicon, ["png"]),
        ] {
            guard let item else { continue }
            let fileExtension = (item.value as NSString).pathExtension.lowercased()
            if fileExtension == "svg" {
                diagnostics.append(
                    .error(
                        .invalidValue, at: item.location,
                        "the \(name) \(item.value) is an SVG file, which can carry scripts",
                        hint: "export it as PNG and name that file here"))
            } else if !allowed.contains(fileExtension) || assets[item.value] == nil {
                diagnostics.append(
                    .error(
                        .danglingReference, at: item.location,
                        "the \(name) \(item.value) is not a \(allowed.map { $0.uppercased() }.joined(separator: ", ")) "
                            + "file in content/",
                        hint: "paths are relative to content/, such as `\(name): brand/\(name).png`"))
            }
        }
        return diagnostics
    }

    // MARK: - Evidence

    /// Each evidence file matched to its control (by ID, in any case) and its artifacts
    /// checked; by control ID.
    static func evidenceLogs(
        _ logs: [EvidenceLog], of documents: DocumentSet, assets: [String: Data], diagnostics: inout [Diagnostic]
    ) -> [String: EvidenceLog] {
        var evidence: [String: EvidenceLog] = [:]
        let controls = documents.controls.map(\.header.id)
        let controlIDs = Dictionary(controls.map { ($0.lowercased(), $0) }) { first, _ in first }
        for var log in logs {
            guard let id = controlIDs[log.controlID.lowercased()] else {
                let suggestion = nearest(to: log.controlID, in: controls)
                diagnostics.append(
                    .error(
                        .danglingReference, at: SourceLocation(path: log.path, line: 1, column: 1),
                        "evidence for `\(log.controlID)`, but no control has that ID",
                        hint: suggestion.map { "name the file \($0).yml" }
                            ?? "name each evidence file after the ID of its control, such as AC-04.yml"))
                continue
            }
            for record in log.records {
                for artifact in record.artifacts where assets[artifact.value] == nil {
                    diagnostics.append(
                        .error(
                            .danglingReference, at: artifact.location,
                            "the artifact \(artifact.value) is not a file in content/",
                            hint: "keep artifacts beside the evidence file, as PDF, CSV, TXT or pictures; paths are "
                                + "relative to content/evidence/"))
                }
            }
            if let control = documents.control(id) { diagnostics += activities(of: log.records, for: control) }
            log.controlID = id
            evidence[id] = log
        }
        return evidence
    }
}

/// What resolving a body reference needs to know about the whole project.
struct ReferenceContext {
    let catalog: CriteriaCatalog
    let headersByID: [String: DocumentHeader]
    let headersByPath: [String: DocumentHeader]
    let headingsByID: [String: Set<String>]
    /// Each document's heading anchors in document order, for hints.
    let headingAnchors: [String: [String]]
    let assets: Set<String>

    init(documents: DocumentSet, catalog: CriteriaCatalog, assets: Set<String>) {
        self.catalog = catalog
        self.assets = assets
        headersByID = Dictionary(documents.map { ($0.header.id, $0.header) }) { first, _ in first }
        headersByPath = Dictionary(documents.map { ($0.header.path, $0.header) }) { first, _ in first }
        headingAnchors = Dictionary(documents.map { ($0.header.id, $0.body.headings.map(\.anchor)) }) { first, _ in
            first
        }
        headingsByID = headingAnchors.mapValues(Set.init)
    }

    /// The existing document or file nearest to a link that leads nowhere, written as a link
    /// from `path`: one with the same file name in another folder, else the closest name.
    func nearestTarget(to contentPath: String, from path: String) -> String? {
        func name(_ path: String) -> String { String(path.split(separator: "/").last ?? "").lowercased() }
        let candidates = Array(headersByPath.keys) + Array(assets)
        let byName = Dictionary(grouping: candidates, by: name)
        guard
            let match = byName[name(contentPath)] != nil
                ? name(contentPath) : nearest(to: name(contentPath), in: byName.keys),
            let target = byName[match]?.sorted().first
        else { return nil }
        return ContentPath.relative(target, from: path)
    }

    /// What each of a body's references points at, in order, with a `cites` edge from `source`
    /// to each document or criterion.
    func resolve(
        _ body: MarkdownBody, from source: NodeRef?, graph: inout LinkGraph,
        diagnostics: inout [Diagnostic]
    ) -> [ResolvedTarget] {
        let targets = targets(of: body, diagnostics: &diagnostics)
        if let source { cite(targets, from: source, in: &graph) }
        return targets
    }

    /// What each of a body's references points at, in order.
    func targets(of body: MarkdownBody, diagnostics: inout [Diagnostic]) -> [ResolvedTarget] {
        body.references.map { resolve($0, path: body.path, diagnostics: &diagnostics) }
    }

    /// The `cites` edges from `source` to the documents and criteria among `targets`.
    func cite(_ targets: [ResolvedTarget], from source: NodeRef, in graph: inout LinkGraph) {
        for case .node(let node, _) in targets { graph.add(from: source, to: node, as: .cites) }
    }

    private func resolve(_ reference: BodyReference, path: String, diagnostics: inout [Diagnostic]) -> ResolvedTarget {
        switch reference.target {
        case .id(let id):
            if let header = headersByID[id] { return .node(.document(header.kind, header.id), anchor: nil) }
            switch catalog.lookup(id) {
            case .found(let criterion): return .node(.criterion(criterion.key), anchor: nil)
            case .ambiguous(let candidates):
                diagnostics.append(ScopeResolver.ambiguous(Located(id, at: reference.location), candidates))
                return .unresolved
            case .unknown: break
            }
            let suggestion = nearest(to: id, in: headersByID.keys) ?? catalog.suggestion(for: id)
            diagnostics.append(
                .error(
                    .danglingReference, at: reference.location,
                    "\(reference.written) refers to nothing: no document or criterion has the ID `\(id)`",
                    hint: suggestion.map { "did you mean [[\($0)]]?" } ?? "check the ID, or remove the brackets"))
            return .unresolved
        case .file(let target, let anchor):
            guard let contentPath = ContentPath.resolve(target, from: path) else {
                diagnostics.append(
                    .error(
                        .linkOutsideContent, at: reference.location,
                        "the link `\(reference.written)` leads out of content/",
                        hint: "link only to documents inside content/, or use a full https:// address"))
                return .unresolved
            }
            if assets.contains(contentPath) { return .asset(contentPath) }
            guard let header = headersByPath[contentPath] else {
                let allowed = ProjectLoader.assetExtensions.sorted().joined(separator: ", ")
                diagnostics.append(
                    .error(
                        .danglingReference, at: reference.location,
                        "the \(reference.isImage ? "image" : "link") `\(reference.written)` points to "
                            + "\(contentPath), which is not "
                            + "\(reference.isImage ? "a picture" : "a policy, control, page or file") in content/",
                        hint: nearestTarget(to: contentPath, from: path).map { "did you mean \($0)?" }
                            ?? "check the path; it is relative to this file's folder. Files Assure publishes: "
                            + "\(allowed)"
                    ))
                return .unresolved
            }
            if reference.isImage {
                diagnostics.append(
                    .error(
                        .danglingReference, at: reference.location,
                        "the image `\(reference.written)` points to a document, not a picture",
                        hint: "use an ordinary link, `[text](\(reference.written))`"))
                return .unresolved
            }
            if let anchor, !(headingsByID[header.id] ?? []).contains(anchor) {
                let anchors = headingAnchors[header.id] ?? []
                let suggestion = nearest(to: anchor, in: anchors)
                let listed =
                    anchors.prefix(12).map { "#" + $0 }.joined(separator: ", ")
                    + (anchors.count > 12 ? " and \(anchors.count - 12) more" : "")
                diagnostics.append(
                    .error(
                        .missingAnchor, at: reference.location,
                        "\(header.path) has no heading with the anchor `#\(anchor)`",
                        hint: (suggestion.map { "did you mean #\($0)? " } ?? "")
                            + (anchors.isEmpty
                                ? "it has no headings; link to the document without `#...`"
                                : "its headings: \(listed)")))
                return .unresolved
            }
            return .node(.document(header.kind, header.id), anchor: anchor)
        }
    }
}

/// Project-relative paths inside `content/`.
enum ContentPath {
    /// Resolves a link written in the file at `from` (`content/policies/a.md`). A leading `/`
    /// means the content folder. Nil when the result leaves `content/`.
    /// Paths are read as the file system reads them, as bytes between `/` bytes (a `/` with a
    /// combining mark after it still separates), which every document's links are.
    static func resolve(_ link: String, from: String) -> String? {
        let slash = UInt8(ascii: "/")
        var components: [Substring.UTF8View]
        if link.utf8.first == slash {
            components = [ProjectLayout.content[...].utf8]
        } else {
            components = from.utf8.split(separator: slash).dropLast()
        }
        for part in link.utf8.split(separator: slash) {
            if part.elementsEqual(".".utf8) { continue }
            if part.elementsEqual("..".utf8) {
                guard components.count > 1 else { return nil }
                components.removeLast()
            } else {
                components.append(part)
            }
        }
        guard components.count > 1, components[0].elementsEqual(ProjectLayout.content.utf8) else { return nil }
        var path: [UInt8] = []
        for component in components {
            if !path.isEmpty { path.append(slash) }
            path += component
        }
        // Cut at ASCII bytes only, every component is whole UTF-8.
        return String(decoding: path, as: UTF8.self)
    }

    /// `content/policies/hr.md` as a link from `content/controls/x.md`: `../policies/hr.md`.
    static func relative(_ target: String, from source: String) -> String {
        let from = source.split(separator: "/").dropLast()
        let to = target.split(separator: "/")
        var common = 0
        while common < min(from.count, to.count - 1) && from[from.startIndex + common] == to[common] { common += 1 }
        return (Array(repeating: "..", count: from.count - common) + to.dropFirst(common).map(String.init))
            .joined(separator: "/")
    }

}
