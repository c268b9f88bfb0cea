import Foundation
import Yams

/// Phase 2 for catalogs: the built-in ones shipped in the binary and `content/catalogs/*.yml`,
/// all in one format. A project file whose `id` is a built-in catalog's (or an alias, such as
/// `tsc-2017`) supplies titles or official wording for that catalog's criteria instead.
enum CatalogParser {
    static let builtInPrefix = "(built-in)/catalogs/"

    /// The built-in catalog files, as `(built-in)/catalogs/NAME.yml`.
    static var builtInFiles: [SourceFile] {
        EmbeddedFolder.files(EmbeddedCatalogs.encodedFiles).map {
            SourceFile(path: builtInPrefix + $0.path, data: $0.data)
        }
    }

    /// The catalogs that ship with Assure, in a fixed order.
    static let builtIn: [Catalog] = {
        let order = ["soc2", "iso27001", "nist-csf", "hipaa"]
        var catalogs: [Catalog] = []
        var ignored: [Diagnostic] = []
        for file in builtInFiles {
            guard case .catalog(var catalog) = parseFile(file, existing: [], diagnostics: &ignored) else { continue }
            catalog.isBuiltIn = true
            catalogs.append(catalog)
        }
        func rank(_ catalog: Catalog) -> (Int, String) { (order.firstIndex(of: catalog.id) ?? order.count, catalog.id) }
        return catalogs.sorted { rank($0) < rank($1) }
    }()

    /// Diagnostics of the built-in catalogs, for the test that keeps them clean.
    static var builtInDiagnostics: [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for file in builtInFiles { _ = parseFile(file, existing: [], diagnostics: &diagnostics) }
        return diagnostics
    }

    static func parse(_ files: [SourceFile]) -> (CriteriaCatalog, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        var catalogs = builtIn
        var declaredIn: [String: String] = [:]
        for file in files {
            switch parseFile(file, existing: catalogs, diagnostics: &diagnostics) {
            case .catalog(let catalog):
                if let previous = declaredIn[catalog.id] {
                    diagnostics.append(
                        .error(
                            .duplicateID, at: SourceLocation(path: file.path, line: 1, column: 1),
                            "the catalog `\(catalog.id)` is already defined in \(previous)",
                            hint: "give each catalog file its own `id`"))
                    continue
                }
                declaredIn[catalog.id] = file.path
                catalogs.append(catalog)
            case .supplement(let catalog):
                if let index = catalogs.firstIndex(where: { $0.id == catalog.id }) { catalogs[index] = catalog }
            case nil:
                continue
            }
        }
        let builtInCount = builtIn.count
        let own = catalogs[builtInCount...].sorted { $0.id < $1.id }
        return (CriteriaCatalog(catalogs: Array(catalogs[..<builtInCount]) + own), diagnostics)
    }

    private enum Parsed {
        case catalog(Catalog)
        /// A built-in catalog with the file's titles and wording applied.
        case supplement(Catalog)
    }

    private static func parseFile(_ file: SourceFile, existing: [Catalog], diagnostics: inout [Diagnostic]) -> Parsed? {
        guard let (yaml, root) = YAMLSource.root(of: file, diagnostics: &diagnostics) else { return nil }
        var top = FieldReader(source: yaml, node: root, subject: "catalog")
        defer { diagnostics += top.diagnostics }
        guard let catalogID = top.string("id", required: true) else { return nil }
        // The ID is a framework key: written before `:` in qualified IDs and in output paths.
        guard DocumentParser.isValidID(catalogID) else {
            top.report(
                .error(
                    .invalidID, at: yaml.location(top.node("id")), "`\(catalogID)` cannot be a catalog ID",
                    hint:
                        "use letters, digits, `.`, `-` and `_`, starting with a letter or digit, such as "
                        + "`acme-baseline`"
                ))
            return nil
        }
        let criteriaNode = top.node("criteria")
        guard case .sequence(let items)? = criteriaNode else {
            top.finish(known: ["id", "name", "criteria"])
            top.report(
                .error(
                    .missingField, at: top.location, "the catalog has no `criteria:` list",
                    hint: "list criteria as `- id: ...` items with `title:`"))
            return nil
        }
        if var catalog = existing.first(where: { $0.answers(to: catalogID) }) {
            // Official wording or titles for a built-in catalog.
            top.finish(known: ["id", "name", "criteria"])
            supplement(&catalog, with: items, yaml: yaml, diagnostics: &diagnostics)
            return .supplement(catalog)
        }

        let name = top.string("name") ?? catalogID
        var catalog = Catalog(
            id: catalogID, aliases: top.stringList("aliases").map(\.value), name: name,
            shortName: top.string("short_name") ?? name, version: top.string("version"), groups: [], criteria: [])
        catalog.statementOfApplicability = top.bool("statement_of_applicability") ?? false
        if let scopeNode = top.node("scope") {
            var scope = FieldReader(source: yaml, node: scopeNode, subject: "catalog scope")
            catalog.scope = Catalog.Scope(
                selects: scope.string("selects"), noun: scope.string("noun") ?? "group",
                always: scope.stringList("always").map(\.value))
            scope.finish(known: ["selects", "noun", "always"])
            diagnostics += scope.diagnostics
        }
        catalog.groups = groups(top.node("groups"), yaml: yaml, diagnostics: &diagnostics)
        let declaredGroups = !catalog.groups.isEmpty
        top.finish(known: [
            "id", "aliases", "name", "short_name", "version", "statement_of_applicability", "scope", "groups",
            "criteria",
        ])

        addCriteria(items, to: &catalog, declaredGroups: declaredGroups, yaml: yaml, diagnostics: &diagnostics)
        return .catalog(catalog)
    }

    /// Official wording or titles for a built-in catalog's criteria.
    private static func supplement(
        _ catalog: inout Catalog, with items: Node.Sequence, yaml: YAMLSource, diagnostics: inout [Diagnostic]
    ) {
        for item in items {
            var fields = FieldReader(source: yaml, node: item, subject: "criterion")
            let id = fields.string("id", required: true)
            let title = fields.string("title")
            let text = fields.string("text")
            fields.finish(known: ["id", "title", "text"])
            diagnostics += fields.diagnostics
            guard let id else { continue }
            guard let index = catalog.criteria.firstIndex(where: { $0.id == id }) else {
                diagnostics.append(
                    .error(
                        .unknownCriterion, at: yaml.location(fields.node("id")),
                        "`\(id)` is not a criterion of the built-in \(catalog.name) catalog",
                        hint: nearest(to: id, in: catalog.criteria.map(\.id)).map { "did you mean \($0)?" }))
                continue
            }
            if let title { catalog.criteria[index].title = title }
            if let text { catalog.criteria[index].text = text }
        }
    }

    /// `groups:`, each ID once.
    private static func groups(_ node: Node?, yaml: YAMLSource, diagnostics: inout [Diagnostic]) -> [CatalogGroup] {
        var groupLocations: [String: SourceLocation] = [:]
        var groups: [CatalogGroup] = []
        if case .sequence(let groupItems)? = node {
            for item in groupItems {
                var fields = FieldReader(source: yaml, node: item, subject: "catalog group")
                if let id = fields.string("id", required: true) {
                    if groupLocations[id] != nil {
                        fields.report(
                            .error(
                                .duplicateID, at: yaml.location(fields.node("id")),
                                "the group `\(id)` is listed twice"))
                    } else {
                        groupLocations[id] = yaml.location(fields.node("id"))
                        groups.append(CatalogGroup(id: id, name: fields.string("name") ?? id))
                    }
                }
                fields.finish(known: ["id", "name"])
                diagnostics += fields.diagnostics
            }
        }
        return groups
    }

    /// `criteria:` of a catalog of the project's own: IDs checked, each in a group.
    private static func addCriteria(
        _ items: Node.Sequence, to catalog: inout Catalog, declaredGroups: Bool, yaml: YAMLSource,
        diagnostics: inout [Diagnostic]
    ) {
        let catalogID = catalog.id
        var seen: [String: SourceLocation] = [:]
        for item in items {
            var fields = FieldReader(source: yaml, node: item, subject: "criterion")
            let id = fields.string("id", required: true)
            let title = fields.string("title", required: true)
            let group = fields.string("group")
            let series = fields.string("series")
            let text = fields.string("text")
            var attributes: [String: String] = [:]
            if let node = fields.node("attributes") {
                var reader = FieldReader(source: yaml, node: node, subject: "criterion's attributes")
                for key in reader.keyLocations.keys.sorted() { attributes[key] = reader.string(key) }
                diagnostics += reader.diagnostics
            }
            fields.finish(known: ["id", "title", "group", "series", "text", "attributes"])
            diagnostics += fields.diagnostics
            guard let id, let title else { continue }
            let location = yaml.location(fields.node("id"))
            // `:` separates a catalog from an ID, and a space or comma separates list items.
            guard !id.contains(where: { $0 == ":" || $0 == "," || $0.isWhitespace || $0.isNewline }),
                !id.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }), id.count <= 64
            else {
                diagnostics.append(
                    .error(
                        .invalidID, at: location, "`\(id)` cannot be a criterion ID",
                        hint: "criterion IDs may not contain `:`, `,`, spaces or control characters, "
                            + "and are at most 64 characters"))
                continue
            }
            if let previous = seen[id] {
                diagnostics.append(
                    .error(
                        .duplicateID, at: location,
                        "criterion `\(id)` is already defined in this catalog, at \(previous)",
                        hint: "criterion IDs must be unique within a catalog; other catalogs may reuse them"))
                continue
            }
            seen[id] = location
            let groupID = group ?? catalogID
            if declaredGroups, catalog.group(groupID) == nil {
                diagnostics.append(
                    .error(
                        .invalidValue, at: yaml.location(fields.node("group") ?? fields.node("id")),
                        "criterion `\(id)` is in the group `\(groupID)`, which `groups:` does not list",
                        hint: "groups: " + catalog.groups.map(\.id).joined(separator: ", ")))
                continue
            }
            if !declaredGroups, catalog.group(groupID) == nil {
                catalog.groups.append(CatalogGroup(id: groupID, name: groupID))
            }
            catalog.criteria.append(
                Criterion(
                    id: id, catalog: catalogID, group: groupID,
                    series: series ?? catalog.group(groupID)?.name ?? groupID,
                    title: title, text: text, attributes: attributes))
        }
    }
}
