import Foundation
import Yams

/// YAML text from one place in a file, composed into nodes whose marks map back to file lines.
struct YAMLSource {
    var path: String
    /// File line of the YAML's first line.
    var firstLine: Int

    func location(_ node: Node?) -> SourceLocation {
        guard let mark = node?.mark else { return SourceLocation(path: path, line: firstLine, column: 1) }
        return SourceLocation(path: path, line: mark.line + firstLine - 1, column: mark.column)
    }

    /// A whole YAML file (a catalog, a crosswalk, evidence records) decoded and composed: its
    /// source and root node, or nil with the diagnostic that stopped it.
    static func root(of file: SourceFile, diagnostics: inout [Diagnostic]) -> (source: YAMLSource, node: Node?)? {
        let yaml = YAMLSource(path: file.path, firstLine: 1)
        switch SourceText.decode(file).flatMap({ yaml.compose($0.text) }) {
        case .success(let node): return (yaml, node)
        case .failure(let diagnostic):
            diagnostics.append(diagnostic)
            return nil
        }
    }

    /// The tags Assure reads: booleans and whole numbers (null is read from the text, as Yams
    /// does). Every other plain scalar is text (dates, versions such as 1.0 are read as text
    /// anyway); merge keys stay plain keys, refused. A field is typed by these rules only when
    /// it is read as a Bool or a number (`FieldReader.typed`): Yams resolves the tag of every
    /// mapping key to look for duplicates, a regular expression per rule per key, and no key is
    /// ever anything but text to Assure.
    static let typedResolver = Yams.Resolver.default.removing(.float).removing(.merge).removing(.timestamp)
        .removing(.value).removing(.null)

    func compose(_ yaml: String) -> Result<Node?, Diagnostic> {
        do {
            // UTF-8 named outright: Yams's default reads the process environment on every call
            // (and would print if YAMS_DEFAULT_ENCODING were set).
            return .success(try Yams.compose(yaml: yaml, .basic, .default, .utf8))
        } catch let error as YamlError {
            return .failure(diagnostic(for: error, yaml: yaml))
        } catch {
            return .failure(
                .error(
                    .malformedYAML, at: SourceLocation(path: path, line: firstLine, column: 1),
                    "the YAML cannot be read: \(error)"))
        }
    }

    private func diagnostic(for error: YamlError, yaml: String) -> Diagnostic {
        var problem = "\(error)"
        var mark: Mark?
        switch error {
        case .scanner(let context, let text, let where_, _),
            .parser(let context, let text, let where_, _),
            .composer(let context, let text, let where_, _):
            problem = text + (context.map { " (\($0.text))" } ?? "")
            mark = where_
            // Running off the end of the text means something opened earlier never closed
            // (a quote, a bracket): point at where it opened.
            if text.contains("end of stream"), let context { mark = context.mark }
        case .reader(let text, _, _, _):
            problem = text
        case .duplicatedKeysInMapping(let duplicates, let context):
            problem = "the key \(duplicates.joined(separator: ", ")) appears more than once"
            mark = context.mark
        default:
            break
        }
        let line = (mark?.line ?? 1)
        let column = mark?.column ?? 1
        let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false)
        var hint = "check the indentation and quoting around this line"
        if (1...max(1, lines.count)).contains(line), line <= lines.count, lines[line - 1].contains("\t") {
            hint = "YAML does not allow tabs for indentation; indent with spaces"
        } else if problem.contains("quoted scalar") {
            hint = "a quoted value is missing its closing quote"
        }
        return .error(
            .malformedYAML, at: SourceLocation(path: path, line: line + firstLine - 1, column: column),
            "malformed YAML: \(problem)", hint: hint)
    }
}

/// Reads typed fields out of one YAML mapping, collecting a diagnostic for every missing,
/// mistyped or unknown field instead of stopping at the first.
struct FieldReader {
    let source: YAMLSource
    /// What the mapping describes, for messages ("policy", "control narrative").
    let subject: String
    /// Where the mapping starts, for fields that are missing altogether.
    let location: SourceLocation
    private(set) var diagnostics: [Diagnostic] = []
    private var pairs: [(key: String, keyNode: Node, value: Node)] = []
    private var read: Set<String> = []

    init(source: YAMLSource, node: Node?, subject: String) {
        self.source = source
        self.subject = subject
        self.location = source.location(node)
        switch node {
        case .mapping(let mapping):
            for (key, value) in mapping {
                // A merge key would bring in fields from elsewhere, `audience` among them; reading
                // past it could fall back to a default audience without a word.
                if key.string == "<<", key.scalar?.style == .plain {
                    diagnostics.append(
                        .error(
                            .invalidValue, at: source.location(key),
                            "YAML merge keys (`<<`) are not supported in the \(subject)",
                            hint: "write each field out in full"))
                    continue
                }
                pairs.append((key.string ?? "", key, value))
            }
        case nil:
            break
        case .some(let other):
            if other.null == nil {
                diagnostics.append(
                    .error(
                        .invalidValue, at: source.location(other),
                        "the \(subject) must be a set of `key: value` fields",
                        hint: "write one field per line, such as `title: Access Control Policy`"))
            }
        }
    }

    var isEmpty: Bool { pairs.isEmpty }

    mutating func node(_ key: String) -> Node? {
        read.insert(key)
        return pairs.first { $0.key == key }?.value
    }

    /// Where every key of the mapping was written.
    var keyLocations: [String: SourceLocation] {
        Dictionary(pairs.map { ($0.key, source.location($0.keyNode)) }) { first, _ in first }
    }

    func keyLocation(_ key: String) -> SourceLocation {
        source.location(pairs.first { $0.key == key }?.keyNode)
    }

    mutating func report(_ diagnostic: Diagnostic) { diagnostics.append(diagnostic) }

    /// Text of a scalar field. A list or mapping where text belongs is an error.
    mutating func string(_ key: String, required: Bool = false) -> String? {
        guard let value = node(key), !isNull(value) else {
            if required { missing(key) }
            return nil
        }
        guard case .scalar(let scalar) = value else {
            mistyped(key, value, expected: "text")
            return nil
        }
        // Most values have nothing to trim: skip Foundation for them.
        let raw = scalar.string
        let text =
            raw.first?.isWhitespace == false && raw.last?.isWhitespace == false
            ? raw : raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty {
            if required { missing(key) }
            return nil
        }
        return text
    }

    /// A list of scalars with the position of each; a single scalar counts as a list of one.
    mutating func stringList(_ key: String, required: Bool = false) -> [Located<String>] {
        guard let value = node(key), !isNull(value) else {
            if required { missing(key) }
            return []
        }
        switch value {
        case .scalar(let scalar):
            return [Located(scalar.string, at: source.location(value))]
        case .sequence(let sequence):
            var items: [Located<String>] = []
            for item in sequence {
                guard case .scalar(let scalar) = item, !isNull(item) else {
                    diagnostics.append(
                        .error(
                            .invalidValue, at: source.location(item),
                            "each item of `\(key)` must be plain text",
                            hint: "write the list as `- item` lines"))
                    continue
                }
                items.append(Located(scalar.string, at: source.location(item)))
            }
            return items
        default:
            mistyped(key, value, expected: "a list")
            return []
        }
    }

    mutating func date(_ key: String, required: Bool = false) -> CalendarDate? {
        guard let text = string(key, required: required) else { return nil }
        guard let date = CalendarDate(iso: text) else {
            diagnostics.append(
                .error(
                    .invalidValue, at: source.location(node(key)),
                    "`\(key)` is not a real date: \(text)",
                    hint: "write dates as YYYY-MM-DD, such as 2026-03-01"))
            return nil
        }
        return date
    }

    mutating func bool(_ key: String) -> Bool? {
        guard let value = node(key), !isNull(value) else { return nil }
        guard let flag = typed(value).bool else {
            mistyped(key, value, expected: "true or false")
            return nil
        }
        return flag
    }

    mutating func integer(_ key: String) -> Int? {
        guard let value = node(key), !isNull(value) else { return nil }
        guard let number = typed(value).int else {
            mistyped(key, value, expected: "a whole number")
            return nil
        }
        return number
    }

    /// One of a fixed set of words.
    mutating func choice<Value: RawRepresentable & CaseIterable>(
        _ key: String, as type: Value.Type, required: Bool = false
    ) -> Value? where Value.RawValue == String {
        guard let text = string(key, required: required) else { return nil }
        if let value = Value(rawValue: text.lowercased()) { return value }
        let allowed = Value.allCases.map(\.rawValue)
        let suggestion = nearest(to: text.lowercased(), in: allowed)
        diagnostics.append(
            .error(
                .invalidValue, at: source.location(node(key)),
                "`\(key)` cannot be `\(text)`",
                hint: (suggestion.map { "did you mean `\($0)`? " } ?? "") + "allowed: "
                    + allowed.joined(separator: ", ")))
        return nil
    }

    /// Warns about every field that was never read, suggesting the nearest known one.
    mutating func finish(known: [String]) {
        let all = Set(known).union(read)
        for pair in pairs where !all.contains(pair.key) {
            let suggestion = nearest(to: pair.key, in: all.sorted())
            diagnostics.append(
                .warning(
                    .unknownField, at: source.location(pair.keyNode),
                    "unknown field `\(pair.key)` in this \(subject); it is ignored",
                    hint: suggestion.map { "did you mean `\($0)`?" } ?? "known fields: "
                        + all.sorted().joined(separator: ", ")))
        }
    }

    private mutating func missing(_ key: String) {
        diagnostics.append(
            .error(
                .missingField, at: location,
                "this \(subject) has no `\(key)`",
                hint: source.path.hasSuffix(".md")
                    ? "add a `\(key):` line to the front matter" : "add a `\(key):` line to this \(subject)"))
    }

    private mutating func mistyped(_ key: String, _ value: Node, expected: String) {
        diagnostics.append(
            .error(
                .invalidValue, at: source.location(value),
                "`\(key)` must be \(expected), but it is \(describe(value))"))
    }

    /// The value with the tag YAML's rules give it (`YAMLSource.typedResolver`): a plain
    /// scalar with no tag written is composed as text, so `true` and `3` are typed here. A
    /// quoted scalar stays text, and an explicit tag (`!!bool`) is kept.
    private func typed(_ node: Node) -> Node {
        guard case .scalar(let scalar) = node, scalar.style == .plain, scalar.tag.description.isEmpty else {
            return node
        }
        return .scalar(.init(scalar.string, Tag(.implicit, YAMLSource.typedResolver, .default), .plain, scalar.mark))
    }

    private func isNull(_ node: Node) -> Bool {
        if case .scalar(let scalar) = node, scalar.style == .plain, node.null != nil { return true }
        return false
    }

    private func describe(_ node: Node) -> String {
        switch node {
        case .scalar: "text"
        case .sequence: "a list"
        case .mapping: "a set of fields"
        case .alias: "an alias"
        }
    }
}

/// A value with the place it was written.
public struct Located<Value: Sendable & Hashable>: Sendable, Hashable {
    public var value: Value
    public var location: SourceLocation

    public init(_ value: Value, at location: SourceLocation) {
        self.value = value
        self.location = location
    }
}
