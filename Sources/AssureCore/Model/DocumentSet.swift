/// One document of any kind. The model holds documents as these, in one `DocumentSet`, so a
/// phase walks one collection and switches on the kind only where the kinds really differ.
public enum Document: Sendable, Hashable {
    case policy(Policy)
    case control(ControlNarrative)
    case page(Page)

    /// The document as its own type.
    public var content: any PortalDocument {
        switch self {
        case .policy(let policy): policy
        case .control(let control): control
        case .page(let page): page
        }
    }

    public var header: DocumentHeader { content.header }
    public var kind: DocumentKind { header.kind }
    public var node: NodeRef { .document(header.kind, header.id) }
    public var fieldValues: [String: String] { content.fieldValues }

    public var body: MarkdownBody {
        get { content.body }
        set {
            switch self {
            case .policy(var policy):
                policy.body = newValue
                self = .policy(policy)
            case .control(var control):
                control.body = newValue
                self = .control(control)
            case .page(var page):
                page.body = newValue
                self = .page(page)
            }
        }
    }

    /// Whether `other` has this document's fields: everything but the body the same.
    func hasFields(of other: Document) -> Bool {
        var fields = other
        fields.body = body
        return fields == self
    }

    /// The order of a `DocumentSet`: by kind, then each kind's own order, ending on the path.
    static func precedes(_ left: Document, _ right: Document) -> Bool {
        let (a, b) = (left.header, right.header)
        guard a.kind == b.kind else { return a.kind.position < b.kind.position }
        if case .page(let first) = left, case .page(let second) = right {
            return (first.order ?? Int.max, a.title, a.id, a.path) < (second.order ?? Int.max, b.title, b.id, b.path)
        }
        return (a.id, a.path) < (b.id, b.path)
    }
}

extension Policy {
    public static let kind = DocumentKind.policy
    public init?(_ document: Document) {
        guard case .policy(let policy) = document else { return nil }
        self = policy
    }
    public var document: Document { .policy(self) }
}

extension ControlNarrative {
    public static let kind = DocumentKind.control
    public init?(_ document: Document) {
        guard case .control(let control) = document else { return nil }
        self = control
    }
    public var document: Document { .control(self) }
}

extension Page {
    public static let kind = DocumentKind.page
    public init?(_ document: Document) {
        guard case .page(let page) = document else { return nil }
        self = page
    }
    public var document: Document { .page(self) }
}

/// Every document of a portal or view in one collection, in a total order: by kind (policies,
/// controls, pages), policies and controls by ID, pages by `order`, title and ID. Looked up by
/// node in constant time; a kind's documents are one contiguous slice.
public struct DocumentSet: Sendable, Hashable, RandomAccessCollection {
    public private(set) var all: [Document]
    /// Position of each document by node (the first, should two share one).
    private var positions: [NodeRef: Int] = [:]

    public init(_ documents: [Document] = []) {
        all = documents.sorted(by: Document.precedes)
        for (position, document) in all.enumerated() where positions[document.node] == nil {
            positions[document.node] = position
        }
    }

    public static func == (left: DocumentSet, right: DocumentSet) -> Bool { left.all == right.all }
    public func hash(into hasher: inout Hasher) { hasher.combine(all) }

    public var startIndex: Int { all.startIndex }
    public var endIndex: Int { all.endIndex }
    public subscript(position: Int) -> Document { all[position] }

    /// The document a node names, if the set holds it.
    public subscript(node: NodeRef) -> Document? { positions[node].map { all[$0] } }

    public func contains(_ node: NodeRef) -> Bool { positions[node] != nil }

    /// The position of the document a node names.
    public func index(of node: NodeRef) -> Int? { positions[node] }

    /// The documents of one kind, in order.
    public func of(_ kind: DocumentKind) -> [Document] {
        guard let start = all.firstIndex(where: { $0.kind == kind }) else { return [] }
        let end = all[start...].firstIndex { $0.kind != kind } ?? all.endIndex
        return Array(all[start..<end])
    }

    public var policies: [Policy] { all.compactMap(Policy.init) }
    public var controls: [ControlNarrative] { all.compactMap(ControlNarrative.init) }
    public var pages: [Page] { all.compactMap(Page.init) }

    public func policy(_ id: String) -> Policy? { self[.document(.policy, id)].flatMap(Policy.init) }
    public func control(_ id: String) -> ControlNarrative? {
        self[.document(.control, id)].flatMap(ControlNarrative.init)
    }
    public func page(_ id: String) -> Page? { self[.document(.page, id)].flatMap(Page.init) }

    public var headers: [DocumentHeader] { all.map(\.header) }

    /// The documents `isIncluded` accepts, in the same order.
    public func filter(_ isIncluded: (Document) throws -> Bool) rethrows -> DocumentSet {
        var set = DocumentSet()
        set.all = try all.filter(isIncluded)
        for (position, document) in set.all.enumerated() where set.positions[document.node] == nil {
            set.positions[document.node] = position
        }
        return set
    }

    /// The set with each document changed by `transform`, which keeps its node and order.
    func map(_ transform: (Document) -> Document) -> DocumentSet {
        var set = self
        set.all = all.map(transform)
        return set
    }

    /// Puts an edited body in place (`BodyEdit`); a node the set does not hold is left alone.
    mutating func replaceBody(of node: NodeRef, with body: MarkdownBody) {
        guard let position = positions[node] else { return }
        all[position].body = body
    }
}
