import Foundation
import Yams

/// What `assure init` and `assure new` write: a starter project, and new documents with
/// every required field filled in or marked.
package enum Scaffold {
    /// The starter project's files by project-relative path (`starter/` in the repository,
    /// embedded in the binary). `gitignore` is stored without its dot and written as `.gitignore`.
    package static let starterFiles: [String: Data] = {
        var files: [String: Data] = [:]
        for (path, data) in EmbeddedFolder.files(EmbeddedStarter.encodedFiles) {
            files[path == "gitignore" ? ".gitignore" : path] = data
        }
        return files
    }()

    /// The frameworks `init --framework` names, with the groups chosen for each: `soc2`, or
    /// `soc2:security,availability,iso27001` (a word after a `key:` that is no framework key is
    /// one more group of that framework).
    package static func frameworkChoice(_ written: String) throws -> (keys: [String], groups: [String: [String]]) {
        let known = Set(CatalogParser.builtIn.map(\.id))
        var keys: [String] = []
        var groups: [String: [String]] = [:]
        var current: String?
        for token in written.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces).lowercased() })
        where !token.isEmpty {
            let parts = token.split(separator: ":", maxSplits: 1).map(String.init)
            if parts.count == 2 || known.contains(token) || current == nil {
                let key = parts[0]
                keys.append(key)
                current = parts.count == 2 ? key : nil
                if parts.count == 2 { groups[key, default: []].append(parts[1]) }
            } else if let current {
                groups[current, default: []].append(token)
            }
        }
        return (keys, groups)
    }

    /// The starter for the chosen frameworks (keys of built-in catalogs, in any order): the
    /// settings of each go under `frameworks:` in assure.yml, with the groups chosen for a
    /// framework that selects them (SOC 2's categories, CSF functions), and each starter
    /// control meets the criteria `starter-frameworks/KEY.yml` maps to it.
    /// `today` dates the report the starter plans: as of the end of this year (of next year in
    /// December), so a new programme never starts with its period already over.
    package static func starter(
        frameworks: [String], groups: [String: [String]] = [:], today: CalendarDate
    ) throws -> [String: Data] {
        let available = Self.frameworkAdditions
        let chosen = CatalogParser.builtIn.map(\.id).filter(frameworks.contains)
        if let unknown = frameworks.first(where: { available[$0] == nil }) {
            throw ScaffoldError(
                "`\(unknown)` is not a framework the starter knows; choose from: "
                    + CatalogParser.builtIn.map(\.id).joined(separator: ", "))
        }
        guard !chosen.isEmpty else { throw ScaffoldError("choose at least one framework") }
        var files = starterFiles
        let config = String(decoding: files[ProjectLayout.config] ?? Data(), as: UTF8.self)
        let settings = try chosen.map { key in
            try selecting(groups[key], in: available[key]?.settings ?? "", of: key)
        }
        let periodEnd = CalendarDate(year: today.month == 12 ? today.year + 1 : today.year, month: 12, day: 31)!
        files[ProjectLayout.config] = Data(
            config.replacingOccurrences(of: "{frameworks}\n", with: settings.joined())
                .replacingOccurrences(of: "{period_end}", with: periodEnd.description).utf8)
        for (path, data) in files where path.hasPrefix(ProjectLayout.controls + "/") {
            var text = String(decoding: data, as: UTF8.self)
            guard let id = text.firstMatch(of: /\nid: (\S+)\n/)?.output.1 else { continue }
            let added = chosen.flatMap { available[$0]?.controls[String(id)] ?? [] }
            guard !added.isEmpty, let line = text.firstMatch(of: /\ncriteria: \[([^\]\n]*)\]\n/) else { continue }
            let items =
                line.output.1.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty } + added.map { $0.contains("(") ? "\"\($0)\"" : $0 }
            text.replaceSubrange(line.range, with: "\ncriteria: [\(items.joined(separator: ", "))]\n")
            files[path] = Data(text.utf8)
        }
        return files
    }

    /// A framework's settings with the groups chosen for it written into its selecting key
    /// (`principles: [security, availability]`); unchanged when none are chosen.
    private static func selecting(_ chosen: [String]?, in settings: String, of key: String) throws -> String {
        guard let chosen else { return settings }
        guard let catalog = CatalogParser.builtIn.first(where: { $0.id == key }), let selects = catalog.scope.selects
        else { throw ScaffoldError("`\(key)` has no groups to choose: every one of its criteria is in scope") }
        let known = catalog.groups.map(\.id)
        if let unknown = chosen.first(where: { !known.contains($0) }) {
            throw ScaffoldError(
                "`\(unknown)` is not a \(catalog.scope.noun) of \(catalog.shortName); "
                    + (nearest(to: unknown, in: known).map { "did you mean `\($0)`? " } ?? "") + "choose from: "
                    + known.joined(separator: ", "))
        }
        let groups = catalog.scope.always.filter { !chosen.contains($0) } + chosen
        var lines = settings.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let line = "\(selects): [\(groups.joined(separator: ", "))]"
        if let index = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces).hasPrefix(selects + ":") }) {
            let indent = lines[index].prefix { $0 == " " }
            lines[index] = indent + line
        } else {
            // After the framework's key, indented as its first setting.
            let indent = String(repeating: " ", count: (lines.first?.prefix { $0 == " " }.count ?? 0) + 2)
            lines.insert(indent + line, at: 1)
        }
        return lines.joined(separator: "\n")
    }

    package struct ScaffoldError: Error, CustomStringConvertible {
        package var description: String
        init(_ description: String) { self.description = description }
    }

    /// The `frameworks:` settings each starter framework writes, as YAML.
    static var frameworkSettings: [String] { frameworkAdditions.values.map(\.settings) }

    /// What each framework adds to the starter, from `starter-frameworks/KEY.yml`.
    private static let frameworkAdditions: [String: (settings: String, controls: [String: [String]])] = {
        var additions: [String: (String, [String: [String]])] = [:]
        for (path, data) in EmbeddedFolder.files(EmbeddedStarterFrameworks.encodedFiles) {
            guard let root = try? Yams.compose(yaml: String(decoding: data, as: UTF8.self)),
                let settings = root["settings"]?.string
            else { continue }
            let key = String(path.dropLast(".yml".count))
            var controls: [String: [String]] = [:]
            for (control, list) in root["controls"]?.mapping ?? [:] {
                controls[control.string ?? ""] = list.sequence?.compactMap(\.string) ?? []
            }
            additions[key] = (settings, controls)
        }
        return additions
    }()

    /// A new document's file name: its ID in lower case, in its kind's folder.
    package static func path(for kind: DocumentKind, id: String) -> String {
        "\(kind.contentFolder)/\(id.lowercased()).md"
    }

    /// A new document: every field `DocumentField` gives a scaffold value, with its comment.
    /// Values the author must supply are marked TODO; the document is `internal` (a control
    /// `planned`) until they are, so it cannot count or leak by accident.
    package static func document(_ kind: DocumentKind, id: String, title: String?, today: CalendarDate) -> String {
        var lines = ["---"]
        for field in kind.fields {
            guard let value = field.scaffold else { continue }
            if let comment = field.scaffoldComment { lines.append("# " + comment) }
            let filled = value.replacingOccurrences(of: "{id}", with: id)
                .replacingOccurrences(of: "{title}", with: yamlScalar(title ?? "TODO: title"))
                .replacingOccurrences(of: "{today}", with: today.description)
            lines.append("\(field.key): \(filled)")
        }
        lines.append("---")
        return lines.joined(separator: "\n") + "\n" + body(for: kind)
    }

    /// The sections a new document starts with.
    private static func body(for kind: DocumentKind) -> String {
        switch kind {
        case .policy:
            """
            ## Purpose

            TODO: why this policy exists.

            ## Scope

            TODO: the people, systems and data it covers.

            ## Policy

            TODO: the rules, one per paragraph or list item.

            """
        case .control:
            """
            TODO: how the control operates, who does what, how often, and what records it leaves.

            """
        case .page:
            """
            TODO: what readers of the trust portal should learn here.

            """
        case .answer:
            """
            TODO: the answer as a customer reads it: what is done, by whom, how often.

            """
        }
    }

    /// A YAML scalar that reads back as exactly `text`.
    static func yamlScalar(_ text: String) -> String {
        "\""
            + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: " ") + "\""
    }
}
