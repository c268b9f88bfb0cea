import Foundation
import Yams

/// `assure import comply`: a strongdm/comply project becomes an Assure project. Policies stay
/// policies (their `majorRevisions` as version, dates and a revision table), narratives and
/// procedures become control narratives, `satisfies: {TSC: [...]}` becomes `criteria:`, and
/// `{{.Name}}` is filled from comply.yml. What comply could not say (owners) or said wrongly
/// (criteria that do not exist) is noted for a person.
public enum ComplyImporter {
    public static func importProject(from source: any ProjectReader, asOf: CalendarDate) throws -> ImportedProject {
        let settingsFile = ["comply.yml", "comply.yml.example"].first(where: source.fileExists)
        guard settingsFile != nil || Run.folders.contains(where: { !((try? source.entries(under: $0)) ?? []).isEmpty })
        else {
            throw ImportFailure(
                description: "no comply.yml, policies/, narratives/ or procedures/: not a comply project")
        }
        var run = Run(source: source, asOf: asOf)
        run.readName(from: settingsFile)
        for folder in Run.folders {
            for path in run.markdownFiles(in: folder) { run.importDocument(path, from: folder) }
        }
        run.rewriteLinks()
        run.noteWhatWasLeft()
        run.writeConfiguration()
        return run.project
    }

    /// One import: the project being written and what the steps learn on the way.
    private struct Run {
        static let folders = ["policies", "narratives", "procedures"]

        let source: any ProjectReader
        let asOf: CalendarDate
        let soc2 = CriteriaCatalog.builtIn
        var project = ImportedProject()
        var name = "TODO: organisation name"
        var usedIDs = Set<String>()
        var claimedByPolicies: [String: [String]] = [:]
        var metByControls = Set<String>()
        var ownerless: [String] = []

        init(source: any ProjectReader, asOf: CalendarDate) {
            self.source = source
            self.asOf = asOf
        }

        /// The organisation's name from comply.yml.
        mutating func readName(from settingsFile: String?) {
            if let settingsFile, let data = try? source.read(settingsFile, limit: ProjectLayout.maximumTextFileSize),
                let root = try? Yams.compose(yaml: String(decoding: data, as: UTF8.self)),
                let written = root["name"]?.string
            {
                name = written
            } else {
                project.note("comply.yml", "no organisation name; assure.yml says TODO")
            }
        }

        func markdownFiles(in folder: String) -> [String] {
            ((try? source.entries(under: folder)) ?? []).compactMap { entry -> String? in
                if case .file(let path) = entry, path.hasSuffix(".md"), !path.hasSuffix("README.md") { return path }
                return nil
            }
        }

        /// One policy, narrative or procedure, as a policy or a control narrative.
        mutating func importDocument(_ path: String, from folder: String) {
            guard let data = try? source.read(path, limit: ProjectLayout.maximumTextFileSize) else {
                project.note(path, "cannot be read; not imported")
                return
            }
            let text = String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
            guard let split = splitFrontMatter(text), let fields = try? Yams.compose(yaml: split.header) else {
                project.note(path, "has no front matter closed by `---`; not imported")
                return
            }
            let base = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
            let title = fields["name"]?.string ?? base
            let kind: DocumentKind = folder == "policies" ? .policy : .control
            var id = ImportText.identifier(
                folder == "procedures"
                    ? "PROC-" + (fields["id"]?.string ?? base).uppercased()
                    : (fields["acronym"]?.string ?? base).uppercased())
            while !usedIDs.insert(id.lowercased()).inserted { id += "-2" }
            let target = "\(ProjectLayout.content)/\(kind.folder)/\(base).md"
            let criteria = criteria(fields, target: target)
            let body = numberingLists(fillPlaceholders(split.body, name: name, path: target, project: &project))
            var front: [(String, Any?)] = [("id", id), ("title", title), ("owner", "TODO: owner")]
            ownerless.append(target)
            var extra = ""
            if kind == .policy {
                extra = policyFields(fields, id: id, criteria: criteria, into: &front)
                project.policies += 1
            } else {
                front += [
                    ("criteria", criteria), ("status", "implemented"),
                    ("frequency", fields["cron"]?.string.flatMap(frequency)),
                    ("family", folder == "procedures" ? "procedures" : "narratives"),
                ]
                metByControls.formUnion(criteria)
                project.controls += 1
            }
            project.files[target] = ImportText.frontMatter(front) + body + (body.hasSuffix("\n") ? "" : "\n") + extra
        }

        /// Comply's `satisfies: {TSC: [...]}` as criteria; IDs that do not exist are noted.
        mutating func criteria(_ fields: Node, target: String) -> [String] {
            var criteria: [String] = []
            for (standard, list) in fields["satisfies"]?.mapping ?? [:] {
                for item in list.sequence ?? [] {
                    guard let ref = item.string else { continue }
                    let within = standard.string == "TSC" ? "soc2" : nil
                    if case .found(let criterion) = soc2.lookup(ref, within: within) {
                        criteria.append(soc2.reference(to: criterion))
                    } else {
                        project.note(
                            target, "satisfies \(standard.string ?? "?") \(ref), which is not a criterion; left out")
                    }
                }
            }
            return criteria
        }

        /// A policy's version and dates from its `majorRevisions`; returns the revision table
        /// that follows its text.
        mutating func policyFields(_ fields: Node, id: String, criteria: [String], into front: inout [(String, Any?)])
            -> String
        {
            let revisions = (fields["majorRevisions"]?.sequence ?? []).map {
                (
                    date: $0["date"]?.string.flatMap(parseDate), written: $0["date"]?.string ?? "",
                    comment: $0["comment"]?.string ?? ""
                )
            }
            let dates = revisions.compactMap(\.date).sorted()
            front += [
                ("version", "\(max(1, revisions.count)).0"), ("effective", (dates.first ?? asOf).description),
                ("last_reviewed", dates.count > 1 ? dates.last?.description : nil), ("criteria", criteria),
            ]
            for criterion in criteria { claimedByPolicies[criterion, default: []].append(id) }
            guard !revisions.isEmpty else { return "" }
            return "\n## Revision history\n\n| Date | Change |\n|---|---|\n"
                + revisions.map {
                    "| \($0.date?.description ?? $0.written) | "
                        + "\($0.comment.replacingOccurrences(of: "|", with: "\\|")) |"
                }
                .joined(separator: "\n") + "\n"
        }

        /// Links between comply's documents (`access.md`, `../policies/access.md`) to Assure's paths.
        mutating func rewriteLinks() {
            var targets: [String: String] = [:]
            var anchors: [String: Set<String>] = [:]
            for (path, text) in project.files {
                targets[(path as NSString).lastPathComponent] = path
                anchors[path] = Set(ImportText.headingAnchors(in: text))
            }
            let rewriter = LinkRewriter(targets: targets, anchors: anchors)
            for (path, text) in project.files.sorted(by: { $0.key < $1.key }) {
                project.files[path] = rewriter.rewrite(text, in: path, notes: &project)
            }
        }

        /// What a person must still do: standards not imported, owners, criteria only policies
        /// claim, audiences.
        mutating func noteWhatWasLeft() {
            let standards = ((try? source.entries(under: "standards")) ?? []).compactMap { entry -> String? in
                if case .file(let path) = entry, path.hasSuffix(".yml") { return path }
                return nil
            }
            for path in standards {
                project.note(
                    path, "not imported: Assure's built-in SOC 2 catalog (and the others) replace comply's standards")
            }
            if !ownerless.isEmpty {
                project.note(
                    "owners", "comply records no owners: \(ownerless.count) documents say `owner: TODO: owner`")
            }
            for (criterion, policies) in claimedByPolicies.sorted(by: { $0.key < $1.key })
            where !metByControls.contains(criterion) {
                project.note(
                    criterion,
                    "claimed only by \(policies.joined(separator: ", ")); a policy does not meet a criterion, so it is "
                        + "not covered")
            }
            project.note(
                "audiences",
                "every document is for auditors only (no `audience`): mark what customers may read `public`, or "
                    + "`restricted` to list it by title with a way to ask for it")
        }

        /// SOC 2, with the categories whose criteria the project names.
        mutating func writeConfiguration() {
            let used = metByControls.union(claimedByPolicies.keys)
            let groups =
                soc2.catalog("soc2")?.groups.map(\.id).filter { group in
                    group == "security" || used.contains { soc2.criterion(written: $0)?.group == group }
                } ?? ["security"]
            project.files[ProjectLayout.config] = """
                # Imported from a comply project by `assure import comply`.
                organization:
                  name: \(ImportText.scalar(name))
                frameworks:
                  soc2:
                    principles: [\(groups.joined(separator: ", "))]

                """
        }
    }

    /// Comply's documents: YAML, a line `---`, then markdown. A leading `---` is allowed too.
    static func splitFrontMatter(_ text: String) -> (header: String, body: String)? {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)[...]
        if lines.first?.trimmingCharacters(in: .whitespaces) == "---" { lines.removeFirst() }
        guard let end = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "---" }) else {
            return nil
        }
        let header = lines[..<end].joined(separator: "\n")
        var body = lines[(end + 1)...]
        while body.first?.allSatisfy(\.isWhitespace) == true { body.removeFirst() }
        return (header, body.joined(separator: "\n"))
    }

    /// Comply's documents are written for pandoc, whose lists may be numbered `a.`, `i.` or `A.`;
    /// CommonMark numbers lists with digits only, so each such marker becomes `1.` (numbered in
    /// order when rendered) and the lists stay lists instead of paragraphs and code blocks.
    static func numberingLists(_ text: String) -> String {
        var inFence = false
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            if line.drop(while: { $0 == " " }).hasPrefix("```") { inFence.toggle() }
            guard !inFence, let match = line.wholeMatch(of: /( {0,12})(?:[a-z]|[A-Z]|[ivxlc]+|[IVXLC]+)\.( +)(\S.*)/)
            else { return String(line) }
            return "\(match.output.1)1.\(match.output.2)\(match.output.3)"
        }.joined(separator: "\n")
    }

    /// `{{.Name}}` as the organisation's name; any other Go template action is noted.
    static func fillPlaceholders(_ text: String, name: String, path: String, project: inout ImportedProject) -> String {
        let filled = text.replacing(/\{\{-?\s*\.Name\s*-?\}\}/, with: name)
        for other in Set(filled.matches(of: /\{\{[^}]*\}\}/).map { String($0.output) }).sorted() {
            project.note(path, "keeps the template action \(other), which only comply can fill")
        }
        return filled
    }

    /// `Jun 1 2018`, `June 1, 2018` or `2018-06-01`.
    static func parseDate(_ text: String) -> CalendarDate? {
        if let iso = CalendarDate(iso: text) { return iso }
        let parts = text.replacingOccurrences(of: ",", with: " ").split(separator: " ")
        let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        guard parts.count == 3, let month = months.firstIndex(of: parts[0].prefix(3).lowercased()),
            let day = Int(parts[1]), let year = Int(parts[2])
        else { return nil }
        return CalendarDate(year: year, month: month + 1, day: day)
    }

    /// How often a cron schedule (comply's six fields, seconds first) runs, in Assure's words.
    static func frequency(_ cron: String) -> String? {
        let fields = cron.split(separator: " ")
        guard fields.count >= 5 else { return nil }
        let (day, month, weekday) =
            fields.count == 6 ? (fields[3], fields[4], fields[5]) : (fields[2], fields[3], fields[4])
        if month != "*" && !month.contains("/") && !month.contains(",") { return "annually" }
        if month.contains("/3") || month.split(separator: ",").count == 4 { return "quarterly" }
        if day != "*" { return "monthly" }
        if weekday != "*" && weekday != "?" { return "weekly" }
        return "daily"
    }
}
