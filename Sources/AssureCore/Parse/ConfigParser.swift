import Foundation
import Yams

/// Phase 2 for `content/assure.yml`.
enum ConfigParser {
    /// `local@domain.tld` with none of the characters that could break out of a `mailto:` link.
    static func isEmailAddress(_ text: String) -> Bool {
        let forbidden = Set("<>\"'()[]\\,;: \t\n")
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !parts[1].hasPrefix(".")
            && !parts[1].hasSuffix(".") && !text.contains(where: { forbidden.contains($0) })
    }

    /// An absolute http(s) address with a host and nothing that could break out of the line
    /// or attribute it is written into (`security.txt`, `robots.txt`, `href`); nil if not.
    /// `allowPath` is false for `base_url`, which must not carry a query or fragment either.
    static func validWebAddress(_ text: String, isBase: Bool = false) -> String? {
        let forbidden = Set(" \"<>'`\\{}|^")
        guard !text.unicodeScalars.contains(where: { $0.value < 0x21 || (0x7F...0x9F).contains($0.value) }),
            !text.contains(where: { forbidden.contains($0) }),
            let components = URLComponents(string: text),
            let scheme = components.scheme?.lowercased(), scheme == "https" || scheme == "http",
            let host = components.host, !host.isEmpty, components.user == nil, components.password == nil,
            text.lowercased().hasPrefix(scheme + "://")
        else { return nil }
        if isBase && (components.query != nil || components.fragment != nil) { return nil }
        return text
    }

    /// An absolute http(s) address, or nil with a diagnostic.
    static func webAddress(_ reader: inout FieldReader, _ key: String, isBase: Bool = false) -> String? {
        guard let value = reader.string(key) else { return nil }
        guard let address = validWebAddress(value, isBase: isBase) else {
            reader.report(
                .error(
                    .invalidValue, at: reader.source.location(reader.node(key)),
                    "`\(key)` must be an http(s) address with a host and no spaces or line breaks, not \(value)",
                    hint: isBase
                        ? "such as https://trust.example.com, with no query or #fragment"
                        : "such as https://example.com"))
            return nil
        }
        return address
    }

    static let topLevelFields = [
        "organization", "principles", "report", "exclusions", "contact", "base_url", "unsafe_html", "site",
    ]

    static func parse(_ file: SourceFile) -> (ProjectConfig?, [Diagnostic]) {
        let node: Node?
        let yaml = YAMLSource(path: file.path, firstLine: 1)
        switch SourceText.decode(file).flatMap({ yaml.compose($0.text) }) {
        case .success(let value): node = value
        case .failure(let diagnostic): return (nil, [diagnostic])
        }
        var fields = FieldReader(source: yaml, node: node, subject: "configuration")
        var diagnostics: [Diagnostic] = []

        // organization: a name, or a set of fields.
        var organization: ProjectConfig.Organization?
        if case .scalar = fields.node("organization") {
            organization = fields.string("organization", required: true).map { .init(name: $0) }
        } else {
            var org = FieldReader(source: yaml, node: fields.node("organization"), subject: "organization")
            if fields.node("organization") == nil {
                fields.report(
                    .error(
                        .missingField, at: fields.location, "the configuration has no `organization`",
                        hint: "add `organization:` with at least `name:`"))
            } else if let name = org.string("name", required: true) {
                organization = .init(
                    name: name, description: org.string("description"), website: webAddress(&org, "website"))
            }
            org.finish(known: ["name", "description", "website"])
            diagnostics += org.diagnostics
        }

        var principles: [PrincipleID] = [.security]
        var principleLocations: [PrincipleID: SourceLocation] = [
            .security: fields.node("principles") == nil
                ? SourceLocation(path: file.path, line: 1, column: 1)
                : fields.keyLocation("principles")
        ]
        for item in fields.stringList("principles") {
            if let principle = PrincipleID(rawValue: item.value.lowercased()) {
                principleLocations[principle] = item.location
                if !principles.contains(principle) { principles.append(principle) }
            } else {
                let suggestion = nearest(to: item.value.lowercased(), in: PrincipleID.allCases.map(\.rawValue))
                diagnostics.append(
                    .error(
                        .unknownPrinciple, at: item.location, "`\(item.value)` is not a Trust Services principle",
                        hint: (suggestion.map { "did you mean `\($0)`? " } ?? "")
                            + "choose from: " + PrincipleID.allCases.map(\.rawValue).joined(separator: ", ")))
            }
        }
        principles.sort()

        var report: ProjectConfig.Report?
        if let reportNode = fields.node("report") {
            var reader = FieldReader(source: yaml, node: reportNode, subject: "report")
            let type = reader.choice("type", as: ProjectConfig.ReportType.self, required: true)
            let status = reader.choice("status", as: ProjectConfig.ReportStatus.self) ?? .planned
            var periodStart: CalendarDate?
            var periodEnd: CalendarDate?
            if let periodNode = reader.node("period") {
                var period = FieldReader(source: yaml, node: periodNode, subject: "report period")
                periodStart = period.date("start")
                periodEnd = period.date("end", required: true)
                if let start = periodStart, let end = periodEnd, end < start {
                    period.report(
                        .error(
                            .invalidValue, at: yaml.location(period.node("end")),
                            "the report period ends (\(end)) before it starts (\(start))"))
                }
                period.finish(known: ["start", "end"])
                diagnostics += period.diagnostics
            }
            let auditor = reader.string("auditor")
            let issued = reader.date("issued")
            reader.finish(known: ["type", "status", "period", "auditor", "issued"])
            diagnostics += reader.diagnostics
            if let type {
                report = .init(
                    type: type, status: status, periodStart: periodStart, periodEnd: periodEnd,
                    auditor: auditor, issued: issued)
            }
        }

        var exclusions: [ProjectConfig.Exclusion] = []
        if let exclusionNode = fields.node("exclusions") {
            switch exclusionNode {
            case .mapping(let mapping):
                for (key, value) in mapping {
                    let id = key.string ?? ""
                    let reason = value.scalar?.string.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
                    if value.scalar == nil {
                        diagnostics.append(
                            .error(
                                .invalidValue, at: yaml.location(value),
                                "the reason for excluding \(id) must be text"))
                    } else if reason.isEmpty || value.null != nil {
                        diagnostics.append(
                            .error(
                                .exclusionWithoutReason, at: yaml.location(key),
                                "\(id) is excluded without a reason",
                                hint:
                                    "write why the criterion does not apply, e.g. `\(id): Physical security is "
                                    + "carved out to our cloud provider`"
                            ))
                    }
                    exclusions.append(.init(criterion: id, reason: reason, location: yaml.location(key)))
                }
            default:
                if exclusionNode.null == nil {
                    diagnostics.append(
                        .error(
                            .invalidValue, at: yaml.location(exclusionNode),
                            "`exclusions` must map criterion IDs to reasons",
                            hint: "write one `CC6.4: reason` line per excluded criterion"))
                }
            }
        }

        var contact = ProjectConfig.Contact()
        if let contactNode = fields.node("contact") {
            var reader = FieldReader(source: yaml, node: contactNode, subject: "contact")
            func address(_ key: String) -> String? {
                guard let value = reader.string(key) else { return nil }
                guard isEmailAddress(value) else {
                    reader.report(
                        .error(
                            .invalidValue, at: yaml.location(reader.node(key)),
                            "`\(key)` is not an email address: \(value)",
                            hint: "write a plain address such as security@example.com"))
                    return nil
                }
                return value
            }
            contact = .init(
                email: address("email"), securityEmail: address("security"), url: webAddress(&reader, "url"))
            reader.finish(known: ["email", "security", "url"])
            diagnostics += reader.diagnostics
        }

        var siteTitle: String?
        if let siteNode = fields.node("site") {
            var reader = FieldReader(source: yaml, node: siteNode, subject: "site settings")
            siteTitle = reader.string("title")
            reader.finish(known: ["title"])
            diagnostics += reader.diagnostics
        }

        var baseURL = webAddress(&fields, "base_url", isBase: true)
        while baseURL?.hasSuffix("/") == true { baseURL?.removeLast() }
        let unsafeHTML = fields.bool("unsafe_html") ?? false
        fields.finish(known: topLevelFields)
        diagnostics += fields.diagnostics
        guard let organization else { return (nil, diagnostics) }
        var config = ProjectConfig(
            organization: organization, principles: principles, report: report,
            exclusions: exclusions.sorted { $0.criterion < $1.criterion }, contact: contact,
            baseURL: baseURL, unsafeHTML: unsafeHTML,
            siteTitle: siteTitle ?? "\(organization.name) Trust Center")
        config.principleLocations = principleLocations
        return (config, diagnostics)
    }
}
