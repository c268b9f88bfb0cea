/// A value as a template reads it: what `TemplateEncoder` makes of a typed page context. A
/// closed set of cases, so the compiled renderer (`CompiledTemplate`) reads a key with one
/// dictionary lookup and a `switch`, where swift-mustache asks each value of type `Any` which of
/// its protocols it conforms to.
enum TemplateValue: Sendable, Equatable {
    case string(String)
    case bool(Bool)
    case int(Int)
    case double(Double)
    case list([TemplateValue])
    case object([String: TemplateValue])

    /// The value as swift-mustache reads it, for a theme the compiled renderer leaves to it.
    var mustacheValue: Any {
        switch self {
        case .string(let text): text
        case .bool(let flag): flag
        case .int(let number): number
        case .double(let number): number
        case .list(let items): items.map(\.mustacheValue)
        case .object(let fields): fields.mapValues(\.mustacheValue)
        }
    }

    /// What `{{key}}` writes for the value before escaping: what swift-mustache writes
    /// (`String(describing:)`).
    var text: String {
        switch self {
        case .string(let text): text
        case .bool(let flag): flag ? "true" : "false"
        case .int(let number): String(number)
        case .double(let number): String(describing: number)
        case .list, .object: String(describing: mustacheValue)
        }
    }

    /// The value of `key` when this is an object.
    @inline(__always)
    func child(_ key: String) -> TemplateValue? {
        if case .object(let fields) = self { fields[key] } else { nil }
    }
}
