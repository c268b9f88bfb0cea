/// Checks `assure.yml`'s framework settings against the catalogs: every framework key, group,
/// profile entry and exclusion must name something that exists, and every exclusion must be
/// allowed and explained.
enum ScopeResolver {
    static func resolve(_ config: ProjectConfig, catalog: CriteriaCatalog) -> (ProgrammeScope, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        var frameworks: [ProgrammeScope.Framework] = []
        for settings in config.frameworks {
            let key = settings.framework
            guard let entry = catalog.catalog(key.value) else {
                diagnostics.append(unknownFramework(key, catalog: catalog))
                continue
            }
            if frameworks.contains(where: { $0.id == entry.id }) {
                diagnostics.append(
                    .error(
                        .duplicateID, at: key.location, "\(entry.shortName) is listed twice in `frameworks`",
                        hint: "keep one entry for `\(entry.id)`"))
                continue
            }
            var framework = ProgrammeScope.Framework(
                id: entry.id, groups: [], profile: nil, exclusions: [:], location: key.location, groupLocations: [:])
            framework.groups = groups(of: entry, settings, locations: &framework.groupLocations, &diagnostics)
            if let profile = settings.profile {
                framework.profile = []
                for item in profile {
                    if case .found(let criterion) = catalog.lookup(item.value, within: entry.id) {
                        framework.profile?.insert(criterion.id)
                    } else {
                        diagnostics.append(unknown(item, in: entry, catalog: catalog))
                    }
                }
            }
            for exclusion in settings.exclusions {
                guard
                    let criterion = excluded(
                        exclusion, by: framework, of: entry, settings: settings, catalog: catalog, &diagnostics)
                else { continue }
                if let first = framework.exclusions[criterion.key] {
                    diagnostics.append(
                        .error(
                            .duplicateID, at: exclusion.location,
                            "\(criterion.id) is excluded twice; the first exclusion is at \(first.location)",
                            hint: "keep one exclusion for it"))
                    continue
                }
                framework.exclusions[criterion.key] = exclusion
            }
            frameworks.append(framework)
        }
        let order = catalog.catalogs.map(\.id)
        frameworks.sort { (order.firstIndex(of: $0.id) ?? 0) < (order.firstIndex(of: $1.id) ?? 0) }
        return (ProgrammeScope(frameworks: frameworks), diagnostics)
    }

    /// The groups in scope: those selected with the catalog's key plus those always in scope;
    /// with no selection, the groups always in scope, or all of them when there are none.
    private static func groups(
        of entry: Catalog, _ settings: ProjectConfig.FrameworkSettings, locations: inout [String: SourceLocation],
        _ diagnostics: inout [Diagnostic]
    ) -> [String] {
        var selected = Set<String>()
        var chosen = false
        for selection in settings.selections {
            guard selection.key.value == entry.scope.selects, !chosen else {
                let known = [entry.scope.selects, "exclusions", "profile"].compactMap { $0 }
                diagnostics.append(
                    .warning(
                        .unknownField, at: selection.key.location,
                        "unknown field `\(selection.key.value)` in the `\(entry.id)` settings; it is ignored",
                        hint: nearest(to: selection.key.value, in: known).map { "did you mean `\($0)`?" }
                            ?? (entry.scope.selects == nil
                                ? "every group of \(entry.shortName) is in scope; exclude criteria with `exclusions:`"
                                : "known fields: " + known.joined(separator: ", "))))
                continue
            }
            chosen = true
            for item in selection.groups {
                let name = item.value.lowercased()
                guard entry.group(name) != nil else {
                    let ids = entry.groups.map(\.id)
                    let suggestion = nearest(to: name, in: ids)
                    diagnostics.append(
                        .error(
                            .unknownPrinciple, at: item.location, "`\(item.value)` is not a \(entry.scope.noun)",
                            hint: (suggestion.map { "did you mean `\($0)`? " } ?? "") + "choose from: "
                                + ids.joined(separator: ", ")))
                    continue
                }
                if locations[name] == nil { locations[name] = item.location }
                selected.insert(name)
            }
        }
        if chosen || !entry.scope.always.isEmpty {
            for group in entry.scope.always where !selected.contains(group) {
                selected.insert(group)
                // An always-in-scope group points at the selecting key, or the framework's entry.
                locations[group] =
                    settings.selections.first { $0.key.value == entry.scope.selects }?.key.location
                    ?? settings.framework.location
            }
        } else {
            selected = Set(entry.groups.map(\.id))
        }
        return entry.groups.map(\.id).filter(selected.contains)
    }

    /// The criterion an exclusion names, if it exists, is in scope and may be excluded.
    private static func excluded(
        _ exclusion: ProjectConfig.Exclusion, by framework: ProgrammeScope.Framework, of entry: Catalog,
        settings: ProjectConfig.FrameworkSettings, catalog: CriteriaCatalog, _ diagnostics: inout [Diagnostic]
    ) -> Criterion? {
        let written = Located(exclusion.criterion, at: exclusion.location)
        // Top-level exclusions of older projects may name any catalog's criteria.
        let lookup = catalog.lookup(exclusion.criterion, within: settings.isTopLevel ? nil : entry.id)
        let criterion: Criterion
        switch lookup {
        case .found(let found): criterion = found
        case .ambiguous(let candidates):
            diagnostics.append(ambiguous(written, candidates))
            return nil
        case .unknown:
            diagnostics.append(unknown(written, in: settings.isTopLevel ? nil : entry, catalog: catalog))
            return nil
        }
        guard criterion.catalog == entry.id, framework.includes(criterion) else {
            let owner = catalog.catalog(criterion.catalog)
            let selects = owner?.scope.selects
            diagnostics.append(
                .error(
                    .exclusionOutOfScope, at: exclusion.location,
                    "\(criterion.id) is excluded, but it is not in the scope of "
                        + "\(owner?.shortName ?? criterion.catalog)",
                    hint: selects.map { "remove the exclusion, or add its \(owner?.scope.noun ?? "group") to `\($0):`" }
                        ?? "remove the exclusion, or add `\(criterion.catalog)` to `frameworks:`"))
            return nil
        }
        switch criterion.implementation {
        case .required? where criterion.attributes["applies_to"] == nil:
            diagnostics.append(
                .error(
                    .exclusionNotAllowed, at: exclusion.location,
                    "\(criterion.id) is a required \(entry.shortName) specification; it cannot be excluded",
                    hint: "only addressable specifications may be documented as not reasonable and appropriate; "
                        + "add a control that meets it"))
            return nil
        case .addressable? where exclusion.alternative == nil:
            diagnostics.append(
                .error(
                    .missingField, at: exclusion.location,
                    "\(criterion.id) is addressable: excluding it needs the reason and the alternative measure",
                    hint: "write `\(exclusion.criterion): {reason: why it is not reasonable and appropriate, "
                        + "alternative: the equivalent measure taken, or why none is}`"))
            return nil
        default:
            return criterion
        }
    }

    static func unknownFramework(_ key: Located<String>, catalog: CriteriaCatalog) -> Diagnostic {
        let keys = catalog.catalogs.map(\.id)
        return .error(
            .unknownFramework, at: key.location, "`\(key.value)` is not a framework Assure knows",
            hint: (nearest(to: key.value, in: keys).map { "did you mean `\($0)`? " } ?? "") + "frameworks: "
                + keys.joined(separator: ", "))
    }

    static func ambiguous(_ item: Located<String>, _ candidates: [Criterion]) -> Diagnostic {
        .error(
            .ambiguousCriterion, at: item.location,
            "`\(item.value)` is a criterion of several catalogs: "
                + candidates.map(\.catalog).joined(separator: " and "),
            hint: "qualify it with the framework: " + candidates.map(\.key).joined(separator: " or "))
    }

    /// An unknown criterion ID, with the nearest one from the right catalog.
    static func unknown(_ item: Located<String>, in entry: Catalog?, catalog: CriteriaCatalog) -> Diagnostic {
        let parts = item.value.split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init)
        if parts.count > 1, parts.allSatisfy({ catalog.lookup($0, within: entry?.id) != .unknown }) {
            return .error(
                .unknownCriterion, at: item.location, "`\(item.value)` is several criteria written as one",
                hint: "write a list: [\(parts.joined(separator: ", "))]")
        }
        let suggestion = catalog.suggestion(for: item.value, within: entry?.id)
        return .error(
            .unknownCriterion, at: item.location,
            "`\(item.value)` is not a known criterion" + (entry.map { " of \($0.shortName)" } ?? ""),
            hint: suggestion.map { "did you mean \($0)?" }
                ?? "use an ID of a catalog, such as CC6.1 or iso27001:A.5.15, or define it in content/catalogs/")
    }
}
