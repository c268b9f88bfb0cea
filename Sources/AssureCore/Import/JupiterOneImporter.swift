import Foundation
import Mustache

/// `assure import jupiterone`: a copy of JupiterOne's security-policy-templates becomes an Assure
/// project. Policies stay policies, procedures become control narratives (their domain as the
/// family, their policies as `policies:`), reference documents become pages. The
/// organisation's values from `config.json` fill the templates' placeholders and sections;
/// documents not adopted are left out and procedures not applicable are marked so. Criteria
/// come from the templates' own mapping files for the frameworks Assure has catalogs of.
public enum JupiterOneImporter {
    /// The templates' mapping files for the built-in frameworks, by catalog key: every file
    /// listed that exists is read.
    static let standards: [(catalog: String, paths: [String])] = [
        (
            "soc2",
            [
                "standards/soc2/soc2-security.json", "standards/soc2/soc2-availability.json",
                "standards/soc2/soc2-confidentiality.json",
            ]
        ),
        ("hipaa", ["standards/hipaa/2013.json"]),
        ("nist-csf", ["standards/nist-csf/v2.0.0.json"]),
        ("iso27001", ["standards/iso-iec-27001-2022.json"]),
    ]

    /// A template to import, and where it goes.
    struct Document {
        var id: String
        var kind: DocumentKind
        var source: String
        var title: String
        var entry: [String: Any]
        var path: String { "\(ProjectLayout.content)/\(kind.folder)/\(id).md" }
    }

    /// HIPAA paragraphs the templates number as the rule did before 2013 (or as the
    /// documentation requirement is often misquoted), and their current numbers.
    static let hipaaRenumbered = [
        "164.308(b)(4)": "164.308(b)(3)", "164.316(b)(1)(i)": "164.316(b)(2)(i)",
        "164.316(b)(1)(ii)": "164.316(b)(2)(ii)", "164.316(b)(1)(iii)": "164.316(b)(2)(iii)",
    ]

    /// `templates`: the templates folder (the one holding `config.json`, `policies/`,
    /// `procedures/`); `config`: the organisation's `config.json`, else the folder's own.
    /// `standards`: further mapping files (`standards/pci-dss.json`), each written as a catalog
    /// of the project's own and mapped like the built-in frameworks.
    public static func importProject(
        templates: any ProjectReader, config configData: Data? = nil, standards extra: [String] = [],
        asOf: CalendarDate
    ) throws -> ImportedProject {
        guard let data = configData ?? (try? templates.read("config.json", limit: ProjectLayout.maximumTextFileSize))
        else { throw ImportFailure(description: "no config.json: pass the templates folder, or --config FILE") }
        guard let config = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw ImportFailure(description: "config.json is not a JSON object")
        }
        var project = ImportedProject()
        let organization = config["organization"] as? [String: Any] ?? [:]
        func text(_ key: String) -> String? {
            (organization[key] as? String).flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
        }
        let policyList = config["policies"] as? [[String: Any]] ?? []
        let procedureList = config["procedures"] as? [[String: Any]] ?? []
        let referenceList = config["references"] as? [[String: Any]] ?? []
        let domains = config["domains"] as? [[String: Any]] ?? []
        let owner = text("securityOfficerName") ?? "Security Officer"
        if text("securityOfficerName") == nil {
            project.note("config.json", "no securityOfficerName: every document's owner is \"Security Officer\"")
        }

        // Which documents are imported, and where each goes.
        var documents: [Document] = []
        func add(_ entries: [[String: Any]], as kind: DocumentKind, folder: String) {
            for entry in entries {
                guard let name = entry["id"] as? String else { continue }
                let file = (entry["file"] as? String) ?? "\(folder)/\(name).md"
                let title = entry["name"] as? String ?? name
                if entry["adopted"] as? Bool == false {
                    project.note("\(file)", "not adopted in config.json; not imported")
                    continue
                }
                documents.append(
                    Document(
                        id: ImportText.identifier(name), kind: kind, source: file + ".tmpl", title: title, entry: entry)
                )
            }
        }
        add(policyList, as: .policy, folder: "policies")
        add(procedureList, as: .control, folder: "procedures")
        add(referenceList, as: .page, folder: "ref")

        // Context for the templates: the organisation's values, with a visible TODO for each
        // value config.json leaves empty.
        var context: [String: Any] = [:]
        for (key, value) in organization {
            if let flag = value as? Bool {
                context[key] = flag
            } else if let string = value as? String {
                context[key] = string.isEmpty ? "TODO: \(key)" : string
            }
        }
        context["companyName"] = context["companyShortName"]

        // Render every template first: anchors must be known before links are rewritten.
        var bodies: [String: String] = [:]
        var anchors: [String: Set<String>] = [:]
        var targets: [String: String] = [:]
        for document in documents {
            guard let raw = try? templates.read(document.source, limit: ProjectLayout.maximumTextFileSize) else {
                project.note(document.source, "listed in config.json but missing; not imported")
                continue
            }
            var local = context
            for (key, value) in document.entry where value is String { local[key] = value }
            let rendered = render(String(decoding: raw, as: UTF8.self), context: local)
            let body = ImportText.convertingAdmonitions(droppingTitle(rendered))
            bodies[document.path] = body
            anchors[document.path] = Set(ImportText.headingAnchors(in: body))
            targets[(document.source as NSString).lastPathComponent.replacingOccurrences(of: ".tmpl", with: "")] =
                document.path
        }
        let rewriter = LinkRewriter(targets: targets, anchors: anchors)

        // Criteria from the mapping files, by procedure.
        var criteria: [String: [String]] = [:]
        let catalog = CriteriaCatalog.builtIn
        for (key, paths) in standards {
            let present = paths.filter(templates.fileExists)
            if present.isEmpty {
                project.note(
                    "standards/",
                    "no mapping file for \(key) (\(paths.joined(separator: ", "))); its criteria are not mapped")
            }
            for path in present {
                guard
                    let mapping = try? JSONSerialization.jsonObject(with: templates.read(path, limit: 64 * 1024 * 1024))
                        as? [String: Any]
                else {
                    project.note(path, "is not a JSON mapping file; its criteria are not mapped")
                    continue
                }
                var unknown: [String] = []
                let groups = (mapping["domains"] ?? mapping["sections"]) as? [[String: Any]] ?? []
                for group in groups {
                    var requirements = (group["controls"] ?? group["requirements"]) as? [[String: Any]] ?? []
                    // Some files name the criterion in the group's title (`【A1.2】 ...`) and list
                    // the procedures meeting it as the group's controls.
                    if let title = group["title"] as? String, let ref = title.firstMatch(of: /【([^】]+)】/)?.output.1 {
                        requirements = [["ref": String(ref), "mappedControls": requirements.compactMap { $0["ref"] }]]
                    }
                    for requirement in requirements {
                        guard let raw = requirement["ref"] as? String else { continue }
                        // Some references carry a stray colon (`GV.OV-03:`).
                        let written = raw.trimmingCharacters(in: CharacterSet(charactersIn: ": ").union(.whitespaces))
                        let ref = key == "hipaa" ? hipaaRenumbered[written] ?? written : written
                        guard case .found(let criterion) = catalog.lookup(ref, within: key) else {
                            unknown.append(written)
                            continue
                        }
                        for procedure in requirement["mappedControls"] as? [String] ?? []
                        where !(criteria[ImportText.identifier(procedure)] ?? []).contains(criterion.id) {
                            criteria[ImportText.identifier(procedure), default: []].append(criterion.id)
                        }
                    }
                }
                if !unknown.isEmpty {
                    project.note(
                        path,
                        "\(unknown.count) references are not \(catalog.catalog(key)?.name ?? key) criteria and are left out "
                            + "(withdrawn, renumbered, or outside what the catalog covers): "
                            + unknown.joined(separator: ", "))
                }
            }
        }

        // Other standards the user asked for, as catalogs of the project's own.
        for path in extra {
            guard let data = try? templates.read(path, limit: 64 * 1024 * 1024),
                let mapping = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
            else {
                throw ImportFailure(description: "\(path) is not a mapping file in the templates' folder")
            }
            let id = ImportText.identifier(
                String(path.dropFirst(path.hasPrefix("standards/") ? "standards/".count : 0)).replacingOccurrences(
                    of: ".json", with: ""
                )
                .replacingOccurrences(of: "/", with: "-").lowercased())
            let standard = mapping["standard"] as? String ?? ""
            let version = mapping["version"] as? String ?? ""
            let name = standard.hasSuffix(version) ? standard : "\(standard) \(version)"
            var lines = [
                "# \(path) of JupiterOne's security-policy-templates, written by `assure import jupiterone`.",
                "id: \(id)", "name: \(ImportText.scalar(name.isEmpty ? id : name))", "criteria:",
            ]
            var seen = Set<String>()
            for group in (mapping["domains"] ?? mapping["sections"]) as? [[String: Any]] ?? [] {
                let groupName = (group["title"] as? String).map(oneLine) ?? id
                for requirement in (group["controls"] ?? group["requirements"]) as? [[String: Any]] ?? [] {
                    guard let raw = requirement["ref"] as? String else { continue }
                    let ref = raw.split(whereSeparator: { $0.isWhitespace || $0 == ":" || $0 == "," }).joined(
                        separator: "-")
                    guard !ref.isEmpty, seen.insert(ref).inserted else { continue }
                    let title = (requirement["title"] as? String).map(oneLine) ?? ref
                    lines.append("  - id: \(ImportText.scalar(ref))")
                    lines.append("    title: \(ImportText.scalar(title))")
                    lines.append("    group: \(ImportText.scalar(Slug.anchor(for: groupName)))")
                    lines.append("    series: \(ImportText.scalar(groupName))")
                    for procedure in requirement["mappedControls"] as? [String] ?? [] {
                        criteria[ImportText.identifier(procedure), default: []].append("\(id):\(ref)")
                    }
                }
            }
            project.files["\(ProjectLayout.catalogs)/\(id).yml"] = lines.joined(separator: "\n") + "\n"
        }

        // Each procedure's policies and family.
        var policiesOf: [String: [String]] = [:]
        for policy in policyList {
            guard let id = policy["id"] as? String else { continue }
            for procedure in policy["procedures"] as? [String] ?? [] {
                policiesOf[ImportText.identifier(procedure), default: []].append(ImportText.identifier(id))
            }
        }
        var domainOf: [String: String] = [:]
        for domain in domains {
            guard let name = domain["name"] as? String else { continue }
            for policy in domain["policies"] as? [String] ?? [] where domainOf[policy] == nil {
                domainOf[ImportText.identifier(policy)] = Slug.anchor(for: name)
            }
        }
        let importedPolicies = Set(documents.filter { $0.kind == .policy }.map(\.id))
        let effective = asOf.description

        for document in documents {
            guard let body = bodies[document.path] else { continue }
            let text = rewriter.rewrite(body, in: document.path, notes: &project)
            var fields: [(String, Any?)] = [("id", document.id), ("title", document.title)]
            switch document.kind {
            case .policy:
                fields += [("owner", owner), ("version", "1.0"), ("effective", effective)]
                project.policies += 1
            case .control:
                let applicable = document.entry["applicable"] as? Bool ?? true
                let mapped = criteria[document.id] ?? []
                let policies = (policiesOf[document.id] ?? []).filter(importedPolicies.contains)
                fields += [
                    ("owner", owner), ("criteria", mapped), ("policies", policies),
                    ("status", applicable ? "implemented" : "not-applicable"),
                    ("family", policies.first.flatMap { domainOf[$0] } ?? "operations"),
                    ("summary", (document.entry["summary"] as? String).map(oneLine)),
                ]
                if mapped.isEmpty && applicable {
                    project.note(document.path, "no mapping file maps a criterion to this procedure")
                }
                project.controls += 1
            case .page:
                project.pages += 1
            }
            project.files[document.path] = ImportText.frontMatter(fields) + text + (text.hasSuffix("\n") ? "" : "\n")
        }

        // The organisation and the frameworks the templates map to.
        var frameworks = ["soc2:\n    principles: [security, availability, confidentiality]"]
        if context["needStandardHIPAA"] as? Bool == true { frameworks.append("hipaa:") }
        if context["needStandardNIST"] as? Bool == true { frameworks.append("nist-csf:") }
        let name = text("companyFullName") ?? text("companyShortName") ?? "TODO: organisation name"
        var settings = "# Imported from JupiterOne security-policy-templates by `assure import jupiterone`.\n"
        settings += "organization:\n  name: \(ImportText.scalar(name))\n"
        if let overview = text("companyOverview") {
            settings += "  description: \(ImportText.scalar(oneLine(overview)))\n"
        }
        if let website = text("companyWebsiteURL"), ConfigParser.validWebAddress(website) != nil {
            settings += "  website: \(ImportText.scalar(website))\n"
        }
        settings += "frameworks:\n" + frameworks.map { "  " + $0 + "\n" }.joined()
        if let email = text("securityOfficerEmail"), ConfigParser.isEmailAddress(email) {
            settings += "contact:\n  security: \(email)\n"
        }
        project.files[ProjectLayout.config] = settings
        project.note(
            "audiences",
            "every document is for auditors only (no `audience`): mark what customers may read `public`, or "
                + "`restricted` to list it by title with a way to ask for it")
        return project
    }

    /// The template rendered as text (no HTML escaping), with JupiterOne's revision stamps,
    /// which git history replaces, taken out.
    static func render(_ template: String, context: [String: Any]) -> String {
        let source = template.replacingOccurrences(of: "`{{defaultRevision}}`", with: "")
            .replacingOccurrences(of: "{{defaultRevision}}", with: "")
        if let parsed = try? MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT}}" + source) {
            return parsed.render(context)
        }
        // A malformed tag (`{{&x}` with one brace) stops a Mustache parser; fill what can be
        // filled, section by section and tag by tag, and leave the rest as written.
        var text = source
        for match in source.matches(of: /\{\{([#^])(\w+)\}\}([\s\S]*?)\{\{\/\2\}\}/).reversed() {
            let flag = (context[String(match.output.2)] as? Bool) ?? false
            let keep = match.output.1 == "#" ? flag : !flag
            text.replaceSubrange(match.range, with: keep ? String(match.output.3) : "")
        }
        return text.replacing(/\{\{&?\s*(\w+)\s*\}\}/) { match in
            (context[String(match.output.1)] as? String) ?? ""
        }
    }

    /// The body without its leading title heading (the title is in the front matter).
    static func droppingTitle(_ text: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)[...]
        while lines.first?.allSatisfy(\.isWhitespace) == true { lines.removeFirst() }
        if lines.first?.hasPrefix("#") == true { lines.removeFirst() }
        while lines.first?.allSatisfy(\.isWhitespace) == true { lines.removeFirst() }
        return lines.joined(separator: "\n")
    }

    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
    }
}
