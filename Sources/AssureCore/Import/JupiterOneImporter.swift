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

    /// HIPAA paragraphs the templates' mapping file numbers as the rule did before 2013, or as
    /// the documentation requirement is often misquoted, with their current numbers and the
    /// words of the title that show which paragraph is meant. 164.316(b)(1)(i) and (ii) are
    /// real paragraphs, so a reference is renumbered only where its own title names the
    /// paragraph it is renumbered to; any other source's citation is taken as written.
    static let hipaaRenumbered: [String: (current: String, titled: [String])] = [
        "164.308(b)(4)": ("164.308(b)(3)", ["contract", "arrangement"]),
        "164.316(b)(1)(i)": ("164.316(b)(2)(i)", ["time limit"]),
        "164.316(b)(1)(ii)": ("164.316(b)(2)(ii)", ["availability"]),
        "164.316(b)(1)(iii)": ("164.316(b)(2)(iii)", ["update"]),
    ]

    /// The current number of a mislabelled HIPAA reference whose title names it; nil otherwise.
    static func renumbered(_ written: String, title: String?) -> String? {
        guard let rule = hipaaRenumbered[written], let title = title?.lowercased(),
            rule.titled.contains(where: title.contains)
        else { return nil }
        return rule.current
    }

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
        var run = JupiterOneRun(source: templates, config: config, asOf: asOf)
        let owner = run.text("securityOfficerName") ?? "Security Officer"
        if run.text("securityOfficerName") == nil {
            run.project.note("config.json", "no securityOfficerName: every document's owner is \"Security Officer\"")
        }
        run.selectTemplates()
        run.makeContext()
        run.renderTemplates()
        run.mapCriteria()
        try run.addCatalogs(extra)
        run.writeDocuments(owner: owner)
        run.writeConfiguration()
        return run.project
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

/// One import of JupiterOne's templates: the project being written and what each step learns.
private struct JupiterOneRun {
    /// A template to import, and where it goes.
    struct Template {
        var id: String
        var kind: DocumentKind
        var source: String
        var title: String
        var entry: [String: Any]
        var path: String { "\(ProjectLayout.content)/\(kind.folder)/\(id).md" }
    }

    let source: any ProjectReader
    let config: [String: Any]
    let organization: [String: Any]
    let asOf: CalendarDate
    var project = ImportedProject()
    var templates: [Template] = []
    var context: [String: Any] = [:]
    /// Rendered bodies and their heading anchors by output path; output paths by template file name.
    var bodies: [String: String] = [:]
    var anchors: [String: Set<String>] = [:]
    var targets: [String: String] = [:]
    /// Criterion references by procedure ID.
    var criteria: [String: [String]] = [:]

    init(source: any ProjectReader, config: [String: Any], asOf: CalendarDate) {
        self.source = source
        self.config = config
        self.asOf = asOf
        organization = config["organization"] as? [String: Any] ?? [:]
    }

    /// An organisation's value from config.json; nil when absent or blank.
    func text(_ key: String) -> String? {
        (organization[key] as? String).flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
    }

    /// Which templates are imported, and where each goes: those config.json adopts.
    mutating func selectTemplates() {
        let lists: [(String, DocumentKind, String)] = [
            ("policies", .policy, "policies"), ("procedures", .control, "procedures"), ("references", .page, "ref"),
        ]
        for (key, kind, folder) in lists {
            for entry in config[key] as? [[String: Any]] ?? [] {
                guard let name = entry["id"] as? String else { continue }
                let file = (entry["file"] as? String) ?? "\(folder)/\(name).md"
                let title = entry["name"] as? String ?? name
                if entry["adopted"] as? Bool == false {
                    project.note("\(file)", "not adopted in config.json; not imported")
                    continue
                }
                templates.append(
                    Template(
                        id: ImportText.identifier(name), kind: kind, source: file + ".tmpl", title: title, entry: entry)
                )
            }
        }
    }

    /// Context for the templates: the organisation's values, with a visible TODO for each
    /// value config.json leaves empty.
    mutating func makeContext() {
        for (key, value) in organization {
            if let flag = value as? Bool {
                context[key] = flag
            } else if let string = value as? String {
                context[key] = string.isEmpty ? "TODO: \(key)" : string
            }
        }
        context["companyName"] = context["companyShortName"]
    }

    /// Every template rendered first: anchors must be known before links are rewritten.
    mutating func renderTemplates() {
        for template in templates {
            guard let raw = try? source.read(template.source, limit: ProjectLayout.maximumTextFileSize) else {
                project.note(template.source, "listed in config.json but missing; not imported")
                continue
            }
            var local = context
            for (key, value) in template.entry where value is String { local[key] = value }
            let rendered = JupiterOneImporter.render(String(decoding: raw, as: UTF8.self), context: local)
            let body = ImportText.convertingAdmonitions(JupiterOneImporter.droppingTitle(rendered))
            bodies[template.path] = body
            anchors[template.path] = Set(ImportText.headingAnchors(in: body))
            targets[(template.source as NSString).lastPathComponent.replacingOccurrences(of: ".tmpl", with: "")] =
                template.path
        }
    }

    /// Criteria from the built-in frameworks' mapping files, by procedure.
    mutating func mapCriteria() {
        for (key, paths) in JupiterOneImporter.standards {
            let present = paths.filter(source.fileExists)
            if present.isEmpty {
                project.note(
                    "standards/",
                    "no mapping file for \(key) (\(paths.joined(separator: ", "))); its criteria are not mapped")
            }
            for path in present { map(path, to: key) }
        }
    }

    /// One mapping file's references, as criteria of the catalog `key` by procedure; what is
    /// not a criterion, and what was renumbered, is noted.
    mutating func map(_ path: String, to key: String) {
        let catalog = CriteriaCatalog.builtIn
        guard
            let mapping = try? JSONSerialization.jsonObject(with: source.read(path, limit: 64 * 1024 * 1024))
                as? [String: Any]
        else {
            project.note(path, "is not a JSON mapping file; its criteria are not mapped")
            return
        }
        var unknown: [String] = []
        var renumbered: [String] = []
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
                var ref = written
                let title = (requirement["title"] as? String).map(JupiterOneImporter.oneLine)
                if key == "hipaa", let current = JupiterOneImporter.renumbered(written, title: title) {
                    ref = current
                    renumbered.append("\(written) “\(title ?? "")” → \(current)")
                }
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
        if !renumbered.isEmpty {
            project.note(
                path,
                "\(renumbered.count) references renumbered as the 2013 rule numbers them, because their titles name "
                    + "those paragraphs: " + renumbered.joined(separator: "; "))
        }
        if !unknown.isEmpty {
            project.note(
                path,
                "\(unknown.count) references are not \(catalog.catalog(key)?.name ?? key) criteria and are left out "
                    + "(withdrawn, renumbered, or outside what the catalog covers): " + unknown.joined(separator: ", "))
        }
    }

    /// Other standards the user asked for, as catalogs of the project's own.
    mutating func addCatalogs(_ extra: [String]) throws {
        for path in extra {
            guard let data = try? source.read(path, limit: 64 * 1024 * 1024),
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
                let groupName = (group["title"] as? String).map(JupiterOneImporter.oneLine) ?? id
                for requirement in (group["controls"] ?? group["requirements"]) as? [[String: Any]] ?? [] {
                    guard let raw = requirement["ref"] as? String else { continue }
                    let ref = raw.split(whereSeparator: { $0.isWhitespace || $0 == ":" || $0 == "," }).joined(
                        separator: "-")
                    guard !ref.isEmpty, seen.insert(ref).inserted else { continue }
                    let title = (requirement["title"] as? String).map(JupiterOneImporter.oneLine) ?? ref
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
    }

    /// Each template as a document: a procedure with its policies, family and criteria.
    mutating func writeDocuments(owner: String) {
        var policiesOf: [String: [String]] = [:]
        for policy in config["policies"] as? [[String: Any]] ?? [] {
            guard let id = policy["id"] as? String else { continue }
            for procedure in policy["procedures"] as? [String] ?? [] {
                policiesOf[ImportText.identifier(procedure), default: []].append(ImportText.identifier(id))
            }
        }
        var domainOf: [String: String] = [:]
        for domain in config["domains"] as? [[String: Any]] ?? [] {
            guard let name = domain["name"] as? String else { continue }
            for policy in domain["policies"] as? [String] ?? [] where domainOf[policy] == nil {
                domainOf[ImportText.identifier(policy)] = Slug.anchor(for: name)
            }
        }
        let importedPolicies = Set(templates.filter { $0.kind == .policy }.map(\.id))
        let effective = asOf.description

        for template in templates {
            guard let body = bodies[template.path] else { continue }
            let text = LinkRewriter(targets: targets, anchors: anchors).rewrite(
                body, in: template.path, notes: &project)
            var fields: [(String, Any?)] = [("id", template.id), ("title", template.title)]
            switch template.kind {
            case .policy:
                fields += [("owner", owner), ("version", "1.0"), ("effective", effective)]
                project.policies += 1
            case .control:
                let applicable = template.entry["applicable"] as? Bool ?? true
                let mapped = criteria[template.id] ?? []
                let policies = (policiesOf[template.id] ?? []).filter(importedPolicies.contains)
                fields += [
                    ("owner", owner), ("criteria", mapped), ("policies", policies),
                    ("status", applicable ? "implemented" : "not-applicable"),
                    ("family", policies.first.flatMap { domainOf[$0] } ?? "operations"),
                    ("summary", (template.entry["summary"] as? String).map(JupiterOneImporter.oneLine)),
                ]
                if mapped.isEmpty && applicable {
                    project.note(template.path, "no mapping file maps a criterion to this procedure")
                }
                project.controls += 1
            case .page, .answer:
                project.pages += 1
            }
            project.files[template.path] = ImportText.frontMatter(fields) + text + (text.hasSuffix("\n") ? "" : "\n")
        }
    }

    /// The organisation and the frameworks the templates map to.
    mutating func writeConfiguration() {
        var frameworks = ["soc2:\n    principles: [security, availability, confidentiality]"]
        if context["needStandardHIPAA"] as? Bool == true { frameworks.append("hipaa:") }
        if context["needStandardNIST"] as? Bool == true { frameworks.append("nist-csf:") }
        let name = text("companyFullName") ?? text("companyShortName") ?? "TODO: organisation name"
        var settings = "# Imported from JupiterOne security-policy-templates by `assure import jupiterone`.\n"
        settings += "organization:\n  name: \(ImportText.scalar(name))\n"
        if let overview = text("companyOverview") {
            settings += "  description: \(ImportText.scalar(JupiterOneImporter.oneLine(overview)))\n"
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
    }
}
