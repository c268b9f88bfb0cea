import Foundation

/// The policies (or every document) of one site as one print page, for `assure pdf`: a cover
/// (organisation, date, commit), the contents with page numbers, and each document on a new
/// page with its fields, links between documents turned into links inside the book. The
/// theme's `print.mustache` lays it out; a browser prints it (`PDFPrinter`).
public struct PrintBook: Sendable {
    public enum Selection: String, Sendable, CaseIterable {
        /// The policies alone.
        case policies
        /// Policies, then control narratives, pages and answers.
        case all
    }

    public var view: PortalView
    public var selection: Selection
    /// The cover's date: the commit's day.
    public var date: CalendarDate
    public var commit: String?

    public init(view: PortalView, selection: Selection, date: CalendarDate, commit: String?) {
        self.view = view
        self.selection = selection
        self.date = date
        self.commit = commit
    }

    /// The documents the book holds in full, in the model's order (policies first).
    public var documents: [Document] {
        view.documents.filter { selection == .all || $0.header.kind == .policy }
    }

    /// The documents shown by title only (restricted ones on the public site), by title.
    var onRequest: [DocumentStub] {
        view.stubs.filter { selection == .all || $0.kind == .policy }
    }

    /// The anchor of a document in the book: its pages' named destination in the PDF.
    public static func anchor(_ node: NodeRef) -> String {
        "doc-\(node.kind?.rawValue ?? "criterion")-\(Slug.fileName(node.id))"
    }

    /// What the book is called on its cover and in its running header.
    var subject: String { selection == .policies ? "Policies" : "Policies and controls" }

    /// The print page. `pages` gives each document's first page, by anchor, once a first
    /// printing has told them (`PDFPages.destinations`); without it the contents show none.
    public func html(theme: Theme, pages: [String: Int] = [:]) throws -> String {
        let html = try theme.library.render(TemplateEncoder.object(context(pages: pages)), withTemplate: "print")
        return String(decoding: html, as: UTF8.self)
    }

    /// The files the book's pages show (pictures in `content/`), at the paths its links use.
    public var files: [OutputFile] {
        view.assets.sorted { $0.key < $1.key }.map { OutputFile(path: SitePaths.asset($0.key), data: $0.value) }
    }

    /// Where links to pages outside the book lead: the public site, in the public edition only
    /// (an auditor's page is not published there).
    var publishedSite: String? { view.audience == .public ? view.config.baseURL : nil }

    func context(pages: [String: Int]) -> TemplateContext.Print {
        let organization = view.config.organization.name
        let inBook = Set(documents.map(\.node))
        let entries = documents.map { document in
            TemplateContext.PrintEntry(
                anchor: Self.anchor(document.node), id: document.header.id, title: document.header.title,
                kind: document.header.kind.name, page: pages[Self.anchor(document.node)].map(String.init))
        }
        let bodies = documents.map { document in
            let header = document.header
            let values = document.fieldValues
            let fields = header.kind.fields.compactMap { field -> TemplateContext.PrintField? in
                guard let label = field.label, field.key != "id", let value = values[field.key], !value.isEmpty
                else { return nil }
                return TemplateContext.PrintField(label: label, value: value)
            }
            let html = BodyHTML.render(document.body, links: view.referenceLinks(of: document.body), root: "")
            return TemplateContext.PrintDocument(
                anchor: Self.anchor(document.node), id: header.id, title: header.title, kind: header.kind.name,
                fields: fields, body: Self.linkedInside(html, inBook: inBook, base: publishedSite))
        }
        return TemplateContext.Print(
            title: "\(organization): \(subject)", organization: organization, subject: subject,
            date: date.longForm, commit: commit.map { String($0.prefix(12)) },
            audience: view.audience == .public ? "Public edition" : "Edition for auditors",
            contents: entries,
            onRequest: onRequest.map {
                TemplateContext.PrintEntry(anchor: "", id: $0.id, title: $0.title, kind: $0.kind.name, page: nil)
            },
            hasOnRequest: !onRequest.isEmpty, documents: bodies,
            runningHeader: Self.cssString("\(organization) · \(subject)"))
    }

    /// Text for a CSS string between double quotes: anything but letters, digits and spaces
    /// as a hexadecimal escape, so no text can end the string or the style sheet.
    static func cssString(_ text: String) -> String {
        text.unicodeScalars.map { scalar in
            scalar.properties.isAlphabetic || ("0"..."9").contains(Character(scalar)) || scalar == " "
                ? String(scalar) : "\\" + String(scalar.value, radix: 16) + " "
        }.joined()
    }

    /// Links to a document in the book lead to its pages; links to other pages of the site
    /// lead to the published site when there is a `base_url`, else become plain text; links
    /// to other sites, mail and pictures stay as they are.
    static func linkedInside(_ html: String, inBook: Set<NodeRef>, base: String?) -> String {
        var byPath: [String: String] = [:]
        for node in inBook { byPath[SitePaths.page(for: node)] = "#" + anchor(node) }
        guard
            let link = try? NSRegularExpression(
                pattern: #"<a\b([^>]*)>(.*?)</a>"#, options: [.dotMatchesLineSeparators]),
            let reference = try? NSRegularExpression(pattern: #"\bhref="([^"]*)""#)
        else { return html }
        var output = ""
        var last = html.startIndex
        for match in link.matches(in: html, range: NSRange(html.startIndex..., in: html)) {
            guard let whole = Range(match.range, in: html), let attributes = Range(match.range(at: 1), in: html),
                let text = Range(match.range(at: 2), in: html)
            else { continue }
            output += html[last..<whole.lowerBound]
            last = whole.upperBound
            let attributeText = String(html[attributes])
            guard
                let found = reference.firstMatch(
                    in: attributeText, range: NSRange(attributeText.startIndex..., in: attributeText)),
                let hrefRange = Range(found.range(at: 1), in: attributeText)
            else {
                output += html[whole]
                continue
            }
            let href = String(attributeText[hrefRange])
            let target: String? =
                byPath[String(href.prefix { $0 != "#" })]
                ?? (href.contains(":") || href.hasPrefix("#") ? href : base.map { "\($0)/\(href)" })
            if let target {
                output +=
                    "<a" + attributeText.replacingCharacters(in: hrefRange, with: target) + ">" + html[text] + "</a>"
            } else {
                output += html[text]
            }
        }
        return output + html[last...]
    }
}

extension TemplateContext {
    /// `print.mustache`: the book `assure pdf` prints.
    struct Print: Encodable {
        var title: String
        var organization: String
        var subject: String
        var date: String
        var commit: String?
        var audience: String
        var contents: [PrintEntry]
        var onRequest: [PrintEntry]
        var hasOnRequest: Bool
        var documents: [PrintDocument]
        var runningHeader: String
    }

    struct PrintEntry: Encodable {
        var anchor: String
        var id: String
        var title: String
        var kind: String
        var page: String?
    }

    struct PrintField: Encodable {
        var label: String
        var value: String
    }

    struct PrintDocument: Encodable {
        var anchor: String
        var id: String
        var title: String
        var kind: String
        var fields: [PrintField]
        var body: String
    }
}
