/// A document body rendered to HTML once, with every cross-reference left as a placeholder
/// so that each audience and each page location can fill it in without parsing again.
public struct MarkdownBody: Sendable, Hashable {
    /// HTML with placeholders `\u{FDD0}N\u{FDD1}` (a whole `[[ID]]` reference),
    /// `\u{FDD0}No\u{FDD1}` and `\u{FDD0}Nc\u{FDD1}` (the start and end of a link to a `.md` file).
    public var html: String
    /// The body's cross-references, indexed by the numbers in the placeholders.
    public var references: [BodyReference]
    public var headings: [Heading]
    /// The markdown as written, for line-level comparisons between revisions.
    public var source: String = ""
    /// The file line `source` starts on.
    public var sourceFirstLine: Int = 1
    /// What each reference points at, set when the model is resolved.
    public var resolved: [ResolvedTarget] = []
    /// How each reference shows on one site, set by the audience filter (which clears `resolved`).
    public var links: [ViewLink] = []

    public init(html: String = "", references: [BodyReference] = [], headings: [Heading] = []) {
        self.html = html
        self.references = references
        self.headings = headings
    }
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
}

/// What a body reference points at in the resolved model.
public enum ResolvedTarget: Sendable, Hashable {
    case node(NodeRef, anchor: String?)
    /// A file in content/ published beside the pages (an image, a PDF), by content path.
    case asset(String)
    /// Reported as an error; kept so indexes still line up.
    case unresolved
}

/// How a reference appears on one site, decided by the audience filter.
public enum ViewLink: Sendable, Hashable {
    /// A link to a page of this site (a site-root-relative path) showing `text`.
    case page(path: String, anchor: String?, text: String)
    /// A published file, by site-root-relative path.
    case asset(path: String)
    /// The target exists but only its title may be shown, unlinked, "available on request".
    case titleOnly(String)
    /// The target is not on this site: the author's own text, unlinked.
    case hidden
}
