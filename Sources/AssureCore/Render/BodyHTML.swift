import Foundation

/// Fills a body's reference placeholders for one page, given how each reference shows on
/// this site and the path back to the site root.
enum BodyHTML {
    static func render(_ body: MarkdownBody, links: [ViewLink], root: String) -> String {
        let html = fillImageSources(body, links: links, root: root)
        guard html.contains(BodyPlaceholder.start) else { return html }
        var output = ""
        output.reserveCapacity(html.utf8.count + 256)
        var rest = html[...]
        while let start = rest.firstIndex(of: BodyPlaceholder.start) {
            output += rest[..<start]
            guard let end = rest[start...].firstIndex(of: BodyPlaceholder.end) else {
                rest = rest[rest.index(after: start)...]
                continue
            }
            if let (index, part) = BodyPlaceholder.parse(rest[rest.index(after: start)..<end]),
                body.references.indices.contains(index)
            {
                let link = links.indices.contains(index) ? links[index] : .hidden
                output += fill(link, reference: body.references[index], part: part, root: root)
            }
            rest = rest[rest.index(after: end)...]
        }
        output += rest
        return output
    }

    /// Images carry `src="assure-ref:N"` until the page they appear on is known; each is
    /// filled in one pass over the page, however many there are.
    private static func fillImageSources(_ body: MarkdownBody, links: [ViewLink], root: String) -> String {
        guard body.references.contains(where: \.isImage) else { return body.html }
        let marker = "src=\"\(BodyPlaceholder.imageScheme)"
        var output = ""
        output.reserveCapacity(body.html.utf8.count)
        var rest = body.html[...]
        while let found = rest.firstRange(of: marker) {
            output += rest[..<found.lowerBound]
            let digits = rest[found.upperBound...].prefix { $0.isASCII && $0.isNumber }
            guard let index = Int(digits), digits.endIndex < rest.endIndex, rest[digits.endIndex] == "\"" else {
                output += rest[found]
                rest = rest[found.upperBound...]
                continue
            }
            var source = ""
            if links.indices.contains(index), case .asset(let path) = links[index] { source = root + path }
            output += "src=\"\(HTML.escape(source))\""
            rest = rest[rest.index(after: digits.endIndex)...]
        }
        output += rest
        return output
    }

    private static func fill(_ link: ViewLink, reference: BodyReference, part: BodyPlaceholder.Part, root: String)
        -> String
    {
        switch (link, part) {
        case (.asset(let path), .open):
            return "<a href=\"\(href(root, path, nil))\">"
        case (.asset, .close):
            return "</a>"
        case (.asset, _):
            return HTML.escape(reference.written)
        case (.page(let path, let anchor, let text), .whole):
            return "<a class=\"xref\" href=\"\(href(root, path, anchor))\">\(HTML.escape(text))</a>"
        case (.page(let path, let anchor, _), .open):
            let title = reference.linkTitle.map { " title=\"\(HTML.escape($0))\"" } ?? ""
            return "<a href=\"\(href(root, path, anchor))\"\(title)>"
        case (.page, _):
            return "</a>"
        case (.titleOnly(let title), .whole):
            return "<span class=\"xref restricted\">\(HTML.escape(title)) <em>(available on request)</em></span>"
        case (.titleOnly, .close):
            return " <em class=\"xref restricted\">(available on request)</em>"
        case (.hidden, .whole):
            return HTML.escape(reference.written)
        default:
            return ""
        }
    }

    private static func href(_ root: String, _ path: String, _ anchor: String?) -> String {
        HTML.escape(root + path + (anchor.map { "#" + $0 } ?? ""))
    }
}
