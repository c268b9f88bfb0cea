import Mustache

/// A template as the compiled renderer runs it: swift-mustache's own parse of the template,
/// read once into nodes that name what they look up, rendered against `TemplateValue`s straight
/// into bytes.
///
/// The parse stays swift-mustache's (standalone lines, delimiters, partials' indentation,
/// inheritance), so a template means the same here as there; the renderer follows
/// swift-mustache's rules for looking names up, sections, partials and blocks, and
/// `CompiledTemplateTests` renders the default theme and generated templates both ways. What a
/// theme can ask for that the renderer does not do (transforms such as `{{uppercased(x)}}`,
/// dynamic partials, a content-type pragma) leaves the whole theme to swift-mustache
/// (`TemplateLibrary`).
final class CompiledTemplate: Sendable {
    let nodes: [Node]

    init(_ nodes: [Node]) { self.nodes = nodes }

    enum Node: Sendable {
        case text([UInt8])
        case variable(TemplateName, escaped: Bool)
        case section(TemplateName, CompiledTemplate)
        case invertedSection(TemplateName, CompiledTemplate)
        /// `{{> name}}`, or `{{< name}}` with the blocks it overrides.
        case partial(String, indentation: String, overrides: [String: CompiledTemplate]?)
        /// `{{$ name}}`: the block's override, or its own content.
        case block(String, content: CompiledTemplate, indentation: String)
    }

    /// Why a template cannot be compiled: what in it the renderer leaves to swift-mustache.
    struct Unsupported: Error, Sendable {
        var feature: String
    }

    /// Compiles a template swift-mustache has parsed, reading its tokens by reflection.
    convenience init(_ template: MustacheTemplate) throws(Unsupported) {
        guard let tokens = Mirror(reflecting: template).descendant("tokens") else {
            throw Unsupported(feature: "this version of swift-mustache")
        }
        var nodes: [Node] = []
        for token in Mirror(reflecting: tokens).children {
            nodes.append(try Self.node(token.value))
        }
        self.init(nodes)
    }

    private static func node(_ token: Any) throws(Unsupported) -> Node {
        let mirror = Mirror(reflecting: token)
        guard let (label, payload) = mirror.children.first, let label else {
            throw Unsupported(feature: "a token of an unknown kind")
        }
        let fields = Dictionary(
            Mirror(reflecting: payload).children.enumerated().map { ($1.label ?? ".\($0)", $1.value) }
        ) { first, _ in first }
        switch label {
        case "text":
            guard let text = payload as? String else { break }
            return .text(Array(text.utf8))
        case "variable", "unescapedVariable":
            return .variable(try name(fields), escaped: label == "variable")
        case "section", "invertedSection":
            guard let template = fields["template"] as? MustacheTemplate else { break }
            let content = try CompiledTemplate(template)
            return label == "section"
                ? .section(try name(fields), content) : .invertedSection(try name(fields), content)
        case "partial":
            guard let name = fields[".0"] as? String else { break }
            let overrides = try unwrapped(fields["inherits"]).map { value throws(Unsupported) in
                guard let templates = value as? [String: MustacheTemplate] else {
                    throw Unsupported(feature: "a partial's blocks")
                }
                var compiled: [String: CompiledTemplate] = [:]
                for (block, template) in templates { compiled[block] = try CompiledTemplate(template) }
                return compiled
            }
            return .partial(name, indentation: indentation(fields), overrides: overrides)
        case "blockExpansion":
            guard let name = fields["name"] as? String, let content = fields["default"] as? MustacheTemplate else {
                break
            }
            return .block(name, content: try CompiledTemplate(content), indentation: indentation(fields))
        case "dynamicNamePartial": throw Unsupported(feature: "a dynamic partial ({{>*name}})")
        case "contentType": throw Unsupported(feature: "a content type ({{%CONTENT_TYPE}})")
        default: break
        }
        throw Unsupported(feature: "a `\(label)` token")
    }

    private static func name(_ fields: [String: Any]) throws(Unsupported) -> TemplateName {
        guard let name = fields["name"] as? String, let transforms = fields["transforms"] as? [String] else {
            throw Unsupported(feature: "a tag of an unknown shape")
        }
        guard transforms.isEmpty else {
            throw Unsupported(feature: "a transform ({{\(transforms.joined(separator: "("))(\(name))}})")
        }
        return TemplateName(name)
    }

    private static func indentation(_ fields: [String: Any]) -> String {
        unwrapped(fields["indentation"]) as? String ?? ""
    }

    /// The value inside an optional that reflection hands over as `Any`.
    private static func unwrapped(_ value: Any?) -> Any? {
        guard let value else { return nil }
        let mirror = Mirror(reflecting: value)
        guard mirror.displayStyle == .optional else { return value }
        return mirror.children.first?.value
    }
}

/// A name a tag looks up, as swift-mustache reads it: `.` is the current value; `a.b` finds `a`
/// in the nearest value on the stack that has it and then `b` in it; `.a` looks in the current
/// value only.
struct TemplateName: Sendable {
    var keys: [String]
    var fromCurrent: Bool

    init(_ name: String) {
        keys = name.split(separator: ".").map(String.init)
        fromCurrent = name.first == "."
    }
}
