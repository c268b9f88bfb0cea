import Foundation
import Testing

@testable import AssureCore

/// Finds markup that could run code: script-like elements, event-handler attributes, and
/// link or source attributes with a script or data scheme.
struct ExecutableMarkupScanner {
    static let forbiddenElements: Set<String> = [
        "script", "iframe", "object", "embed", "svg", "math", "style", "base", "form", "meta http-equiv=refresh",
        "frame", "frameset", "applet", "template", "noscript", "xmp", "plaintext", "textarea", "input type=image",
    ]
    static let urlAttributes: Set<String> = [
        "href", "src", "action", "formaction", "xlink:href", "data", "srcset", "poster", "background",
    ]

    static func decodeEntities(_ text: String) -> String {
        var output = text
        for match in text.matches(of: /&#(x?)([0-9a-fA-F]+);?/) {
            let radix = match.output.1.isEmpty ? 10 : 16
            if let value = UInt32(match.output.2, radix: radix), let scalar = Unicode.Scalar(value) {
                output = output.replacingOccurrences(of: String(match.output.0), with: String(Character(scalar)))
            }
        }
        return output.replacingOccurrences(of: "&colon;", with: ":").replacingOccurrences(of: "&Tab;", with: "\t")
            .replacingOccurrences(of: "&NewLine;", with: "\n").replacingOccurrences(of: "&quot;", with: "\"")
            .replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&amp;", with: "&")
    }

    /// Problems in one HTML file; the theme's own `<meta http-equiv="Content-Security-Policy">` is allowed.
    static func problems(in html: String) -> [String] {
        var problems: [String] = []
        for tag in html.matches(of: /<([a-zA-Z][a-zA-Z0-9:-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/) {
            let name = tag.output.1.lowercased()
            let attributes = String(tag.output.2)
            if forbiddenElements.contains(name) { problems.append("element <\(name)>") }
            if name == "meta", attributes.lowercased().contains("refresh") { problems.append("meta refresh") }
            for attribute in attributes.matches(of: /([^\s=\/>"']+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?/) {
                let attributeName = attribute.output.1.lowercased()
                if attributeName.hasPrefix("on") { problems.append("event handler \(attributeName) on <\(name)>") }
                if attributeName == "style", attribute.output.2 != nil { problems.append("inline style on <\(name)>") }
                guard urlAttributes.contains(attributeName), let raw = attribute.output.2 else { continue }
                let value = decodeEntities(String(raw).trimmingCharacters(in: CharacterSet(charactersIn: "\"'")))
                let squeezed = String(value.unicodeScalars.filter { $0.value > 0x20 }).lowercased()
                for scheme in ["javascript:", "vbscript:", "data:", "livescript:"] where squeezed.hasPrefix(scheme) {
                    problems.append("\(scheme) in \(attributeName) of <\(name)>")
                }
            }
        }
        return problems
    }
}

@Suite("Safe rendering: no payload becomes executable markup")
struct XSSTests {
    static let payloads = [
        "<script>alert(1)</script>", "<SCRIPT SRC=//evil.example/x.js></SCRIPT>", "<img src=x onerror=alert(1)>",
        "<IMG SRC=\"javascript:alert('x')\">", "<svg onload=alert(1)>", "<svg><script>alert(1)</script></svg>",
        "<iframe src=\"javascript:alert(1)\"></iframe>", "\"><script>alert(1)</script>",
        "'><img src=x onerror=alert(1)>",
        "<a href=\"jav&#x09;ascript:alert(1)\">x</a>", "<a href=\"&#106;avascript:alert(1)\">x</a>",
        "<body onload=alert(1)>", "<style>*{background:url(javascript:alert(1))}</style>",
        "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
        "<object data=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\"></object>",
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
        "<div style=\"background:url(javascript:alert(1))\">x</div>", "<a href=\"  JaVaScRiPt:alert(1)\">x</a>",
        "&lt;script&gt;alert(1)&lt;/script&gt;", "<form action=\"javascript:alert(1)\"><input type=submit></form>",
    ]

    static var markdownPayloads: String {
        payloads.joined(separator: "\n\n") + """


            [click](javascript:alert(1)) [click](JAVASCRIPT:alert(1)) [click](vbscript:msgbox(1)) \
            [click](data:text/html,<script>alert(1)</script>)
            ![img](javascript:alert(1)) ![img](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)
            [click](<javascript:alert(1)>) [x](&#106;avascript:alert(1)) [x](java&#x09;script:alert(1))
            <javascript:alert(1)> [ref][r]

            [r]: javascript:alert(1)
            """
    }

    static func yamlQuoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
    }

    static var project: InMemoryProject {
        var project = TestProject()
        let payload = yamlQuoted(payloads[3] + payloads[7])
        project["content/assure.yml"] = """
            organization:
              name: \(yamlQuoted("Evil <script>alert(1)</script> Co"))
              description: \(yamlQuoted(payloads[2]))
            principles: [security]
            contact:
              email: trust@example.test
            base_url: https://trust.example.test
            """
        project.policy(
            "POL-X", title: payload, audience: .public,
            extra: "summary: \(payload)\nowner: \(yamlQuoted(payloads[4]))\napproved_by: \(yamlQuoted(payloads[5]))",
            body: markdownPayloads)
        project["content/policies/pol-x.md"] = project["content/policies/pol-x.md"]!.replacingOccurrences(
            of: "owner: CISO\n", with: "")
        project.control("CTL-X", title: yamlQuoted(payloads[6]), audience: .public, body: markdownPayloads)
        project["content/pages/x.md"] = "---\ntitle: \(payload)\naudience: public\n---\n" + markdownPayloads
        project["content/data/faq.yml"] =
            "audience: public\nfaq:\n"
            + payloads.map {
                "  - question: \(yamlQuoted($0))\n    answer: \(yamlQuoted($0 + " [x](javascript:alert(1))"))\n"
            }.joined()
        project["content/data/subprocessors.yml"] =
            "audience: public\nsubprocessors:\n"
            + payloads.map {
                "  - name: \(yamlQuoted($0))\n    purpose: \(yamlQuoted($0))\n    data: \(yamlQuoted($0))\n    "
                    + "location: \(yamlQuoted($0))\n"
            }.joined()
        project["content/data/certifications.yml"] =
            "audience: public\ncertifications:\n  - name: \(payload)\n    status: \(payload)\n    description: "
            + "\(payload)\n"
        return project.reader
    }

    @Test(arguments: SiteAudience.allCases)
    func payloadsStayText(_ audience: SiteAudience) async throws {
        let site = try await buildSite(Self.project, audience: audience)
        #expect(site["policies/POL-X.html"] != nil)
        #expect(site["controls/CTL-X.html"] != nil)
        var checked = 0
        for (path, var text) in site where path.hasSuffix(".html") {
            checked += 1
            // The search page runs the site's own two scripts, and no page runs anything else.
            if path == SitePaths.search {
                for script in [
                    "<script src=\"search-index.js\"></script>", "<script src=\"assets/search.js\"></script>",
                ] {
                    #expect(text.contains(script))
                    text = text.replacingOccurrences(of: script, with: "")
                }
            }
            let problems = ExecutableMarkupScanner.problems(in: text)
            #expect(problems.isEmpty, "\(path): \(problems)")
        }
        #expect(checked > 60)
        // The payloads are still there, as text a reader can see.
        #expect(site["policies/POL-X.html"]?.contains("&lt;script&gt;alert(1)&lt;/script&gt;") == true)
        for (path, text) in site where path.hasSuffix(".xml") || path.hasSuffix(".txt") {
            #expect(!text.contains("<script"), "\(path)")
        }
    }

    @Test(arguments: SiteAudience.allCases)
    func aQuoteWithACombiningMarkStaysInItsAttribute(_ audience: SiteAudience) async throws {
        // One character to Swift, a quote and a mark to HTML: escaped as characters, the quote
        // would end the attribute and the handler after it would run.
        let payload = "x\"\u{301} onmouseover=alert(1) y=\"\u{301}"
        let unescaped = "\"\u{301} onmouseover"
        let escaped = "x&quot;\u{301} onmouseover=alert(1)"
        var project = TestProject()
        project.policy(
            "POL-Q", title: Self.yamlQuoted(payload), audience: .public,
            extra: "summary: \(Self.yamlQuoted(payload))",
            body: "See [the policy](a.md '\(payload)') and [[POL-A]].")
        let site = try await buildSite(project.reader, audience: audience)
        var checked = 0
        for (path, var text) in site where path.hasSuffix(".html") || path.hasSuffix(".xml") {
            checked += 1
            for script in ["<script src=\"search-index.js\"></script>", "<script src=\"assets/search.js\"></script>"]
            where path == SitePaths.search {
                text = text.replacingOccurrences(of: script, with: "")
            }
            let problems = ExecutableMarkupScanner.problems(in: text)
            #expect(problems.isEmpty, "\(path): \(problems)")
            #expect(!text.contains(unescaped), "\(path)")
        }
        #expect(checked > 10)
        let page = try #require(site["policies/POL-Q.html"])
        #expect(page.contains(escaped))
    }

    @Test func contactAddressesMustBeAddresses() async {
        var project = TestProject()
        project["content/assure.yml"]! +=
            "\ncontact:\n  email: 'a@b.test\"><script>x</script>'\n  url: 'javascript:alert(1)'\n"
        let diagnostics = await buildDiagnostics(project.reader)
        #expect(diagnostics.filter { $0.code == .invalidValue }.count == 2, "\(diagnostics)")
    }

    @Test func theScannerFindsWhatItMust() {
        #expect(!ExecutableMarkupScanner.problems(in: "<script>x</script>").isEmpty)
        #expect(!ExecutableMarkupScanner.problems(in: "<img src=x onerror=alert(1)>").isEmpty)
        #expect(!ExecutableMarkupScanner.problems(in: "<a href=\"&#106;avascript:alert(1)\">").isEmpty)
        #expect(!ExecutableMarkupScanner.problems(in: "<a HREF=' JaVaScRiPt:x'>").isEmpty)
        #expect(ExecutableMarkupScanner.problems(in: "<p>&lt;script&gt;</p><a href=\"https://x.test\">ok</a>").isEmpty)
    }

    @Test func everyPageCarriesAContentSecurityPolicy() async throws {
        let site = try await buildSite(Self.project)
        for (path, text) in site where path.hasSuffix(".html") {
            // Only the search page may run scripts, and only the site's own.
            let scripts = path == SitePaths.search ? "script-src 'self'; " : ""
            #expect(
                text.contains(
                    #"<meta http-equiv="Content-Security-Policy" content="default-src 'none'; "#
                        + #"\#(scripts)style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'">"#
                ), "\(path)")
        }
    }
}
