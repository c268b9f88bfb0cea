import Foundation

/// Fills a body's reference placeholders for one page, given how each reference shows on
/// this site and the path back to the site root.
enum BodyHTML {
    static func render(_ body: MarkdownBody, links: [ViewLink], root: String) -> String {
        var html = fillImageSources(body, links: links, root: root)
        // The marks are found by their UTF-8 bytes, without walking the body character by character.
        return html.withUTF8 { fill(body, bytes: $0, links: links, root: root) } ?? html
    }

    /// The body with every mark filled in; nil when it has none.
    private static func fill(
        _ body: MarkdownBody, bytes: UnsafeBufferPointer<UInt8>, links: [ViewLink], root: String
    ) -> String? {
        var index = 0
        let (lead, second) = BodyPlaceholder.utf8Lead
        func next(_ last: UInt8, from start: Int) -> Int? {
            var position = start
            while let found = ByteSearch.firstIndex(of: lead, in: bytes, from: position), found + 2 < bytes.count {
                if bytes[found + 1] == second && bytes[found + 2] == last { return found }
                position = found + 1
            }
            return nil
        }
        let startLast = BodyPlaceholder.utf8StartLast
        let endLast = BodyPlaceholder.utf8EndLast
        guard var start = next(startLast, from: 0) else { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + 256)
        while true {
            output += UnsafeBufferPointer(rebasing: bytes[index..<start])
            let inside = start + 3
            guard let end = next(endLast, from: inside) else {
                index = inside
                guard let following = next(startLast, from: index) else { break }
                start = following
                continue
            }
            let token = Substring(decoding: UnsafeBufferPointer(rebasing: bytes[inside..<end]), as: UTF8.self)
            if let (number, part) = BodyPlaceholder.parse(token), body.references.indices.contains(number) {
                let link = links.indices.contains(number) ? links[number] : .hidden
                output += fill(link, reference: body.references[number], part: part, root: root).utf8
            }
            index = end + 3
            guard let following = next(startLast, from: index) else { break }
            start = following
        }
        output += UnsafeBufferPointer(rebasing: bytes[index...])
        return String(decoding: output, as: UTF8.self)
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
            if links.indices.contains(index), case .asset(let path) = links[index] {
                source = root + SitePaths.asset(path)
            }
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
            return "<a href=\"\(href(root, SitePaths.asset(path), nil))\">"
        case (.asset, .close):
            return "</a>"
        case (.asset, _):
            return HTML.escape(reference.written)
        case (.page(let node, let anchor, let text), .whole):
            return
                "<a class=\"xref\" href=\"\(href(root, SitePaths.page(for: node), anchor))\">\(HTML.escape(text))</a>"
        case (.page(let node, let anchor, _), .open):
            let title = reference.linkTitle.map { " title=\"\(HTML.escape($0))\"" } ?? ""
            return "<a href=\"\(href(root, SitePaths.page(for: node), anchor))\"\(title)>"
        case (.page, _):
            return "</a>"
        case (.titleOnly(let title, let request), .whole):
            return "<span class=\"xref restricted\">\(HTML.escape(title)) <em>(available on request)</em></span>"
                + requestLink(request)
        case (.titleOnly(_, let request), .close):
            return " <em class=\"xref restricted\">(available on request)</em>" + requestLink(request)
        case (.hidden, .whole):
            return HTML.escape(reference.written)
        default:
            return ""
        }
    }

    /// " Request access", linked to where readers ask for the document, when the site says where.
    private static func requestLink(_ request: String?) -> String {
        request.map { " <a class=\"request-access\" href=\"\(HTML.escape($0))\">Request access</a>" } ?? ""
    }

    private static func href(_ root: String, _ path: String, _ anchor: String?) -> String {
        HTML.escape(root + path + (anchor.map { "#" + $0 } ?? ""))
    }
}
