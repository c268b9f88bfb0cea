import Foundation
import Yams

/// Phase 2 for `content/catalogs/*.yml`: extra criteria catalogs, or the official wording of
/// TSC criteria (a file whose `id` is `tsc-2017`).
enum CatalogParser {
    static func parse(_ files: [SourceFile]) -> (CriteriaCatalog, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        var tsc = CriteriaCatalog.tsc2017
        var extra: [Catalog] = []
        var seenIDs = Dictionary(uniqueKeysWithValues: tsc.criteria.map { ($0.id, "the built-in TSC 2017 catalog") })
        for file in files {
            let yaml = YAMLSource(path: file.path, firstLine: 1)
            let root: Node?
            switch SourceText.decode(file).flatMap({ yaml.compose($0.text) }) {
            case .success(let node): root = node
            case .failure(let diagnostic):
                diagnostics.append(diagnostic)
                continue
            }
            var top = FieldReader(source: yaml, node: root, subject: "catalog")
            let catalogID = top.string("id", required: true)
            let name = top.string("name")
            let criteriaNode = top.node("criteria")
            top.finish(known: ["id", "name", "criteria"])
            diagnostics += top.diagnostics
            guard let catalogID else { continue }
            guard case .sequence(let items)? = criteriaNode else {
                diagnostics.append(
                    .error(
                        .missingField, at: top.location, "the catalog has no `criteria:` list",
                        hint: "list criteria as `- id: ...` items with `title:`"))
                continue
            }
            let supplementsTSC = catalogID == CriteriaCatalog.tscID
            var criteria: [Criterion] = []
            for item in items {
                var fields = FieldReader(source: yaml, node: item, subject: "criterion")
                let id = fields.string("id", required: true)
                let title = fields.string("title", required: !supplementsTSC)
                let group = fields.string("group")
                let series = fields.string("series")
                let text = fields.string("text")
                fields.finish(known: ["id", "title", "group", "series", "text"])
                diagnostics += fields.diagnostics
                guard let id else { continue }
                let location = yaml.location(fields.node("id"))
                if supplementsTSC {
                    guard let index = tsc.criteria.firstIndex(where: { $0.id == id }) else {
                        diagnostics.append(
                            .error(
                                .unknownCriterion, at: location, "`\(id)` is not a TSC 2017 criterion",
                                hint: nearest(to: id, in: tsc.criteria.map(\.id)).map { "did you mean \($0)?" }))
                        continue
                    }
                    if let title { tsc.criteria[index].title = title }
                    if let text { tsc.criteria[index].text = text }
                    continue
                }
                if let previous = seenIDs[id] {
                    diagnostics.append(
                        .error(
                            .duplicateID, at: location, "criterion `\(id)` is already defined in \(previous)",
                            hint: "criterion IDs must be unique across all catalogs"))
                    continue
                }
                guard let title else { continue }
                seenIDs[id] = file.path
                criteria.append(
                    Criterion(
                        id: id, catalog: catalogID, group: group ?? catalogID,
                        series: series ?? group ?? catalogID, title: title, text: text))
            }
            if !supplementsTSC {
                extra.append(Catalog(id: catalogID, name: name ?? catalogID, criteria: criteria))
            }
        }
        return (CriteriaCatalog(catalogs: [tsc] + extra.sorted { $0.id < $1.id }), diagnostics)
    }
}
