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

    static func parse(_ file: SourceFile) -> (ProjectConfig?, [Diagnostic]) {
        var unreadable: [Diagnostic] = []
        guard let (yaml, node) = YAMLSource.root(of: file, diagnostics: &unreadable) else { return (nil, unreadable) }
        var fields = FieldReader(source: yaml, node: node, subject: "configuration")
        var diagnostics: [Diagnostic] = []
        let organization = organization(&fields, yaml: yaml, diagnostics: &diagnostics)
        let report = report(fields.node("report"), yaml: yaml, diagnostics: &diagnostics)
        let frameworks = parseFrameworks(&fields, yaml: yaml, path: file.path, diagnostics: &diagnostics)
        let contact = contact(fields.node("contact"), yaml: yaml, diagnostics: &diagnostics)
        let (siteTitle, brand) = site(fields.node("site"), yaml: yaml, diagnostics: &diagnostics)
        var baseURL = webAddress(&fields, "base_url", isBase: true)
        while baseURL?.hasSuffix("/") == true { baseURL?.removeLast() }
        let unsafeHTML = fields.bool("unsafe_html") ?? false
        var noticeDays = fields.integer("notice_days")
        if let days = noticeDays, !(0...366).contains(days) {
            fields.report(
                .error(
                    .invalidValue, at: fields.keyLocation("notice_days"),
                    "`notice_days` must be a number of days from 0 to 366, but it is \(days)"))
            noticeDays = nil
        }
        fields.finish(known: ConfigSetting.keys(under: nil))
        diagnostics += fields.diagnostics
        guard let organization else { return (nil, diagnostics) }
        let severities = diagnosticSettings(fields.node("diagnostics"), yaml: yaml, diagnostics: &diagnostics)
        var config = ProjectConfig(
            organization: organization, frameworks: frameworks, report: report, contact: contact,
            baseURL: baseURL, unsafeHTML: unsafeHTML,
            siteTitle: siteTitle ?? "\(organization.name) Trust Center")
        config.diagnostics = severities
        config.brand = brand
        config.noticeDays = noticeDays
        return (config, diagnostics)
    }

    // MARK: - Sections

    /// `organization:`, a name or a set of fields; nil, reported, when it has no name.
    static func organization(_ fields: inout FieldReader, yaml: YAMLSource, diagnostics: inout [Diagnostic])
        -> ProjectConfig.Organization?
    {
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
            org.finish(known: ConfigSetting.keys(under: "organization"))
            diagnostics += org.diagnostics
        }

        return organization
    }

    /// `report:`: its type, status, period, auditor and date of issue.
    static func report(_ reportNode: Node?, yaml: YAMLSource, diagnostics: inout [Diagnostic]) -> ProjectConfig.Report?
    {
        var report: ProjectConfig.Report?
        if let reportNode {
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
                period.finish(known: ConfigSetting.keys(under: "report.period"))
                diagnostics += period.diagnostics
            }
            let auditor = reader.string("auditor")
            let issued = reader.date("issued")
            reader.finish(known: ConfigSetting.keys(under: "report"))
            diagnostics += reader.diagnostics
            if let type {
                report = .init(
                    type: type, status: status, periodStart: periodStart, periodEnd: periodEnd,
                    auditor: auditor, issued: issued)
            }
        }

        return report
    }

    /// `contact:`: addresses checked so none can break out of a link.
    static func contact(_ contactNode: Node?, yaml: YAMLSource, diagnostics: inout [Diagnostic])
        -> ProjectConfig.Contact
    {
        var contact = ProjectConfig.Contact()
        if let contactNode {
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
                email: address("email"), securityEmail: address("security"), url: webAddress(&reader, "url"),
                requestAccess: webAddress(&reader, "request_access"))
            reader.finish(known: ConfigSetting.keys(under: "contact"))
            diagnostics += reader.diagnostics
        }

        return contact
    }

    /// `site:`: the portal's title and its brand, checked for contrast.
    static func site(_ siteNode: Node?, yaml: YAMLSource, diagnostics: inout [Diagnostic])
        -> (title: String?, brand: ProjectConfig.Brand)
    {
        var siteTitle: String?
        var brand = ProjectConfig.Brand()
        if let siteNode {
            var reader = FieldReader(source: yaml, node: siteNode, subject: "site settings")
            siteTitle = reader.string("title")
            for key in ["logo", "favicon"] {
                guard let value = reader.string(key) else { continue }
                let path = ContentPath.resolve(value, from: ProjectLayout.config) ?? value
                let located = Located(path, at: yaml.location(reader.node(key)))
                if key == "logo" { brand.logo = located } else { brand.favicon = located }
            }
            brand.accent = Brand.colour(&reader, "accent", on: Brand.lightBackground, mode: "light")
            brand.accentDark = Brand.colour(
                &reader, "accent_dark", on: Brand.darkBackground, mode: "dark")
            if let accent = brand.accent, brand.accentDark == nil,
                let ratio = Brand.contrast(accent, Brand.darkBackground), ratio < Brand.minimumContrast
            {
                reader.report(
                    .error(
                        .invalidValue, at: yaml.location(reader.node("accent")),
                        "the accent \(accent) has a contrast of \(Brand.format(ratio)):1 on the dark-mode background "
                            + "(\(Brand.darkBackground)); links need at least 4.5:1",
                        hint: "add `accent_dark:` with a lighter colour for dark mode"))
            }
            reader.finish(known: ConfigSetting.keys(under: "site"))
            diagnostics += reader.diagnostics
        }

        return (siteTitle, brand)
    }

    /// Colours of the organisation's brand, checked for enough contrast to read links.
    enum Brand {
        static let lightBackground = "#ffffff"
        static let darkBackground = "#0d1117"
        static let minimumContrast = 4.5

        /// `#RRGGBB` (or `#RGB`) that reads at 4.5:1 on `background`, else nil with a diagnostic.
        static func colour(_ reader: inout FieldReader, _ key: String, on background: String, mode: String) -> String? {
            guard let value = reader.string(key) else { return nil }
            guard let colour = normalised(value) else {
                reader.report(
                    .error(
                        .invalidValue, at: reader.source.location(reader.node(key)),
                        "`\(key)` must be a colour written #RRGGBB, not \(value)", hint: "such as #0b5cad"))
                return nil
            }
            if let ratio = contrast(colour, background), ratio < minimumContrast {
                reader.report(
                    .error(
                        .invalidValue, at: reader.source.location(reader.node(key)),
                        "the \(key == "accent" ? "accent" : "dark-mode accent") \(colour) has a contrast of "
                            + "\(format(ratio)):1 on the \(mode) background (\(background)); links need at least 4.5:1",
                        hint: mode == "light" ? "choose a darker colour" : "choose a lighter colour"))
                return nil
            }
            return colour
        }

        static func normalised(_ text: String) -> String? {
            let hex = text.lowercased()
            guard hex.hasPrefix("#"), hex.dropFirst().allSatisfy(\.isHexDigit) else { return nil }
            switch hex.count {
            case 7: return hex
            case 4: return "#" + hex.dropFirst().map { "\($0)\($0)" }.joined()
            default: return nil
            }
        }

        /// WCAG 2 contrast ratio of two `#rrggbb` colours.
        static func contrast(_ first: String, _ second: String) -> Double? {
            func luminance(_ colour: String) -> Double? {
                let digits = Array(colour.dropFirst())
                guard digits.count == 6 else { return nil }
                let channels = stride(from: 0, to: 6, by: 2).compactMap {
                    UInt8(String(digits[$0...($0 + 1)]), radix: 16)
                }
                guard channels.count == 3 else { return nil }
                let linear = channels.map { value -> Double in
                    let c = Double(value) / 255
                    return c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
                }
                return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
            }
            guard let a = luminance(first), let b = luminance(second) else { return nil }
            return (max(a, b) + 0.05) / (min(a, b) + 0.05)
        }

        static func format(_ ratio: Double) -> String { String(format: "%.1f", (ratio * 10).rounded(.down) / 10) }
    }

    /// `diagnostics: {missing-evidence: ignore, placeholder-text: error}`: a severity (`error`,
    /// `warning`, `note`) or `ignore` for a code whose findings are warnings or notes.
    static func diagnosticSettings(_ node: Node?, yaml: YAMLSource, diagnostics: inout [Diagnostic])
        -> [DiagnosticCode: Severity?]
    {
        guard let node, node.null == nil else { return [:] }
        guard case .mapping(let mapping) = node else {
            diagnostics.append(
                .error(
                    .invalidValue, at: yaml.location(node), "`diagnostics` must map codes to severities",
                    hint: "such as `diagnostics: {missing-evidence: ignore}`"))
            return [:]
        }
        var settings: [DiagnosticCode: Severity?] = [:]
        for (key, value) in mapping {
            let name = key.string ?? ""
            let (found, suggestion) = DiagnosticCode.named(name)
            guard let code = found else {
                diagnostics.append(
                    .error(
                        .invalidValue, at: yaml.location(key), "`\(name)` is not a diagnostic code",
                        hint: suggestion.map { "did you mean `\($0)`?" } ?? "the README's Diagnostics table lists them")
                )
                continue
            }
            guard DiagnosticCode.adjustable.contains(code) else {
                diagnostics.append(
                    .error(
                        .invalidValue, at: yaml.location(key),
                        "`\(name)` is an error; errors cannot be turned down or off in assure.yml",
                        hint: "fix what it reports; `assure check --ignore \(name)` hides it for one run"))
                continue
            }
            let level = value.string?.lowercased() ?? ""
            if level == "ignore" {
                settings[code] = .some(nil)
            } else if let severity = Severity(rawValue: level) {
                settings[code] = severity
            } else {
                diagnostics.append(
                    .error(
                        .invalidValue, at: yaml.location(value), "`\(name)` cannot be `\(level)`",
                        hint: "allowed: error, warning, note, ignore"))
            }
        }
        return settings
    }

    /// The framework key older projects mean with top-level `principles:` and `exclusions:`.
    static let topLevelFramework = "soc2"

    /// `frameworks:` (a list of keys, or keys mapped to their scope settings), and the
    /// top-level `principles:` and `exclusions:` of projects written before it, which mean
    /// SOC 2. With neither, the programme answers to SOC 2 alone.
    static func parseFrameworks(
        _ fields: inout FieldReader, yaml: YAMLSource, path: String, diagnostics: inout [Diagnostic]
    ) -> [ProjectConfig.FrameworkSettings] {
        var frameworks: [ProjectConfig.FrameworkSettings] = []
        let frameworksNode = fields.node("frameworks")
        switch frameworksNode {
        case .sequence(let items)?:
            for item in items {
                guard let key = item.scalar?.string, !key.isEmpty else {
                    diagnostics.append(
                        .error(
                            .invalidValue, at: yaml.location(item), "each item of `frameworks` must be a framework key",
                            hint: "such as `soc2`, `iso27001`, `nist-csf` or `hipaa`"))
                    continue
                }
                frameworks.append(.init(framework: Located(key, at: yaml.location(item))))
            }
        case .mapping(let mapping)?:
            for (keyNode, value) in mapping {
                let key = keyNode.string ?? ""
                var settings = ProjectConfig.FrameworkSettings(framework: Located(key, at: yaml.location(keyNode)))
                var reader = FieldReader(source: yaml, node: value, subject: "`\(key)` settings")
                for (field, location) in reader.keyLocations.sorted(by: { $0.value < $1.value })
                where field != "exclusions" && field != "profile" {
                    // The key that selects groups depends on the catalog (`principles`, `functions`);
                    // the scope check knows which one each framework takes.
                    settings.selections.append(
                        .init(key: Located(field, at: location), groups: reader.stringList(field)))
                }
                if reader.node("profile") != nil { settings.profile = reader.stringList("profile") }
                settings.exclusions = exclusions(reader.node("exclusions"), yaml: yaml, diagnostics: &diagnostics)
                diagnostics += reader.diagnostics
                frameworks.append(settings)
            }
        case nil:
            break
        case .some(let other):
            if other.null == nil {
                diagnostics.append(
                    .error(
                        .invalidValue, at: yaml.location(other),
                        "`frameworks` must list framework keys, or map each to its scope",
                        hint: "such as `frameworks: [soc2, iso27001]`"))
            }
        }

        // Top-level `principles:` and `exclusions:` mean SOC 2.
        let principlesNode = fields.node("principles")
        let exclusionsNode = fields.node("exclusions")
        guard principlesNode != nil || exclusionsNode != nil || frameworksNode == nil else { return frameworks }
        var legacy = ProjectConfig.FrameworkSettings(
            framework: Located(
                topLevelFramework,
                at: principlesNode == nil
                    ? SourceLocation(path: path, line: 1, column: 1) : fields.keyLocation("principles")),
            isTopLevel: true)
        if principlesNode != nil {
            legacy.selections = [
                .init(
                    key: Located("principles", at: fields.keyLocation("principles")),
                    groups: fields.stringList("principles"))
            ]
        }
        legacy.exclusions = exclusions(exclusionsNode, yaml: yaml, diagnostics: &diagnostics)
        if frameworks.contains(where: { $0.framework.value == topLevelFramework }) {
            if principlesNode != nil || exclusionsNode != nil {
                diagnostics.append(
                    .error(
                        .invalidValue,
                        at: principlesNode != nil ? fields.keyLocation("principles") : fields.keyLocation("exclusions"),
                        "SOC 2's scope is written twice: under `frameworks: soc2` and at the top level",
                        hint: "move `principles:` and `exclusions:` under `frameworks:` → `soc2:`"))
            }
            return frameworks
        }
        return [legacy] + frameworks
    }

    /// `ID: reason`, or `ID: {reason: ..., alternative: ...}` for an addressable specification.
    static func exclusions(_ node: Node?, yaml: YAMLSource, diagnostics: inout [Diagnostic]) -> [ProjectConfig
        .Exclusion]
    {
        guard let node else { return [] }
        guard case .mapping(let mapping) = node else {
            if node.null == nil {
                diagnostics.append(
                    .error(
                        .invalidValue, at: yaml.location(node),
                        "`exclusions` must map criterion IDs to reasons",
                        hint: "write one `CC6.4: reason` line per excluded criterion"))
            }
            return []
        }
        var exclusions: [ProjectConfig.Exclusion] = []
        for (key, value) in mapping {
            let id = key.string ?? ""
            var reason = ""
            var alternative: String?
            if case .mapping = value {
                var reader = FieldReader(source: yaml, node: value, subject: "exclusion of \(id)")
                reason = reader.string("reason") ?? ""
                alternative = reader.string("alternative")
                reader.finish(known: ["reason", "alternative"])
                diagnostics += reader.diagnostics
            } else if value.scalar == nil {
                diagnostics.append(
                    .error(
                        .invalidValue, at: yaml.location(value),
                        "the reason for excluding \(id) must be text"))
            } else if value.null == nil {
                reason = value.scalar?.string.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            }
            if reason.isEmpty && (value.scalar != nil || value.mapping != nil) {
                diagnostics.append(
                    .error(
                        .exclusionWithoutReason, at: yaml.location(key),
                        "\(id) is excluded without a reason",
                        hint:
                            "write why the criterion does not apply, e.g. `\(id): Physical security is "
                            + "carved out to our cloud provider`"
                    ))
            }
            exclusions.append(
                .init(criterion: id, reason: reason, alternative: alternative, location: yaml.location(key)))
        }
        return exclusions.sorted { $0.criterion < $1.criterion }
    }
}
