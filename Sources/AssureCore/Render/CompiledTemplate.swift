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
    /// The template's steps in order. A section's or block's content is the steps after it, up
    /// to its `end`; rendering walks them by index, so it copies nothing that is counted.
    let steps: [Step]
    /// The bytes of every text step, one after another.
    let text: [UInt8]
    /// The keys of every name looked up, one name's after another's.
    let keys: [String]
    /// What partials and blocks name.
    let inclusions: [Inclusion]

    /// One step: plain numbers only, which index the template's arrays.
    struct Step: Sendable {
        enum Kind: UInt8, Sendable {
            case text, variable, unescapedVariable, section, invertedSection
            /// `{{> name}}`, or `{{< name}}` with the blocks it overrides.
            case partial
            /// `{{$ name}}`: the block's override, or its own content.
            case block
        }
        var kind: Kind
        /// A name as swift-mustache reads it: `.` (no keys) is the current value; `a.b` finds `a`
        /// in the nearest value on the stack that has it and then `b` in it; `.a` (`fromCurrent`)
        /// looks in the current value only.
        var fromCurrent = false
        /// A text's bytes in `text`, a name's keys in `keys`.
        var start: Int32 = 0
        var count: Int32 = 0
        /// A partial's or block's entry in `inclusions`.
        var inclusion: Int32 = 0
        /// The step after a section's or block's content.
        var end: Int32 = 0
    }

    /// A partial or block: its name, the indentation of its standalone tag, and the blocks a
    /// `{{< partial}}` overrides.
    struct Inclusion: Sendable {
        var name: String
        var indentation: String
        var overrides: [String: CompiledTemplate]?
    }

    private init(_ builder: Builder) {
        steps = builder.steps
        text = builder.text
        keys = builder.keys
        inclusions = builder.inclusions
    }

    /// Why a template cannot be compiled: what in it the renderer leaves to swift-mustache.
    struct Unsupported: Error, Sendable {
        var feature: String
    }

    /// Compiles a template swift-mustache has parsed, reading its tokens by reflection.
    convenience init(_ template: MustacheTemplate) throws(Unsupported) {
        var builder = Builder()
        try builder.append(template)
        self.init(builder)
    }

    /// The steps of a template being compiled.
    private struct Builder {
        var steps: [Step] = []
        var text: [UInt8] = []
        var keys: [String] = []
        var inclusions: [Inclusion] = []

        mutating func append(_ template: MustacheTemplate) throws(Unsupported) {
            guard let tokens = Mirror(reflecting: template).descendant("tokens") else {
                throw Unsupported(feature: "this version of swift-mustache")
            }
            for token in Mirror(reflecting: tokens).children {
                try append(token: token.value)
            }
        }

        private mutating func append(token: Any) throws(Unsupported) {
            let mirror = Mirror(reflecting: token)
            guard let (label, payload) = mirror.children.first, let label else {
                throw Unsupported(feature: "a token of an unknown kind")
            }
            let fields = Dictionary(
                Mirror(reflecting: payload).children.enumerated().map { ($1.label ?? ".\($0)", $1.value) }
            ) { first, _ in first }
            switch label {
            case "text":
                guard let content = payload as? String else { break }
                steps.append(Step(kind: .text, start: Int32(text.count), count: Int32(content.utf8.count)))
                text.append(contentsOf: content.utf8)
                return
            case "variable", "unescapedVariable":
                steps.append(try named(label == "variable" ? .variable : .unescapedVariable, fields))
                return
            case "section", "invertedSection":
                guard let content = fields["template"] as? MustacheTemplate else { break }
                try enclose(named(label == "section" ? .section : .invertedSection, fields), content)
                return
            case "partial":
                guard let name = fields[".0"] as? String else { break }
                let overrides = try CompiledTemplate.unwrapped(fields["inherits"]).map { value throws(Unsupported) in
                    guard let templates = value as? [String: MustacheTemplate] else {
                        throw Unsupported(feature: "a partial's blocks")
                    }
                    var compiled: [String: CompiledTemplate] = [:]
                    for (block, template) in templates { compiled[block] = try CompiledTemplate(template) }
                    return compiled
                }
                let inclusion = Inclusion(
                    name: name, indentation: CompiledTemplate.indentation(fields), overrides: overrides)
                steps.append(include(inclusion, as: .partial))
                return
            case "blockExpansion":
                guard let name = fields["name"] as? String, let content = fields["default"] as? MustacheTemplate
                else { break }
                let inclusion = Inclusion(name: name, indentation: CompiledTemplate.indentation(fields), overrides: nil)
                try enclose(include(inclusion, as: .block), content)
                return
            case "dynamicNamePartial": throw Unsupported(feature: "a dynamic partial ({{>*name}})")
            case "contentType": throw Unsupported(feature: "a content type ({{%CONTENT_TYPE}})")
            default: break
            }
            throw Unsupported(feature: "a `\(label)` token")
        }

        /// Appends `step` followed by `content`'s steps, and marks where they end.
        private mutating func enclose(_ step: Step, _ content: MustacheTemplate) throws(Unsupported) {
            let index = steps.count
            steps.append(step)
            try append(content)
            steps[index].end = Int32(steps.count)
        }

        private mutating func include(_ inclusion: Inclusion, as kind: Step.Kind) -> Step {
            inclusions.append(inclusion)
            return Step(kind: kind, inclusion: Int32(inclusions.count - 1))
        }

        private mutating func named(_ kind: Step.Kind, _ fields: [String: Any]) throws(Unsupported) -> Step {
            let name = try CompiledTemplate.name(fields)
            let start = keys.count
            keys += name.split(separator: ".").map(String.init)
            return Step(
                kind: kind, fromCurrent: name.first == ".", start: Int32(start), count: Int32(keys.count - start))
        }
    }

    /// The name a tag looks up, when it has no transforms.
    private static func name(_ fields: [String: Any]) throws(Unsupported) -> String {
        guard let name = fields["name"] as? String, let transforms = fields["transforms"] as? [String] else {
            throw Unsupported(feature: "a tag of an unknown shape")
        }
        guard transforms.isEmpty else {
            throw Unsupported(feature: "a transform ({{\(transforms.joined(separator: "("))(\(name))}})")
        }
        return name
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
