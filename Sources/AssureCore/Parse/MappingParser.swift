import Yams

/// Phase 2 for `content/catalogs/mappings/*.yml`: each file names two catalogs and lists pairs
/// of their criterion IDs.
///
///     between: [soc2, iso27001]
///     pairs:
///       - [CC6.1, A.5.15]
enum MappingParser {
    static func parse(_ files: [SourceFile], catalog: CriteriaCatalog) -> (Crosswalk, [Diagnostic]) {
        var crosswalk = Crosswalk()
        var diagnostics: [Diagnostic] = []
        for file in files {
            guard let (yaml, root) = YAMLSource.root(of: file, diagnostics: &diagnostics) else { continue }
            var fields = FieldReader(source: yaml, node: root, subject: "mapping")
            let between = fields.stringList("between", required: true)
            let pairsNode = fields.node("pairs")
            fields.finish(known: ["between", "pairs"])
            diagnostics += fields.diagnostics
            guard between.count == 2 else {
                if !between.isEmpty {
                    diagnostics.append(
                        .error(
                            .invalidValue, at: fields.keyLocation("between"),
                            "`between` must name exactly two catalogs",
                            hint: "such as `between: [soc2, iso27001]`"))
                }
                continue
            }
            var catalogs: [Catalog] = []
            for item in between {
                guard let found = catalog.catalog(item.value) else {
                    diagnostics.append(ScopeResolver.unknownFramework(item, catalog: catalog))
                    continue
                }
                catalogs.append(found)
            }
            guard catalogs.count == 2 else { continue }
            guard case .sequence(let pairs)? = pairsNode else {
                diagnostics.append(
                    .error(
                        .missingField, at: fields.location, "the mapping has no `pairs:` list",
                        hint: "list pairs as `- [CC6.1, A.5.15]`, the first ID from \(catalogs[0].id)"))
                continue
            }
            for pair in pairs {
                guard case .sequence(let ids) = pair, ids.count == 2 else {
                    diagnostics.append(
                        .error(
                            .invalidValue, at: yaml.location(pair), "each pair must be a list of two criterion IDs",
                            hint: "such as `- [CC6.1, A.5.15]`, the first from \(catalogs[0].id)"))
                    continue
                }
                var criteria: [Criterion] = []
                for (side, node) in zip(catalogs, ids) {
                    let written = Located(node.string ?? "", at: yaml.location(node))
                    guard case .found(let criterion) = catalog.lookup(written.value, within: side.id) else {
                        diagnostics.append(ScopeResolver.unknown(written, in: side, catalog: catalog))
                        continue
                    }
                    criteria.append(criterion)
                }
                if criteria.count == 2 { crosswalk.add(criteria[0], criteria[1]) }
            }
        }
        return (crosswalk, diagnostics)
    }
}
