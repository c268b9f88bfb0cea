/// One setting of `content/assure.yml`, declared once, the way `DocumentField` declares front
/// matter: its key, the kind of value it takes, its default and where it shows. The parser's
/// unknown-key check, `assure diff`'s comparison of settings and the README's settings table
/// all come from `ConfigSetting.all`; `ConfigSettingsTests` checks the README's table against it
/// and that `diff` reports a change to each one.
public struct ConfigSetting: Sendable {
    /// The kinds of value a setting takes.
    public enum ValueType: String, Sendable {
        case text, email
        case address = "web address"
        case date, boolean, colour
        case number = "whole number"
        case picture = "content path"
        case choice, list, mapping
        /// A group of settings under one key (`report:`), each declared on its own.
        case group
    }

    /// The dotted path (`report.period.end`); a mapping's entries follow it (`diagnostics.CODE`).
    public let key: String
    public let type: ValueType
    /// The allowed values of a choice or list, in the README's words.
    public let allowed: String
    /// What applies when the setting is absent; empty when nothing does.
    public let defaultValue: String
    /// What it does and where it shows, in the README's words.
    public let summary: String
    /// Kept for projects written before `frameworks:`; new projects (and the starter) do not use it.
    public let legacy: Bool
    /// Its value or values as `assure diff` compares them, by dotted key; absent ones left out.
    let values: @Sendable (ProjectConfig) -> [String: String]

    init(
        _ key: String, _ type: ValueType, allowed: String = "", default defaultValue: String = "", _ summary: String,
        value: @escaping @Sendable (ProjectConfig) -> String?
    ) {
        self.init(key, type, allowed: allowed, default: defaultValue, summary, legacy: false) { config in
            value(config).map { [key: $0] } ?? [:]
        }
    }

    init(
        _ key: String, _ type: ValueType, allowed: String = "", default defaultValue: String = "", _ summary: String,
        legacy: Bool = false, values: @escaping @Sendable (ProjectConfig) -> [String: String]
    ) {
        self.legacy = legacy
        self.key = key
        self.type = type
        self.allowed = allowed
        self.defaultValue = defaultValue
        self.summary = summary
        self.values = values
    }

    /// The keys written directly under `section` (nil: the top level), for the unknown-key check.
    static func keys(under section: String?) -> [String] {
        let prefix = section.map { $0 + "." } ?? ""
        return all.compactMap { setting in
            guard setting.key.hasPrefix(prefix) else { return nil }
            let rest = setting.key.dropFirst(prefix.count)
            return rest.contains(".") ? nil : String(rest)
        }
    }

    /// Every setting's value as `assure diff` compares them, by dotted key.
    static func values(of config: ProjectConfig) -> [String: String] {
        all.reduce(into: [:]) { $0.merge($1.values(config)) { first, _ in first } }
    }

    /// The README's table of settings, one row each.
    public static func markdownTable() -> String {
        var lines = ["| setting | value | default | what it does |", "|---|---|---|---|"]
        for setting in all where setting.type != .group {
            let value = setting.allowed.isEmpty ? setting.type.rawValue : "\(setting.type.rawValue): \(setting.allowed)"
            lines.append("| `\(setting.key)` | \(value) | \(setting.defaultValue) | \(setting.summary) |")
        }
        return lines.joined(separator: "\n")
    }
}

extension ConfigSetting {
    /// Every setting, in the order the README lists them.
    public static let all: [ConfigSetting] = organization + scope + report + contact + site + checks

    static let organization: [ConfigSetting] = [
        .init("organization", .group, "who you are; a name alone may be written `organization: NAME`") { _ in nil },
        .init("organization.name", .text, "required; on every page and in the portal's title") {
            $0.organization.name
        },
        .init("organization.description", .text, "the paragraph that opens the trust page") {
            $0.organization.description
        },
        .init("organization.website", .address, "linked from the trust page") { $0.organization.website },
    ]

    static let scope: [ConfigSetting] = [
        .init(
            "frameworks", .mapping, allowed: "`soc2`, `iso27001`, `nist-csf`, `hipaa` or a catalog's ID",
            default: "soc2",
            "the frameworks the programme answers to, as a list, or each mapped to its scope (its groups, "
                + "`profile:` and `exclusions:`; see Frameworks and scope)",
            values: frameworkValues(topLevel: false)),
        .init(
            "principles", .list,
            allowed: "`security`, `availability`, `confidentiality`, `processing-integrity`, `privacy`",
            default: "security",
            "SOC 2's categories in scope, for a project that answers to SOC 2 alone (older projects); security is "
                + "always in scope",
            legacy: true, values: frameworkValues(topLevel: true, only: "principles")),
        .init(
            "exclusions", .mapping,
            "SOC 2's criteria out of scope, each with the reason an auditor reads (older "
                + "projects)",
            legacy: true, values: frameworkValues(topLevel: true, only: "exclusions")),
    ]

    static let report: [ConfigSetting] = [
        .init("report", .group, "the audit report the trust page announces") { _ in nil },
        .init("report.type", .choice, allowed: "`type-1`, `type-2`", "required with `report:`") {
            $0.report?.type.rawValue
        },
        .init(
            "report.status", .choice, allowed: "`planned`, `in-progress`, `issued`", default: "planned",
            "the report's state, on the trust page"
        ) { $0.report?.status.rawValue },
        .init("report.period", .group, "the period observed (Type II), or the date (Type I)") { _ in nil },
        .init("report.period.start", .date, "the first day observed (Type II)") {
            $0.report?.periodStart?.description
        },
        .init("report.period.end", .date, "required with `period:`; the last day observed, or Type I's date") {
            $0.report?.periodEnd?.description
        },
        .init("report.auditor", .text, "the audit firm, on the trust page") { $0.report?.auditor },
        .init("report.issued", .date, "the day the report was issued") { $0.report?.issued?.description },
    ]

    static let contact: [ConfigSetting] = [
        .init("contact", .group, "where customers and researchers reach you") { _ in nil },
        .init("contact.email", .email, "on every page, and where \"Request access\" writes without a form") {
            $0.contact.email
        },
        .init("contact.security", .email, default: "`contact.email`", "the contact of `security.txt`") {
            $0.contact.securityEmail
        },
        .init("contact.url", .address, "a contact page, linked from the trust page") { $0.contact.url },
        .init(
            "contact.request_access", .address,
            "a form where readers ask for a restricted document (the document's ID is added as `document=ID`)"
        ) { $0.contact.requestAccess },
    ]

    static let site: [ConfigSetting] = [
        .init(
            "base_url", .address,
            "the address the public site is published at: the sitemap, the feed and `security.txt` need it"
        ) { $0.baseURL },
        .init(
            "notice_days", .number,
            "the days of notice customers are owed before a new subprocessor starts (its `effective`); `check` warns "
                + "(`notice-too-short`) when one is added with less"
        ) { $0.noticeDays.map(String.init) },
        .init(
            "unsafe_html", .boolean, default: "false",
            "render raw HTML written in markdown; off, it is left out of every page"
        ) { String($0.unsafeHTML) },
        .init("site", .group, "the portal's look") { _ in nil },
        .init("site.title", .text, default: "\"NAME Trust Center\"", "the portal's title, on every page") {
            $0.siteTitle
        },
        .init("site.logo", .picture, "a PNG, JPEG or WebP in content/ in every page's header; SVG is refused") {
            $0.brand.logo?.value
        },
        .init("site.favicon", .picture, "a PNG in content/, the browser tab's icon") { $0.brand.favicon?.value },
        .init("site.accent", .colour, "links and highlights (`#RRGGBB`); must read at 4.5:1 on white") {
            $0.brand.accent
        },
        .init(
            "site.accent_dark", .colour, default: "`site.accent`",
            "the accent in dark mode; must read at 4.5:1 on the dark background"
        ) { $0.brand.accentDark },
    ]

    static let checks: [ConfigSetting] = [
        .init(
            "diagnostics", .mapping, allowed: "`error`, `warning`, `note`, `ignore` per code",
            "how the project reports a code whose findings are warnings or notes (see Diagnostics)"
        ) { config in
            var values: [String: String] = [:]
            // Turning a warning off is a change a reviewer must see.
            for (code, severity) in config.diagnostics {
                values["diagnostics.\(code)"] = severity.map(\.rawValue) ?? "ignore"
            }
            return values
        }
    ]

    /// The scope of each framework as flat pairs: `frameworks.iso27001.exclusions.A.7.1: reason`;
    /// the top-level `principles:` and `exclusions:` of older projects keep their names.
    private static func frameworkValues(topLevel: Bool, only key: String? = nil)
        -> @Sendable (ProjectConfig) -> [String: String]
    {
        { config in
            var values: [String: String] = [:]
            for framework in config.frameworks where framework.isTopLevel == topLevel {
                let prefix = topLevel ? "" : "frameworks.\(framework.framework.value)."
                if !topLevel { values["frameworks.\(framework.framework.value)"] = "in scope" }
                for selection in framework.selections where key == nil || selection.key.value == key {
                    values[prefix + selection.key.value] = selection.groups.map(\.value).joined(separator: ", ")
                }
                if let profile = framework.profile, key == nil {
                    values[prefix + "profile"] = profile.map(\.value).joined(separator: ", ")
                }
                for exclusion in framework.exclusions where key == nil || key == "exclusions" {
                    values[prefix + "exclusions." + exclusion.criterion] =
                        exclusion.reason + (exclusion.alternative.map { " (alternative: \($0))" } ?? "")
                }
            }
            return values
        }
    }
}
