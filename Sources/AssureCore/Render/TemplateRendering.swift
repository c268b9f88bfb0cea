/// One render of a compiled template: the stack of values names are looked up in, the blocks
/// the partials being rendered override, and the bytes written so far. Each rule is
/// swift-mustache's, noted where it is not the obvious one.
struct TemplateRendering {
    let templates: [String: CompiledTemplate]
    private var stack: [TemplateValue]
    private var overrides: [String: CompiledTemplate]?
    private(set) var output: [UInt8] = []
    /// Partials and blocks being rendered, one inside the other.
    private var depth = 0
    /// The partial or block that went deeper than `depthLimit`, ending the render.
    private(set) var runaway: String?

    /// How deep partials and blocks may include one another: a theme's page is a few deep, a
    /// partial that includes itself for ever is stopped with an error, not a crash.
    static let depthLimit = 50

    init(_ value: TemplateValue, templates: [String: CompiledTemplate]) {
        self.templates = templates
        stack = [value]
        output.reserveCapacity(16_384)
    }

    mutating func render(_ template: CompiledTemplate, indentation: String = "") {
        guard runaway == nil else { return }
        guard !indentation.isEmpty else {
            for node in template.nodes { render(node, indentation: indentation) }
            return
        }
        // A partial's indentation goes before each node that writes something after a line
        // this render has ended (a "\r\n" is not an end of line here, as in swift-mustache).
        let start = output.count
        for node in template.nodes {
            let before = output.count
            render(node, indentation: indentation)
            guard output.count > before, before > start, output[before - 1] == 0x0A,
                before - 2 < start || output[before - 2] != 0x0D
            else { continue }
            output.insert(contentsOf: indentation.utf8, at: before)
        }
    }

    private mutating func render(_ node: CompiledTemplate.Node, indentation: String) {
        switch node {
        case .text(let bytes):
            output.append(contentsOf: bytes)
        case .variable(let name, let escaped):
            guard let value = lookUp(name) else { return }
            write(value, escaped: escaped)
        case .section(let name, let content):
            switch lookUp(name) {
            case .none, .bool(false): return
            case .bool(true): render(content, indentation: indentation)
            case .list(let items):
                for item in items { rendering(content, on: item, indentation: indentation) }
            case .some(let value): rendering(content, on: value, indentation: indentation)
            }
        case .invertedSection(let name, let content):
            switch lookUp(name) {
            case .none, .bool(false): render(content, indentation: indentation)
            case .list(let items) where items.isEmpty:
                rendering(content, on: .list(items), indentation: indentation)
            default: return
            }
        case .partial(let name, let indented, let blocks):
            guard let template = templates[name], enter(name) else { return }
            let outer = overrides
            // The blocks of an enclosing partial win over this one's.
            if let blocks { overrides = outer.map { $0.merging(blocks) { kept, _ in kept } } ?? blocks }
            render(template, indentation: indentation + indented)
            overrides = outer
            depth -= 1
        case .block(let name, let content, let indented):
            guard enter(name) else { return }
            render(overrides?[name] ?? content, indentation: indentation + indented)
            depth -= 1
        }
    }

    private mutating func enter(_ name: String) -> Bool {
        guard runaway == nil else { return false }
        guard depth < Self.depthLimit else {
            runaway = name
            return false
        }
        depth += 1
        return true
    }

    private mutating func rendering(_ content: CompiledTemplate, on value: TemplateValue, indentation: String) {
        stack.append(value)
        render(content, indentation: indentation)
        stack.removeLast()
    }

    /// The value a name stands for: its first key in the nearest value that has it, then each
    /// further key inside that (no further search up the stack when one is missing).
    private func lookUp(_ name: TemplateName) -> TemplateValue? {
        guard let first = name.keys.first else { return stack.last }
        var found: TemplateValue?
        if name.fromCurrent {
            found = stack.last?.child(first)
        } else {
            for value in stack.reversed() {
                if let child = value.child(first) {
                    found = child
                    break
                }
            }
        }
        for key in name.keys.dropFirst() {
            found = found?.child(key)
        }
        return found
    }

    private mutating func write(_ value: TemplateValue, escaped: Bool) {
        if escaped {
            Markup.appendEscaped(value.text, apostrophe: HTML.apostrophe, to: &output)
        } else {
            output.append(contentsOf: value.text.utf8)
        }
    }
}
