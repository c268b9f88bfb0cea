import Mustache

/// A theme's templates by name, each parsed by swift-mustache and compiled for the compiled
/// renderer. A theme whose every template compiles is rendered by the compiled renderer; one
/// that uses what it does not do (`CompiledTemplate.Unsupported`) is rendered by swift-mustache,
/// whole, so its pages are what they always were.
public struct TemplateLibrary: Sendable {
    private var mustache = MustacheLibrary()
    private var compiled: [String: CompiledTemplate] = [:]
    /// The templates left to swift-mustache, and why.
    private(set) var uncompiled: [String: CompiledTemplate.Unsupported] = [:]

    mutating func register(_ template: MustacheTemplate, named name: String) {
        mustache.register(template, named: name)
        do {
            compiled[name] = try CompiledTemplate(template)
            uncompiled[name] = nil
        } catch {
            compiled[name] = nil
            uncompiled[name] = error
        }
    }

    mutating func register(_ source: String, named name: String) throws {
        register(try MustacheTemplate(string: source), named: name)
    }

    func hasTemplate(named name: String) -> Bool {
        mustache.getTemplate(named: name) != nil
    }

    /// The page `name` renders for `value`. Fails, naming the template, when there is no such
    /// template or when partials and blocks include each other without end.
    func render(_ value: TemplateValue, withTemplate name: String) throws -> [UInt8] {
        guard uncompiled.isEmpty, let template = compiled[name] else {
            guard let page = renderWithSwiftMustache(value, withTemplate: name) else {
                throw Self.failure(name, "the theme has no `\(name)` template")
            }
            return page
        }
        var rendering = TemplateRendering(value, templates: compiled)
        rendering.render(template)
        if let runaway = rendering.runaway {
            throw Self.failure(
                name,
                "the template includes `\(runaway)` more than \(TemplateRendering.depthLimit) deep",
                hint: "a partial or block that includes itself needs a section that ends the recursion")
        }
        return rendering.output
    }

    /// The page as swift-mustache renders it, which `render` must equal for a compiled theme.
    func renderWithSwiftMustache(_ value: TemplateValue, withTemplate name: String) -> [UInt8]? {
        mustache.render(value.mustacheValue, withTemplate: name).map { Array($0.utf8) }
    }

    private static func failure(_ name: String, _ message: String, hint: String? = nil) -> BuildFailure {
        BuildFailure([
            .error(.templateError, at: SourceLocation(path: "templates/\(name).mustache"), message, hint: hint)
        ])
    }
}
