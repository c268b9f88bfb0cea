/// One document of any kind. The model holds documents as these, in one `DocumentSet`, so a
/// phase walks one collection and switches on the kind only where the kinds really differ.
public enum Document: Sendable, Hashable {
    case policy(Policy)
    case control(ControlNarrative)
    case page(Page)
    case answer(Answer)

    /// The document as its own type.
    public var content: any PortalDocument {
        switch self {
        case .policy(let policy): policy
        case .control(let control): control
        case .page(let page): page
        case .answer(let answer): answer
        }
    }

    /// What a list shows of a document: its ID, title and summary, and a control's status.
    struct Listing {
        var id: String
        var title: String
        var summary: String?
        var status: ControlStatus?
    }

    var listing: Listing {
        switch self {
        case .policy(let policy):
            Listing(id: policy.header.id, title: policy.header.title, summary: policy.header.summary)
        case .control(let control):
            Listing(
                id: control.header.id, title: control.header.title, summary: control.header.summary,
                status: control.status)
        case .page(let page): Listing(id: page.header.id, title: page.header.title, summary: page.header.summary)
        case .answer(let answer):
            Listing(id: answer.header.id, title: answer.header.title, summary: answer.header.summary)
        }
    }

    // `header` and `body` switch rather than go through `content`: sorting and looking up
    // thousands of documents would box each one in an existential first.
    public var header: DocumentHeader {
        get {
            switch self {
            case .policy(let policy): policy.header
            case .control(let control): control.header
            case .page(let page): page.header
            case .answer(let answer): answer.header
            }
        }
        set {
            switch self {
            case .policy(var policy):
                policy.header = newValue
                self = .policy(policy)
            case .control(var control):
                control.header = newValue
                self = .control(control)
            case .page(var page):
                page.header = newValue
                self = .page(page)
            case .answer(var answer):
                answer.header = newValue
                self = .answer(answer)
            }
        }
    }

    public var kind: DocumentKind { header.kind }
    public var node: NodeRef { .document(header.kind, header.id) }
    public var fieldValues: [String: String] { content.fieldValues }

    public var body: MarkdownBody {
        get {
            switch self {
            case .policy(let policy): policy.body
            case .control(let control): control.body
            case .page(let page): page.body
            case .answer(let answer): answer.body
            }
        }
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
            case .answer(var answer):
                answer.body = newValue
                self = .answer(answer)
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
    /// Where a document goes in a set: by kind, pages by their `order` and title, the rest by
    /// ID; the path last, so that no two documents tie.
    struct OrderKey: Comparable {
        var kind: Int
        var order = 0
        var title = ""
        var id: String
        var path: String

        init(_ document: Document) {
            let header = document.header
            kind = header.kind.position
            id = header.id
            path = header.path
            if case .page(let page) = document {
                order = page.order ?? Int.max
                title = header.title
            }
        }

        static func < (left: OrderKey, right: OrderKey) -> Bool {
            (left.kind, left.order, left.title, left.id, left.path)
                < (right.kind, right.order, right.title, right.id, right.path)
        }
    }
}

extension Policy {
    /// The document as this type, or nil when it is of another kind.
    public init?(_ document: Document) {
        guard case .policy(let policy) = document else { return nil }
        self = policy
    }
}

extension ControlNarrative {
    /// The document as this type, or nil when it is of another kind.
    public init?(_ document: Document) {
        guard case .control(let control) = document else { return nil }
        self = control
    }
}

extension Page {
    /// The document as this type, or nil when it is of another kind.
    public init?(_ document: Document) {
        guard case .page(let page) = document else { return nil }
        self = page
    }
}

/// Every document of a portal or view in one collection, in a total order: by kind (policies,
/// controls, pages, answers), policies, controls and answers by ID, pages by `order`, title and ID. Looked up by
/// node in constant time.
public struct DocumentSet: Sendable, Hashable, RandomAccessCollection {
    public private(set) var all: [Document]
    /// Position of each document by node (the first, should two share one).
    private var positions: [NodeRef: Int] = [:]
    /// Where each kind's documents are in `all`, which holds them kind by kind: a page asks for
    /// the free pages of the menu, and must not walk 10,000 controls to find them.
    private var kindRanges: [DocumentKind: Range<Int>] = [:]

    public init(_ documents: [Document] = []) {
        // Each document's place is worked out once, not in every comparison of the sort.
        let keys = documents.map(Document.OrderKey.init)
        self.init(ordered: documents.indices.sorted { keys[$0] < keys[$1] }.map { documents[$0] })
    }

    /// Documents already in the set's order.
    private init(ordered: [Document]) {
        all = ordered
        for (position, document) in all.enumerated() {
            if positions[document.node] == nil { positions[document.node] = position }
            let kind = document.header.kind
            kindRanges[kind] = (kindRanges[kind]?.lowerBound ?? position)..<(position + 1)
        }
    }

    /// The documents of one kind, in the set's order.
    public func documents(of kind: DocumentKind) -> ArraySlice<Document> {
        kindRanges[kind].map { all[$0] } ?? []
    }

    public static func == (left: DocumentSet, right: DocumentSet) -> Bool { left.all == right.all }
    public func hash(into hasher: inout Hasher) { hasher.combine(all) }

    public var startIndex: Int { all.startIndex }
    public var endIndex: Int { all.endIndex }
    public subscript(position: Int) -> Document { all[position] }

    /// The document a node names, if the set holds it.
    public subscript(node: NodeRef) -> Document? { positions[node].map { all[$0] } }

    /// What a list shows of the document a node names, read where it is: lists name thousands
    /// of documents, and copying each whole (its body, its fields) to read a title adds up.
    func listing(of node: NodeRef) -> Document.Listing? {
        guard let position = positions[node] else { return nil }
        return all[position].listing
    }

    public func contains(_ node: NodeRef) -> Bool { positions[node] != nil }

    /// The position of the document a node names.
    public func index(of node: NodeRef) -> Int? { positions[node] }

    public var policies: [Policy] { documents(of: .policy).compactMap(Policy.init) }
    public var controls: [ControlNarrative] { documents(of: .control).compactMap(ControlNarrative.init) }
    public var pages: [Page] { documents(of: .page).compactMap(Page.init) }
    public var answers: [Answer] { documents(of: .answer).compactMap(Answer.init) }

    public func policy(_ id: String) -> Policy? { self[.document(.policy, id)].flatMap(Policy.init) }
    public func control(_ id: String) -> ControlNarrative? {
        self[.document(.control, id)].flatMap(ControlNarrative.init)
    }
    public func page(_ id: String) -> Page? { self[.document(.page, id)].flatMap(Page.init) }
    public func answer(_ id: String) -> Answer? { self[.document(.answer, id)].flatMap(Answer.init) }

    public var headers: [DocumentHeader] { all.map(\.header) }

    /// The documents `isIncluded` accepts, in the same order.
    public func filter(_ isIncluded: (Document) throws -> Bool) rethrows -> DocumentSet {
        DocumentSet(ordered: try all.filter(isIncluded))
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
