/// A place in a source file, 1-based. `line` and `column` are 0 when the whole file is meant.
public struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Path relative to the project root, with `/` separators (`content/policies/access.md`).
    public var path: String
    public var line: Int
    public var column: Int

    public init(path: String, line: Int = 0, column: Int = 0) {
        self.path = path
        self.line = line
        self.column = column
    }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.path, lhs.line, lhs.column) < (rhs.path, rhs.line, rhs.column)
    }

    public var description: String {
        line > 0 ? "\(path):\(line):\(max(column, 1))" : path
    }
}

public enum Severity: String, Sendable, Hashable, Comparable, Codable {
    case error, warning, note

    private var rank: Int {
        switch self {
        case .error: 0
        case .warning: 1
        case .note: 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// A stable, documented identifier of a kind of problem (`unknown-criterion`).
public struct DiagnosticCode: RawRepresentable, Sendable, Hashable, Comparable, Codable,
    ExpressibleByStringLiteral, CustomStringConvertible
{
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }
    public static func < (lhs: DiagnosticCode, rhs: DiagnosticCode) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// One problem found in a project: where, how bad, what it is and what to do about it.
public struct Diagnostic: Error, Sendable, Hashable, Comparable, CustomStringConvertible {
    public var severity: Severity
    public var code: DiagnosticCode
    public var location: SourceLocation
    public var summary: String
    public var hint: String?

    public init(
        _ severity: Severity, _ code: DiagnosticCode, at location: SourceLocation,
        _ summary: String, hint: String? = nil
    ) {
        // Messages quote what files say; nothing they quote may steer a terminal or forge a line.
        self.severity = severity
        self.code = code
        self.location = location
        self.location.path = location.path.neutralizingControlCharacters()
        self.summary = summary.neutralizingControlCharacters()
        self.hint = hint?.neutralizingControlCharacters()
    }

    public static func error(
        _ code: DiagnosticCode, at location: SourceLocation, _ summary: String, hint: String? = nil
    ) -> Diagnostic {
        Diagnostic(.error, code, at: location, summary, hint: hint)
    }

    public static func warning(
        _ code: DiagnosticCode, at location: SourceLocation, _ summary: String, hint: String? = nil
    ) -> Diagnostic {
        Diagnostic(.warning, code, at: location, summary, hint: hint)
    }

    /// Sorted by file and position, then severity, code and text, so output order never
    /// depends on the order in which phases found the problems.
    public static func < (lhs: Diagnostic, rhs: Diagnostic) -> Bool {
        if lhs.location != rhs.location { return lhs.location < rhs.location }
        if lhs.severity != rhs.severity { return lhs.severity < rhs.severity }
        if lhs.code != rhs.code { return lhs.code < rhs.code }
        return (lhs.summary, lhs.hint ?? "") < (rhs.summary, rhs.hint ?? "")
    }

    /// `content/policies/access.md:3:8: error: ... [unknown-criterion]`, then the hint.
    public var description: String {
        var text = "\(location): \(severity.rawValue): \(summary) [\(code)]"
        if let hint { text += "\n    hint: \(hint)" }
        return text
    }
}

extension Array where Element == Diagnostic {
    /// Sorted and without repeats.
    public func normalized() -> [Diagnostic] { Array(Set(self)).sorted() }

    public var hasErrors: Bool { contains { $0.severity == .error } }
    public var errors: [Diagnostic] { filter { $0.severity == .error } }
    public var warnings: [Diagnostic] { filter { $0.severity == .warning } }
}

/// Thrown when a phase found errors; carries every diagnostic found so far, sorted.
public struct BuildFailure: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics.normalized() }

    public var description: String {
        let errors = diagnostics.errors.count
        return diagnostics.map(\.description).joined(separator: "\n")
            + "\n\(errors) error\(errors == 1 ? "" : "s")"
    }
}
