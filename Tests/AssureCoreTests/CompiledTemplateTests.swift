import Foundation
import Testing

@testable import AssureCore

/// The compiled renderer renders what swift-mustache renders: for every page of the example's
/// sites, and for generated templates that mix every tag with standalone lines, indentation and
/// inheritance, against generated values. A theme it cannot compile is left to swift-mustache.
@Suite("Compiled templates")
struct CompiledTemplateTests {
    static func text(_ bytes: [UInt8]?) -> String? { bytes.map { String(decoding: $0, as: UTF8.self) } }

    @Test func theBuiltInThemeIsCompiledWhole() throws {
        let theme = try #require(Theme.load(overrides: []).0)
        #expect(theme.library.uncompiled.isEmpty, "\(theme.library.uncompiled)")
    }

    @Test(arguments: SiteAudience.allCases)
    func everyPageOfTheExampleIsWhatSwiftMustacheRenders(_ audience: SiteAudience) async throws {
        let portal = try await resolvedPortal(DiskProject(root: Fixtures.repository))
        let view = AudienceFilter(audience: audience).apply(to: portal)
        let library = try #require(Theme.load(overrides: []).0).library
        let contexts = PageContexts(view: view)
        let pages = SitePage.all(for: view)
        #expect(pages.count > 50)
        for page in pages {
            let value = page.context(contexts)
            let compiled = try library.render(value, withTemplate: page.template)
            #expect(compiled == library.renderWithSwiftMustache(value, withTemplate: page.template), "\(page.path)")
        }
    }

    @Test func generatedTemplatesRenderAsSwiftMustacheRendersThem() throws {
        var random = SplitMix(seed: 29)
        var compared = 0
        for round in 0..<600 {
            var generator = TemplateGenerator(random: random)
            var library = TemplateLibrary()
            // A partial may include the one after it, never itself, so every render ends.
            do {
                try library.register(generator.template(depth: 2, partials: []), named: "inner")
                try library.register(generator.template(depth: 2, partials: ["inner"]), named: "outer")
                try library.register(generator.template(depth: 3, partials: ["outer", "inner"]), named: "page")
            } catch {
                random = generator.random
                continue  // a template swift-mustache does not parse (a block outside a partial's)
            }
            let value = generator.value(depth: 3)
            random = generator.random
            guard library.uncompiled.isEmpty else { continue }
            let compiled = Self.text(try library.render(value, withTemplate: "page"))
            let reference = Self.text(library.renderWithSwiftMustache(value, withTemplate: "page"))
            #expect(compiled == reference, "round \(round)")
            compared += 1
        }
        #expect(compared > 400)
    }

    /// A part encoded once reads the same to a template as the value it was made from, and
    /// any other encoder gets the values themselves.
    @Test func anEncodedPartIsTheValueItWasMadeFrom() throws {
        let value = TemplateValue.object([
            "title": .string("Acme"), "count": .int(3), "ratio": .double(0.5), "flag": .bool(false),
            "nav": .list([.object(["title": .string("Home"), "current": .bool(true)])]),
        ])
        #expect(TemplateEncoder.value(EncodedContext(value)) == value)
        struct Page: Encodable {
            var site: EncodedContext
            var title: String
        }
        #expect(
            TemplateEncoder.value(Page(site: EncodedContext(value), title: "T"))
                == .object(["site": value, "title": .string("T")]))
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        #expect(
            String(decoding: try encoder.encode(EncodedContext(value)), as: UTF8.self)
                == #"{"count":3,"flag":false,"nav":[{"current":true,"title":"Home"}],"ratio":0.5,"title":"Acme"}"#)
    }

    @Test func aQuoteWithACombiningMarkIsStillEscaped() throws {
        // swift-mustache compares characters, and `"\u{301}` is one character that is not `"`:
        // left as it is, it would end an attribute. The compiled renderer escapes bytes.
        var library = TemplateLibrary()
        try library.register("<p title=\"{{t}}\">{{t}}</p>", named: "probe")
        let value = TemplateValue.object(["t": .string("x\"\u{301} onmouseover=alert(1) <\u{338}b>&\u{301}'\u{301}")])
        let page = try #require(Self.text(try library.render(value, withTemplate: "probe")))
        let escaped = "x&quot;\u{301} onmouseover=alert(1) &lt;\u{338}b&gt;&amp;\u{301}&#39;\u{301}"
        #expect(page == "<p title=\"\(escaped)\">\(escaped)</p>")
    }

    @Test func aPartialThatIncludesItselfForEverIsAnErrorNotACrash() throws {
        var library = TemplateLibrary()
        try library.register("<li>{{> item}}</li>", named: "item")
        try library.register("{{#items}}{{> item}}{{/items}}", named: "page")
        #expect(throws: BuildFailure.self) {
            try library.render(.object(["items": .list([.int(1)])]), withTemplate: "page")
        }
        do {
            _ = try library.render(.object(["items": .list([.int(1)])]), withTemplate: "page")
        } catch let failure as BuildFailure {
            #expect(failure.description.contains("templates/page.mustache"))
            #expect(failure.description.contains("includes `item` more than 50 deep"))
        }
        // Recursion the values end is fine: a tree of three levels.
        try library.register("{{name}}({{#children}}{{> tree}}{{/children}})", named: "tree")
        let leaf = TemplateValue.object(["name": .string("c"), "children": .list([])])
        let tree = TemplateValue.object([
            "name": .string("a"), "children": .list([.object(["name": .string("b"), "children": .list([leaf])])]),
        ])
        #expect(Self.text(try library.render(tree, withTemplate: "tree")) == "a(b(c()))")
    }

    @Test func aThemeWithATransformIsRenderedBySwiftMustache() async throws {
        var project = TestProject()
        project["templates/policy.mustache"] =
            "{{<layout}}{{$content}}<h1>{{uppercased(title)}}</h1>{{{body}}}{{/content}}{{/layout}}"
        let overrides = project.files.map { SourceFile(path: $0, data: Data($1.utf8)) }
        let theme = try #require(Theme.load(overrides: overrides).0)
        #expect(theme.library.uncompiled.keys.sorted() == ["policy"])
        let site = try await buildSite(project.reader)
        #expect(site.values.contains { $0.contains("<h1>POLICY A</h1>") })
    }
}

/// A small, seeded random number generator, so a failing round can be run again.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Templates of every tag, with the whitespace that makes lines standalone or not, and values
/// of every kind, over a few shared names so that lookups hit, miss and climb the stack.
struct TemplateGenerator {
    var random: SplitMix
    let keys = ["a", "b", "c"]

    mutating func pick<T>(_ items: [T]) -> T { items[Int(random.next() % UInt64(items.count))] }

    mutating func name() -> String {
        pick(keys + ["a.b", "b.c", ".", ".a", "missing"])
    }

    /// A template; one without `blocks` is a block's override, which may not expand blocks
    /// (an override of `a` that expands `a` never ends, in swift-mustache as anywhere).
    mutating func template(depth: Int, partials: [String], blocks: Bool = true) -> String {
        var text = ""
        for _ in 0..<Int(random.next() % 7) { text += piece(depth: depth, partials: partials, blocks: blocks) }
        return text
    }

    mutating func piece(depth: Int, partials: [String], blocks: Bool) -> String {
        let space = pick(["", " ", "  ", "\t"])
        let end = pick(["", "\n", "\r\n", " \n"])
        switch random.next() % 12 {
        case 0: return pick(["x", "<&\"'>", "a b", "\n", "\r\n", "  ", "é\u{301}"])
        case 1: return space + "{{\(name())}}" + end
        case 2: return space + "{{{\(name())}}}" + end
        case 3: return space + "{{& \(name()) }}" + end
        case 4: return space + "{{! note }}" + end
        case 5: return partials.isEmpty ? "w" : space + "{{> \(pick(partials))}}" + end
        case 6, 7:
            guard depth > 0 else { return "z" }
            let key = pick(keys + ["a.b", "."])
            let sigil = pick(["#", "^"])
            return space + "{{\(sigil)\(key)}}" + end + template(depth: depth - 1, partials: partials, blocks: blocks)
                + pick(["", " ", "\n"]) + "{{/\(key)}}" + end
        case 8:
            guard depth > 0, blocks else { return "z" }
            let block = pick(keys)
            return space + "{{$\(block)}}" + end + template(depth: depth - 1, partials: partials) + "{{/\(block)}}"
                + end
        case 9:
            guard depth > 0, !partials.isEmpty else { return "z" }
            let block = pick(keys)
            let partial = pick(partials)
            return space + "{{<\(partial)}}" + end + "{{$\(block)}}" + pick(["", "\n"])
                + template(depth: depth - 1, partials: [], blocks: false) + "{{/\(block)}}" + end + "{{/\(partial)}}"
                + end
        default: return pick(["y", "\n", " "])
        }
    }

    mutating func value(depth: Int) -> TemplateValue {
        var fields: [String: TemplateValue] = [:]
        for key in keys where random.next() % 4 != 0 { fields[key] = scalarOrNested(depth: depth) }
        return .object(fields)
    }

    mutating func scalarOrNested(depth: Int) -> TemplateValue {
        switch random.next() % (depth > 0 ? 9 : 6) {
        case 0: return .string(pick(["", "plain", "<b>&\"'", "line\nnext"]))
        case 1: return .bool(true)
        case 2: return .bool(false)
        case 3: return .int(Int(random.next() % 5))
        case 4: return .double(1.5)
        case 5: return .list([])
        case 6, 7: return .list((0..<Int(1 + random.next() % 3)).map { _ in value(depth: depth - 1) })
        default: return value(depth: depth - 1)
        }
    }
}
