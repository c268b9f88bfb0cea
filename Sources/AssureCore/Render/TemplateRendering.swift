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
        render(template, 0..<template.steps.count, indentation: indentation)
    }

    /// Renders the steps in `range` that are not inside another's content.
    private mutating func render(_ template: CompiledTemplate, _ range: Range<Int>, indentation: String) {
        guard runaway == nil else { return }
        var index = range.lowerBound
        guard !indentation.isEmpty else {
            while index < range.upperBound { index = render(template, at: index, indentation: indentation) }
            return
        }
        // A partial's indentation goes before each step that writes something after a line
        // this render has ended (a "\r\n" is not an end of line here, as in swift-mustache).
        let start = output.count
        while index < range.upperBound {
            let before = output.count
            index = render(template, at: index, indentation: indentation)
            guard output.count > before, before > start, output[before - 1] == 0x0A,
                before - 2 < start || output[before - 2] != 0x0D
            else { continue }
            output.insert(contentsOf: indentation.utf8, at: before)
        }
    }

    /// Renders the step at `index` (with its content) and returns the index of the next one.
    private mutating func render(_ template: CompiledTemplate, at index: Int, indentation: String) -> Int {
        let step = template.steps[index]
        // A section's or block's content: the steps up to its end.
        var content: Range<Int> { index + 1..<Int(step.end) }
        switch step.kind {
        case .text:
            let start = Int(step.start)
            output.append(contentsOf: template.text[start..<start + Int(step.count)])
        case .variable, .unescapedVariable:
            guard let value = lookUp(step, in: template) else { break }
            write(value, escaped: step.kind == .variable)
        case .section:
            switch lookUp(step, in: template) {
            case .none, .bool(false): break
            case .bool(true): render(template, content, indentation: indentation)
            case .list(let items):
                for item in items { rendering(template, content, on: item, indentation: indentation) }
            case .some(let value): rendering(template, content, on: value, indentation: indentation)
            }
            return content.upperBound
        case .invertedSection:
            switch lookUp(step, in: template) {
            case .none, .bool(false): render(template, content, indentation: indentation)
            case .list(let items) where items.isEmpty:
                rendering(template, content, on: .list(items), indentation: indentation)
            default: break
            }
            return content.upperBound
        case .partial:
            let inclusion = template.inclusions[Int(step.inclusion)]
            guard let partial = templates[inclusion.name], enter(inclusion.name) else { break }
            let outer = overrides
            // The blocks of an enclosing partial win over this one's.
            if let blocks = inclusion.overrides {
                overrides = outer.map { $0.merging(blocks) { kept, _ in kept } } ?? blocks
            }
            render(partial, indentation: indentation + inclusion.indentation)
            overrides = outer
            depth -= 1
        case .block:
            let inclusion = template.inclusions[Int(step.inclusion)]
            if enter(inclusion.name) {
                if let override = overrides?[inclusion.name] {
                    render(override, indentation: indentation + inclusion.indentation)
                } else {
                    render(template, content, indentation: indentation + inclusion.indentation)
                }
                depth -= 1
            }
            return content.upperBound
        }
        return index + 1
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

    private mutating func rendering(
        _ template: CompiledTemplate, _ content: Range<Int>, on value: TemplateValue, indentation: String
    ) {
        stack.append(value)
        render(template, content, indentation: indentation)
        stack.removeLast()
    }

    /// The value a step's name stands for: its first key in the nearest value that has it, then
    /// each further key inside that (no further search up the stack when one is missing).
    private func lookUp(_ step: CompiledTemplate.Step, in template: CompiledTemplate) -> TemplateValue? {
        guard step.count > 0 else { return stack.last }
        let first = Int(step.start)
        let key = template.keys[first]
        var found: TemplateValue?
        if step.fromCurrent {
            found = stack.last?.child(key)
        } else {
            for value in stack.reversed() {
                if let child = value.child(key) {
                    found = child
                    break
                }
            }
        }
        for index in first + 1..<first + Int(step.count) {
            found = found?.child(template.keys[index])
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
