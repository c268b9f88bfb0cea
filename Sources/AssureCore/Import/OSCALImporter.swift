import Crypto
import Foundation

/// An OSCAL catalog (narrowed by a profile, if given) as an Assure catalog: its YAML for
/// `content/catalogs/KEY.yml` and what was read.
public struct OSCALCatalogImport: Sendable {
    public var key: String
    public var yaml: String
    public var controls: Int
    public var enhancements: Int
    /// Withdrawn controls and enhancements, left out.
    public var withdrawn: Int
    /// Controls and enhancements the profile leaves out.
    public var excluded: Int

    /// Where the catalog is written in a project.
    public var path: String { "\(ProjectLayout.catalogs)/\(key).yml" }
}

/// `assure import oscal CATALOG.json [--profile PROFILE.json]`: NIST's SP 800-53, its baselines,
/// FedRAMP's, or any OSCAL 1.x catalog in JSON, written once as an Assure catalog, so builds
/// never read the network or the OSCAL file again. Groups become groups, controls and their
/// enhancements (`ac-2.1`) criteria under their OSCAL IDs, withdrawn ones are left out, and a
/// profile's `include-controls` and `exclude-controls` (by ID or pattern, with or without child
/// controls) narrow the catalog. A resolved-profile catalog imports as it is.
public enum OSCALImporter {
    public static func importCatalog(
        _ catalogData: Data, named catalogName: String, profile: (data: Data, name: String)? = nil, key: String? = nil
    ) throws -> OSCALCatalogImport {
        let catalog = try object(catalogData, named: catalogName, root: "catalog")
        let selection = try profile.map { try Selection(try object($0.data, named: $0.name, root: "profile")) }
        let metadata = catalog["metadata"] as? [String: Any] ?? [:]
        let title = metadata["title"] as? String ?? catalogName
        let key = key ?? defaultKey(title)
        guard isValidDocumentID(key) else {
            throw ImportFailure(description: "`\(key)` cannot be a catalog key; pass --key, such as `sp800-53`")
        }
        var walk = Walk(selection: selection)
        var groups: [(id: String, title: String)] = []
        for group in catalog["groups"] as? [[String: Any]] ?? [] {
            let id = group["id"] as? String ?? "group-\(groups.count + 1)"
            let title = plain(group["title"] as? String ?? id, params: [:])
            let before = walk.criteria.count
            walk.controls(group["controls"] as? [[String: Any]] ?? [], group: id, series: title, parent: nil)
            if walk.criteria.count > before { groups.append((id, title)) }
        }
        let loose = walk.criteria.count
        walk.controls(catalog["controls"] as? [[String: Any]] ?? [], group: "controls", series: "Controls", parent: nil)
        if walk.criteria.count > loose { groups.append(("controls", "Controls")) }
        guard !walk.criteria.isEmpty else {
            throw ImportFailure(
                description: "\(catalogName): no control is left to import"
                    + (profile == nil ? "" : " after the profile"))
        }
        let source = [
            "# Imported by `assure import oscal` from \(catalogName) (SHA-256 \(digest(catalogData)))",
            profile.map { "# narrowed by the profile \($0.name) (SHA-256 \(digest($0.data)))" },
            "# \(walk.controls) controls and \(walk.enhancements) enhancements; \(walk.withdrawn) withdrawn and "
                + "\(walk.excluded) left out by the profile are not listed.",
            "# Import again to update it; do not edit it by hand.",
        ].compactMap { $0 }
        var lines =
            source + [
                "id: \(key)", "name: \(Scaffold.yamlScalar(title))",
                "short_name: \(Scaffold.yamlScalar(shortName(title, key: key)))",
            ]
        if let version = metadata["version"] as? String { lines.append("version: \(Scaffold.yamlScalar(version))") }
        lines.append("groups:")
        for group in groups {
            lines.append("  - {id: \(Scaffold.yamlScalar(group.id)), name: \(Scaffold.yamlScalar(group.title))}")
        }
        lines.append("criteria:")
        for criterion in walk.criteria {
            lines.append(
                "  - {id: \(Scaffold.yamlScalar(criterion.id)), group: \(Scaffold.yamlScalar(criterion.group)), "
                    + "series: \(Scaffold.yamlScalar(criterion.series)), "
                    + "title: \(Scaffold.yamlScalar(criterion.title))}"
            )
        }
        return OSCALCatalogImport(
            key: key, yaml: lines.joined(separator: "\n") + "\n", controls: walk.controls,
            enhancements: walk.enhancements,
            withdrawn: walk.withdrawn, excluded: walk.excluded)
    }

    /// The JSON object under `root` (`catalog`, `profile`), or why the file is not one.
    static func object(_ data: Data, named name: String, root: String) throws -> [String: Any] {
        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw ImportFailure(
                description: "\(name) is not JSON: OSCAL in XML or YAML must be converted to JSON first")
        }
        guard let object = (json as? [String: Any])?[root] as? [String: Any] else {
            throw ImportFailure(description: "\(name) is not an OSCAL \(root) (no top-level `\(root)` object)")
        }
        return object
    }

    /// What a profile keeps: `include-all` or `include-controls`, less `exclude-controls`.
    struct Selection {
        struct Rule {
            var ids: Set<String>
            var patterns: [String]
            var withChildren: Bool

            init(_ object: [String: Any]) {
                ids = Set(object["with-ids"] as? [String] ?? [])
                patterns = (object["matching"] as? [[String: Any]] ?? []).compactMap { $0["pattern"] as? String }
                withChildren = (object["with-child-controls"] as? String) == "yes"
            }

            func matches(_ id: String) -> Bool {
                ids.contains(id) || patterns.contains { OSCALImporter.glob($0, matches: id) }
            }
        }

        var includeAll = false
        var include: [Rule] = []
        var exclude: [Rule] = []

        init(_ profile: [String: Any]) throws {
            let imports = profile["imports"] as? [[String: Any]] ?? []
            guard !imports.isEmpty else { throw ImportFailure(description: "the profile imports no catalog") }
            for item in imports {
                if let href = item["href"] as? String, href.contains("://"), !href.hasPrefix("file://") {
                    throw ImportFailure(
                        description: "the profile imports \(href): Assure reads nothing remote; download the catalog "
                            + "and pass it as the first argument")
                }
                includeAll = includeAll || item["include-all"] != nil
                include += (item["include-controls"] as? [[String: Any]] ?? []).map(Rule.init)
                exclude += (item["exclude-controls"] as? [[String: Any]] ?? []).map(Rule.init)
            }
        }

        /// Whether a control is kept, given whether its parent was kept by a rule with children.
        func keeps(_ id: String, parentKeptWithChildren: Bool) -> (kept: Bool, withChildren: Bool) {
            if exclude.contains(where: { $0.matches(id) }) { return (false, false) }
            if let rule = include.first(where: { $0.matches(id) }) { return (true, rule.withChildren) }
            return (includeAll || parentKeptWithChildren, parentKeptWithChildren)
        }
    }

    /// The walk over a catalog's controls, depth first, in the catalog's order.
    struct Walk {
        var selection: Selection?
        var criteria: [(id: String, group: String, series: String, title: String)] = []
        var controls = 0
        var enhancements = 0
        var withdrawn = 0
        var excluded = 0

        mutating func controls(
            _ list: [[String: Any]], group: String, series: String,
            parent: (title: String, withChildren: Bool, withdrawn: Bool)?
        ) {
            for control in list {
                guard let id = control["id"] as? String else { continue }
                let props = control["props"] as? [[String: Any]] ?? []
                let params = OSCALImporter.params(control["params"] as? [[String: Any]] ?? [])
                let title = OSCALImporter.plain(control["title"] as? String ?? id, params: params)
                // An enhancement of a withdrawn control is withdrawn with it.
                let isWithdrawn =
                    parent?.withdrawn == true
                    || props.contains {
                        ($0["name"] as? String) == "status" && ($0["value"] as? String)?.lowercased() == "withdrawn"
                    }
                let (kept, withChildren) =
                    selection?.keeps(id, parentKeptWithChildren: parent?.withChildren ?? false) ?? (true, true)
                if isWithdrawn {
                    withdrawn += 1
                } else if !kept {
                    excluded += 1
                } else {
                    criteria.append((id, group, series, parent.map { "\($0.title) | \(title)" } ?? title))
                    if parent == nil { controls += 1 } else { enhancements += 1 }
                }
                self.controls(
                    control["controls"] as? [[String: Any]] ?? [], group: group, series: series,
                    parent: (title, kept && withChildren && !isWithdrawn, isWithdrawn))
            }
        }
    }

    /// Each parameter's label (or its choices, or its ID), for inserts in titles.
    static func params(_ list: [[String: Any]]) -> [String: String] {
        var result: [String: String] = [:]
        for param in list {
            guard let id = param["id"] as? String else { continue }
            let choices = ((param["select"] as? [String: Any])?["choice"] as? [String])?.joined(separator: "; ")
            result[id] = "[" + ((param["label"] as? String) ?? choices ?? id) + "]"
        }
        return result
    }

    /// Markup-line as plain text: `{{ insert: param, id }}` filled in, runs of white space one.
    static func plain(_ text: String, params: [String: String]) -> String {
        var result = text
        while let open = result.range(of: "{{"),
            let close = result.range(of: "}}", range: open.upperBound..<result.endIndex)
        {
            let inside = result[open.upperBound..<close.lowerBound].split(separator: ",").map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            let id = inside.count == 2 ? String(inside[1]) : ""
            result.replaceSubrange(open.lowerBound..<close.upperBound, with: params[id] ?? "[\(id)]")
        }
        return result.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// A profile's `pattern`: `*` for any run of characters, `?` for one.
    static func glob(_ pattern: String, matches text: String) -> Bool {
        let pattern = Array(pattern)
        let text = Array(text)
        func match(_ p: Int, _ t: Int) -> Bool {
            if p == pattern.count { return t == text.count }
            if pattern[p] == "*" { return (t...text.count).contains { match(p + 1, $0) } }
            guard t < text.count, pattern[p] == "?" || pattern[p] == text[t] else { return false }
            return match(p + 1, t + 1)
        }
        return match(0, 0)
    }

    /// `NIST Special Publication 800-53 Revision 5 …` → `sp800-53`; else the title's words.
    static func defaultKey(_ title: String) -> String {
        if title.contains("800-53") { return "sp800-53" }
        let words = title.lowercased().split { !($0.isASCII && ($0.isLetter || $0.isNumber)) }
        return String(words.prefix(4).joined(separator: "-").prefix(40))
    }

    static func shortName(_ title: String, key: String) -> String {
        title.contains("800-53") ? "SP 800-53" : (title.count <= 24 ? title : key)
    }

    static func digest(_ data: Data) -> String { Hex.encode(SHA256.hash(data: data)) }
}
