/// A document body rendered to HTML once, with every cross-reference left as a placeholder
/// (see `BodyPlaceholder`) so that each audience and each page location can fill it in without
/// parsing again. What the parse phase knows, and nothing later: what each reference resolves
/// to is the `Portal`'s (`targets(of:)`), how it shows on one site the `PortalView`'s (`links(of:)`).
public struct MarkdownBody: Sendable, Hashable {
    /// HTML with placeholders for the references.
    public var html: String
    /// The body's cross-references, indexed by the numbers in the placeholders.
    public var references: [BodyReference]
    public var headings: [Heading]
    /// The markdown as written, for line-level comparisons between revisions.
    public var source: String = ""
    /// The file line `source` starts on.
    public var sourceFirstLine: Int = 1
    /// The file the body comes from.
    public var path: String = ""

    /// Names this body among all of a project's: its file and first line (a data file holds
    /// several FAQ answers, each on its own lines).
    public var key: BodyKey { BodyKey(path: path, line: sourceFirstLine) }

    public init(html: String = "", references: [BodyReference] = [], headings: [Heading] = []) {
        self.html = html
        self.references = references
        self.headings = headings
    }
}

/// Where a body starts: the key of the per-body tables of later phases.
public struct BodyKey: Sendable, Hashable {
    public var path: String
    public var line: Int
}

/// A link from a body to another document, criterion or file, as the author wrote it.
public struct BodyReference: Sendable, Hashable {
    public enum Target: Sendable, Hashable {
        /// `[[POL-AC]]` or `[[CC6.1]]`.
        case id(String)
        /// `[text](../policies/access.md#scope)`: a content-relative path and an optional anchor.
        case file(path: String, anchor: String?)
    }

    public var target: Target
    /// Exactly what the author wrote (`[[POL-AC]]`, or the link's destination).
    public var written: String
    /// The link's `title` attribute, for `.md` links that had one.
    public var linkTitle: String?
    public var location: SourceLocation
    /// An image (`![alt](diagram.png)`), which must point at a file, never a document.
    public var isImage: Bool = false
}

public struct Heading: Sendable, Hashable {
    public var level: Int
    public var text: String
    /// The `id` attribute the heading carries in the HTML, stable across builds.
    public var anchor: String
    /// The line of the body it starts on, 1-based.
    public var line: Int
}

/// What a body reference points at in the resolved model.
public enum ResolvedTarget: Sendable, Hashable {
    case node(NodeRef, anchor: String?)
    /// A file in content/ published beside the pages (an image, a PDF), by content path.
    case asset(String)
    /// Reported as an error; kept so indexes still line up.
    case unresolved
}

/// How a reference appears on one site, decided by the audience filter. It names what is
/// shown; where that is published is the renderer's to say (`SitePaths`).
public enum ViewLink: Sendable, Hashable {
    /// A link to the page of a document or criterion this site shows, showing `text`.
    case page(NodeRef, anchor: String?, text: String)
    /// A file this site publishes, by content path.
    case asset(contentPath: String)
    /// The target exists but only its title may be shown, unlinked, "available on request",
    /// with where to ask for it when the site says.
    case titleOnly(String, request: String?)
    /// The target is not on this site: the author's own text, unlinked.
    case hidden
}
