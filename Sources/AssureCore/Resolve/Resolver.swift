import Foundation

/// Phase 3: one model from the parsed parts. IDs are checked for duplicates, every reference
/// (front matter and body) is resolved or reported, backlinks and coverage are computed.
public enum Resolver {
    /// `history`: the commits that touched each document, by source path (nil outside git).
    public static func resolve(_ parsed: ParsedProject, history: [String: [Revision]]? = nil) -> (Portal?, [Diagnostic])
    {
        guard let config = parsed.config else { return (nil, []) }
        var diagnostics: [Diagnostic] = []
        let catalog = parsed.catalog

        // MARK: Identity
        var policies = parsed.policies.sorted { ($0.header.id, $0.header.path) < ($1.header.id, $1.header.path) }
        var controls = parsed.controls.sorted { ($0.header.id, $0.header.path) < ($1.header.id, $1.header.path) }
        var pages = parsed.pages.sorted {
            ($0.order ?? Int.max, $0.header.title, $0.header.id) < ($1.order ?? Int.max, $1.header.title, $1.header.id)
        }
        var firstByID: [String: DocumentHeader] = [:]
        var duplicates = Set<String>()
        let allHeaders = (policies.map(\.header) + controls.map(\.header) + pages.map(\.header))
            .sorted { $0.path < $1.path }
        for header in allHeaders {
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
        policies.removeAll { duplicates.contains($0.header.path) }
        controls.removeAll { duplicates.contains($0.header.path) }
        pages.removeAll { duplicates.contains($0.header.path) }

        let headersByID = Dictionary(uniqueKeysWithValues: firstByID.values.map { ($0.id, $0) })
        let headersByPath = Dictionary(uniqueKeysWithValues: firstByID.values.map { ($0.path, $0) })
        var headingAnchors: [String: [String]] = [:]
        for policy in policies { headingAnchors[policy.header.id] = policy.body.headings.map(\.anchor) }
        for control in controls { headingAnchors[control.header.id] = control.body.headings.map(\.anchor) }
        for page in pages { headingAnchors[page.header.id] = page.body.headings.map(\.anchor) }
        let headingsByID = headingAnchors.mapValues(Set.init)

        var graph = LinkGraph()
        let context = ReferenceContext(
            catalog: catalog, headersByID: headersByID, headersByPath: headersByPath,
            headingsByID: headingsByID, headingAnchors: headingAnchors, assets: Set(parsed.assets.keys))

        // MARK: Front-matter references
        /// Criterion keys each control meets, by control ID.
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
        for policy in policies {
            _ = checkCriteria(policy.criteria, from: .document(.policy, policy.header.id))
        }
        for control in controls {
            let source = NodeRef.document(.control, control.header.id)
            criteriaByControl[control.header.id] = checkCriteria(control.criteria, from: source)
            for item in control.policies {
                if let target = headersByID[item.value], target.kind == .policy {
                    graph.add(from: source, to: .document(.policy, target.id), as: .implements)
                } else {
                    let suggestion = nearest(to: item.value, in: policies.map(\.header.id))
                    diagnostics.append(
                        .error(
                            .danglingReference, at: item.location, "no policy has the ID `\(item.value)`",
                            hint: suggestion.map { "did you mean \($0)?" } ?? "list the IDs of existing policies"))
                }
            }
        }

        // MARK: Body references
        var targets: [BodyKey: [ResolvedTarget]] = [:]
        let documents: [any PortalDocument] = policies + controls + pages
        for document in documents {
            targets[document.body.key] = context.resolve(
                document.body, from: document.node, graph: &graph,
                diagnostics: &diagnostics)
        }
        let data = parsed.data
        for entry in data.faq {
            targets[entry.answer.key] = context.resolve(
                entry.answer, from: nil, graph: &graph, diagnostics: &diagnostics)
        }

        // MARK: Brand pictures
        for (name, item, allowed) in [
            ("logo", config.brand.logo, ["png", "jpg", "jpeg", "webp"]), ("favicon", config.brand.favicon, ["png"]),
        ] {
            guard let item else { continue }
            let fileExtension = (item.value as NSString).pathExtension.lowercased()
            if fileExtension == "svg" {
                diagnostics.append(
                    .error(
                        .invalidValue, at: item.location,
                        "the \(name) \(item.value) is an SVG file, which can carry scripts",
                        hint: "export it as PNG and name that file here"))
            } else if !allowed.contains(fileExtension) || parsed.assets[item.value] == nil {
                diagnostics.append(
                    .error(
                        .danglingReference, at: item.location,
                        "the \(name) \(item.value) is not a \(allowed.map { $0.uppercased() }.joined(separator: ", ")) "
                            + "file in content/",
                        hint: "paths are relative to content/, such as `\(name): brand/\(name).png`"))
            }
        }

        // MARK: Evidence
        var evidence: [String: EvidenceLog] = [:]
        let controlIDs = Dictionary(controls.map { ($0.header.id.lowercased(), $0.header.id) }) { first, _ in first }
        for var log in parsed.evidence {
            guard let id = controlIDs[log.controlID.lowercased()] else {
                let suggestion = nearest(to: log.controlID, in: controls.map(\.header.id))
                diagnostics.append(
                    .error(
                        .danglingReference, at: SourceLocation(path: log.path, line: 1, column: 1),
                        "evidence for `\(log.controlID)`, but no control has that ID",
                        hint: suggestion.map { "name the file \($0).yml" }
                            ?? "name each evidence file after the ID of its control, such as AC-04.yml"))
                continue
            }
            for record in log.records {
                for artifact in record.artifacts where parsed.assets[artifact.value] == nil {
                    diagnostics.append(
                        .error(
                            .danglingReference, at: artifact.location,
                            "the artifact \(artifact.value) is not a file in content/",
                            hint: "keep artifacts beside the evidence file, as PDF, CSV, TXT or pictures; paths are "
                                + "relative to content/evidence/"))
                }
            }
            log.controlID = id
            evidence[id] = log
        }

        // MARK: Scope and coverage
        let (scope, scopeDiagnostics) = ScopeResolver.resolve(config, catalog: catalog)
        diagnostics += scopeDiagnostics
        let coverage = CoverageMatrix.compute(
            catalog: catalog, controls: controls, criteria: criteriaByControl, scope: scope)
        var portal = Portal(
            config: config, catalog: catalog, scope: scope, crosswalk: parsed.crosswalk, evidence: evidence,
            policies: policies,
            controls: controls,
            pages: pages, data: data, assets: parsed.assets, coverage: coverage, links: graph,
            referenceTargets: targets, referenceContext: context, history: history)
        let (grants, grantDiagnostics) = GrantResolver.resolve(parsed.grants, in: portal)
        portal.grants = grants
        diagnostics += grantDiagnostics
        return (portal, diagnostics)
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

    /// What each of a body's references points at, in order.
    func resolve(
        _ body: MarkdownBody, from source: NodeRef?, graph: inout LinkGraph,
        diagnostics: inout [Diagnostic]
    ) -> [ResolvedTarget] {
        body.references.map { reference in
            let target = resolve(reference, path: body.path, diagnostics: &diagnostics)
            if case .node(let node, _) = target, let source { graph.add(from: source, to: node, as: .cites) }
            return target
        }
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
                            ?? "check the path; it is relative to this file's folder. Files Assure publishes: \(allowed)"
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
    static func resolve(_ link: String, from: String) -> String? {
        var components: [Substring]
        if link.hasPrefix("/") {
            components = [Substring(ProjectLayout.content)]
        } else {
            components = from.split(separator: "/").dropLast()
        }
        for part in link.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..":
                guard components.count > 1 else { return nil }
                components.removeLast()
            default: components.append(part)
            }
        }
        guard components.first == Substring(ProjectLayout.content), components.count > 1 else { return nil }
        return components.joined(separator: "/")
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
