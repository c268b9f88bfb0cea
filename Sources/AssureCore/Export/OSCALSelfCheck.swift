import Foundation

/// What no OSCAL schema validator catches, checked on every export before it is written: a
/// UUID used twice in one document, and references that lead nowhere (a role, party,
/// component or back-matter resource never declared, a control the imported profile does not
/// select, a profile or catalog not in the export).
public enum OSCALSelfCheck {
    /// Throws an `OutputError` listing every problem in `files`.
    public static func check(_ files: [OutputFile]) throws {
        let problems = self.problems(in: files)
        guard !problems.isEmpty else { return }
        throw OutputError(
            description: "the OSCAL export failed its own check, so nothing was written:\n"
                + problems.map { "  \($0)" }.joined(separator: "\n"))
    }

    /// Every problem, as `FILE: what is wrong`, in file order.
    public static func problems(in files: [OutputFile]) -> [String] {
        var objects: [String: [String: Any]] = [:]
        var problems: [String] = []
        for file in files {
            guard let object = try? JSONSerialization.jsonObject(with: file.data) as? [String: Any] else {
                problems.append("\(file.path): not a JSON object")
                continue
            }
            objects[file.path] = object
        }
        for file in files {
            guard let object = objects[file.path] else { continue }
            problems += Document(object).problems(objects: objects).map { "\(file.path): \($0)" }
        }
        return problems
    }

    /// One document's declarations and references, collected in one walk.
    struct Document {
        var uuids: [String: Int] = [:]
        var declared: [String: Set<String>] = [:]
        var referenced: [String: [String]] = [:]
        var root: [String: Any]

        init(_ object: [String: Any]) {
            root = object
            walk(object, under: "")
        }

        /// Declarations by the key of the list they are in; references by their own key.
        private mutating func walk(_ value: Any, under parent: String) {
            if let list = value as? [Any] {
                for item in list { walk(item, under: parent) }
            } else if let object = value as? [String: Any] {
                for (key, child) in object {
                    if key == "uuid", let uuid = child as? String {
                        uuids[uuid, default: 0] += 1
                        if ["parties", "components", "resources"].contains(parent) {
                            declared[parent, default: []].insert(uuid)
                        }
                    }
                    if key == "id", parent == "roles", let id = child as? String {
                        declared["roles", default: []].insert(id)
                    }
                    if key == "id", parent == "controls", let id = child as? String {
                        uuids["control " + id, default: 0] += 1
                    }
                    for reference in Self.references(key, child) {
                        referenced[reference.kind, default: []].append(reference.value)
                    }
                    walk(child, under: key)
                }
            }
        }

        /// What `key: value` points at, by the kind of thing it names.
        private static func references(_ key: String, _ value: Any) -> [(kind: String, value: String)] {
            let values = (value as? [String]) ?? (value as? String).map { [$0] } ?? []
            switch key {
            case "role-id", "role-ids": return values.map { ("roles", $0) }
            case "party-uuids": return values.map { ("parties", $0) }
            case "component-uuid": return values.map { ("components", $0) }
            case "href": return values.filter { $0.hasPrefix("#") }.map { ("resources", String($0.dropFirst())) }
            case "control-id", "with-ids": return values.map { ("controls", $0) }
            default: return []
            }
        }

        func problems(objects: [String: [String: Any]]) -> [String] {
            var problems = uuids.filter { $0.value > 1 }.keys.sorted().map { name in
                name.hasPrefix("control ") ? "the \(name) is defined twice" : "the UUID \(name) is used twice"
            }
            for kind in ["roles", "parties", "components", "resources"] {
                for value in Set(referenced[kind] ?? []).sorted() where declared[kind]?.contains(value) != true {
                    problems.append("a reference to \(kind.dropLast()) \(value), which the document does not declare")
                }
            }
            let (missing, selected) = imported(objects: objects)
            problems += missing.map { "it imports \($0), which the export does not hold" }
            if let selected {
                for id in Set(referenced["controls"] ?? []).sorted() where !selected.contains(id) {
                    problems.append("control \(id) is named, but no profile and catalog of the export select it")
                }
            }
            return problems
        }

        /// The files this document imports that are missing, and the controls its profile
        /// selects that its catalog defines (nil for a document that imports no profile).
        private func imported(objects: [String: [String: Any]]) -> (missing: [String], selected: Set<String>?) {
            let model = root.values.first as? [String: Any] ?? [:]
            let profileNames =
                [(model["import-profile"] as? [String: Any])?["href"] as? String].compactMap { $0 }
                + ((model["components"] as? [[String: Any]]) ?? []).flatMap {
                    ($0["control-implementations"] as? [[String: Any]] ?? []).compactMap { $0["source"] as? String }
                }
            let profileImports = ((model["imports"] as? [[String: Any]]) ?? []).compactMap { $0["href"] as? String }
            var missing = (profileNames + profileImports).filter { objects[$0] == nil }
            guard !profileNames.isEmpty || !profileImports.isEmpty else { return (missing, nil) }
            // The controls each profile selects that its catalog defines.
            var selected = Set<String>()
            for name in profileNames {
                let profile = objects[name]?["profile"] as? [String: Any] ?? [:]
                for item in profile["imports"] as? [[String: Any]] ?? [] {
                    let catalogName = item["href"] as? String ?? ""
                    guard let catalog = objects[catalogName] else {
                        missing.append(catalogName)
                        continue
                    }
                    let defined = Document(catalog).controlIDs
                    for select in item["include-controls"] as? [[String: Any]] ?? [] {
                        selected.formUnion((select["with-ids"] as? [String] ?? []).filter(defined.contains))
                    }
                }
            }
            if profileNames.isEmpty, let catalogName = profileImports.first, let catalog = objects[catalogName] {
                selected = Document(catalog).controlIDs
            }
            return (Array(Set(missing)).sorted(), selected)
        }

        /// The IDs of the controls a catalog defines.
        var controlIDs: Set<String> {
            Set(uuids.keys.filter { $0.hasPrefix("control ") }.map { String($0.dropFirst("control ".count)) })
        }
    }
}
