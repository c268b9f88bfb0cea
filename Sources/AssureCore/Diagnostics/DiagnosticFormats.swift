import Foundation

/// The ways `assure check` can write its findings.
public enum DiagnosticFormat: String, Sendable, CaseIterable {
    /// `file:line:column: severity: summary [code]` and a hint, for people.
    case text
    /// One JSON document, for scripts.
    case json
    /// SARIF 2.1.0, for code-scanning uploads.
    case sarif
    /// GitHub Actions workflow commands, which become annotations on a pull request.
    case github
}

/// Serialises diagnostics. Output depends only on the diagnostics, so it is deterministic.
public struct DiagnosticRenderer: Sendable {
    public var toolVersion: String
    /// ANSI colours, for a terminal only.
    public var colour: Bool
    /// In text, the warnings or notes of one code shown before the rest are counted instead;
    /// nil shows every one. Errors are always shown.
    public var summariseAfter: Int?
    /// The project's and the command line's choices, which SARIF records as configuration.
    public var policy: DiagnosticPolicy

    public init(
        toolVersion: String, colour: Bool = false, summariseAfter: Int? = nil, policy: DiagnosticPolicy = .init()
    ) {
        self.toolVersion = toolVersion
        self.colour = colour
        self.summariseAfter = summariseAfter
        self.policy = policy
    }

    public func render(_ diagnostics: [Diagnostic], as format: DiagnosticFormat) -> String {
        let sorted = diagnostics.normalized()
        switch format {
        case .text: return text(sorted)
        case .json: return json(sorted)
        case .sarif: return sarif(sorted)
        case .github: return github(sorted)
        }
    }

    /// "2 errors, 1 warning" (notes are counted only when present).
    public static func countLine(_ diagnostics: [Diagnostic]) -> String {
        func plural(_ count: Int, _ word: String) -> String { "\(count) \(word)\(count == 1 ? "" : "s")" }
        var parts = [plural(diagnostics.errors.count, "error"), plural(diagnostics.warnings.count, "warning")]
        let notes = diagnostics.filter { $0.severity == .note }.count
        if notes > 0 { parts.append(plural(notes, "note")) }
        return parts.joined(separator: ", ")
    }

    /// When every error is a criterion in scope that no implemented control meets: how a
    /// programme in readiness goes on. Nil when any other error is there, or none.
    public static func readinessHint(_ diagnostics: [Diagnostic]) -> String? {
        let errors = diagnostics.errors
        guard !errors.isEmpty, errors.allSatisfy({ $0.code == .uncoveredCriterion }) else { return nil }
        return "Every error is a criterion no implemented control meets yet. While the programme is in readiness, "
            + "--allow-gaps reports them as warnings (check) and shows them as gaps (build, serve, bundle)."
    }

    // MARK: - Text

    private func text(_ diagnostics: [Diagnostic]) -> String {
        var lines: [String] = []
        var shown: [DiagnosticCode: Int] = [:]
        var held: [DiagnosticCode: (severity: Severity, count: Int)] = [:]
        for diagnostic in diagnostics {
            if let limit = summariseAfter, diagnostic.severity != .error {
                shown[diagnostic.code, default: 0] += 1
                if shown[diagnostic.code]! > limit {
                    held[diagnostic.code, default: (diagnostic.severity, 0)].count += 1
                    continue
                }
            }
            let severity = paint(diagnostic.severity.rawValue, diagnostic.severity)
            lines.append("\(diagnostic.location): \(severity): \(diagnostic.summary) [\(diagnostic.code)]")
            if let hint = diagnostic.hint { lines.append("    hint: \(hint)") }
        }
        // Many warnings of one code would bury the errors: the rest are counted.
        for (code, rest) in held.sorted(by: { $0.key < $1.key }) {
            let kind = rest.severity.rawValue + (rest.count == 1 ? "" : "s")
            // Only a code assure.yml may turn off is offered as one (an error shown as a warning,
            // such as a gap under --allow-gaps, is not).
            let off =
                DiagnosticCode.adjustable.contains(code)
                ? ", and `diagnostics: {\(code): ignore}` in assure.yml turns them off" : ""
            lines.append(
                "… and \(rest.count) more \(kind) [\(code)]; `assure check --select \(code)` lists them all\(off)")
        }
        return lines.joined(separator: "\n")
    }

    private func paint(_ text: String, _ severity: Severity) -> String {
        guard colour else { return text }
        let code =
            switch severity {
            case .error: "1;31"
            case .warning: "1;33"
            case .note: "1;36"
            }
        return "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }

    // MARK: - JSON

    struct JSONDiagnostic: Encodable {
        var file: String
        var line: Int?
        var column: Int?
        var severity: String
        var code: String
        var summary: String
        var hint: String?
    }

    struct JSONReport: Encodable {
        var tool = "assure"
        var version: String
        var diagnostics: [JSONDiagnostic]
        var errors: Int
        var warnings: Int
        var notes: Int
    }

    private func json(_ diagnostics: [Diagnostic]) -> String {
        let report = JSONReport(
            version: toolVersion,
            diagnostics: diagnostics.map {
                JSONDiagnostic(
                    file: $0.location.path, line: $0.location.line > 0 ? $0.location.line : nil,
                    column: $0.location.line > 0 ? max($0.location.column, 1) : nil,
                    severity: $0.severity.rawValue, code: $0.code.rawValue, summary: $0.summary, hint: $0.hint)
            },
            errors: diagnostics.errors.count, warnings: diagnostics.warnings.count,
            notes: diagnostics.filter { $0.severity == .note }.count)
        return encode(report)
    }

    // MARK: - SARIF 2.1.0

    struct SARIFLog: Encodable {
        var version = "2.1.0"
        var schema = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
        var runs: [Run]

        enum CodingKeys: String, CodingKey {
            case version, runs
            case schema = "$schema"
        }

        struct Run: Encodable {
            var tool: Tool
            var invocations: [Invocation]?
            var results: [Result]
            var columnKind = "unicodeCodePoints"
        }

        /// How this run reported what it found: the rules whose level the project or the
        /// command line changed (`none`: not reported).
        struct Invocation: Encodable {
            var executionSuccessful: Bool
            var ruleConfigurationOverrides: [Override]
        }

        struct Override: Encodable {
            var descriptor: Descriptor
            var configuration: OverrideConfiguration
        }

        struct Descriptor: Encodable { var id: String }

        struct OverrideConfiguration: Encodable {
            var enabled: Bool
            var level: String
        }

        struct Tool: Encodable { var driver: Driver }

        struct Driver: Encodable {
            var name = "Assure"
            var version: String
            var rules: [Rule]
        }

        struct Rule: Encodable {
            var id: String
            var name: String
            var shortDescription: Message
            var defaultConfiguration: Configuration
        }

        struct Configuration: Encodable { var level: String }

        struct Message: Encodable { var text: String }

        struct Result: Encodable {
            var ruleId: String
            var ruleIndex: Int
            var level: String
            var message: Message
            var locations: [Location]
        }

        struct Location: Encodable { var physicalLocation: PhysicalLocation }

        struct PhysicalLocation: Encodable {
            var artifactLocation: ArtifactLocation
            var region: Region?
        }

        struct ArtifactLocation: Encodable {
            var uri: String
            var uriBaseId = "%SRCROOT%"
        }

        struct Region: Encodable {
            var startLine: Int
            var startColumn: Int
        }
    }

    private func sarif(_ diagnostics: [Diagnostic]) -> String {
        let documented = Dictionary(DiagnosticCode.documented.map { ($0.code, $0.meaning) }) { first, _ in first }
        let usedCodes = Array(Set(diagnostics.map(\.code))).sorted()
        let rules = usedCodes.map { code in
            let level = diagnostics.first { $0.code == code }.map { sarifLevel($0.severity) } ?? "warning"
            return SARIFLog.Rule(
                id: code.rawValue,
                name: code.rawValue.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(),
                shortDescription: .init(text: documented[code] ?? code.rawValue),
                defaultConfiguration: .init(level: level))
        }
        let ruleIndex = Dictionary(uniqueKeysWithValues: usedCodes.enumerated().map { ($1, $0) })
        let results = diagnostics.map { diagnostic in
            let region =
                diagnostic.location.line > 0
                ? SARIFLog.Region(startLine: diagnostic.location.line, startColumn: max(diagnostic.location.column, 1))
                : nil
            let message = diagnostic.summary + (diagnostic.hint.map { " (\($0))" } ?? "")
            return SARIFLog.Result(
                ruleId: diagnostic.code.rawValue, ruleIndex: ruleIndex[diagnostic.code]!,
                level: sarifLevel(diagnostic.severity),
                message: .init(text: message),
                locations: [
                    .init(
                        physicalLocation: .init(
                            artifactLocation: .init(uri: sarifURI(diagnostic.location.path)), region: region))
                ])
        }
        let overrides = policy.overrides.map {
            SARIFLog.Override(
                descriptor: .init(id: $0.code.rawValue),
                configuration: .init(enabled: $0.level != "none", level: $0.level))
        }
        let invocations =
            overrides.isEmpty
            ? nil : [SARIFLog.Invocation(executionSuccessful: true, ruleConfigurationOverrides: overrides)]
        let log = SARIFLog(runs: [
            .init(
                tool: .init(driver: .init(version: toolVersion, rules: rules)), invocations: invocations,
                results: results)
        ])
        return encode(log)
    }

    private func sarifLevel(_ severity: Severity) -> String { severity.sarifLevel }

    /// A relative URI reference: path segments percent-encoded, `/` kept.
    private func sarifURI(_ path: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: ";?#[]@!$&'()*+,=:")
        return path.split(separator: "/", omittingEmptySubsequences: false)
            .map { $0.addingPercentEncoding(withAllowedCharacters: allowed) ?? String($0) }
            .joined(separator: "/")
    }

    // MARK: - GitHub annotations

    private func github(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.map { diagnostic in
            let command =
                switch diagnostic.severity {
                case .error: "error"
                case .warning: "warning"
                case .note: "notice"
                }
            var properties = ["file=\(escapeProperty(diagnostic.location.path))"]
            if diagnostic.location.line > 0 {
                properties.append("line=\(diagnostic.location.line)")
                properties.append("col=\(max(diagnostic.location.column, 1))")
            }
            properties.append("title=\(escapeProperty("assure " + diagnostic.code.rawValue))")
            let message = diagnostic.summary + (diagnostic.hint.map { "\n\($0)" } ?? "")
            return "::\(command) \(properties.joined(separator: ","))::\(escapeData(message))"
        }.joined(separator: "\n")
    }

    /// GitHub's workflow-command escaping: `%`, CR and LF in data; also `:` and `,` in properties.
    private func escapeData(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    private func escapeProperty(_ text: String) -> String {
        escapeData(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }

    private func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(value)) ?? Data("{}".utf8), as: UTF8.self)
    }
}
