/// One criterion of a catalog: a TSC 2017 criterion such as `CC6.1`, or one of a user's own.
public struct Criterion: Sendable, Hashable {
    public var id: String
    /// The catalog it belongs to (`tsc-2017`, `iso27001`, ...).
    public var catalog: String
    /// The principle or top-level group (`security`, or a catalog's own group name).
    public var group: String
    /// The series within the group (`CC6 Logical and physical access`).
    public var series: String
    /// A short title in Assure's own words, or the catalog author's.
    public var title: String
    /// Official wording, only when the user supplies it in a catalog file.
    public var text: String?

    public init(id: String, catalog: String, group: String, series: String, title: String, text: String? = nil) {
        self.id = id
        self.catalog = catalog
        self.group = group
        self.series = series
        self.title = title
        self.text = text
    }

    /// The TSC principle this criterion belongs to, if it is a TSC criterion.
    public var principle: PrincipleID? {
        catalog == CriteriaCatalog.tscID ? PrincipleID(rawValue: group) : nil
    }
}

/// A named set of criteria. TSC 2017 is built in; others come from `content/catalogs/*.yml`.
public struct Catalog: Sendable, Hashable {
    public var id: String
    public var name: String
    public var criteria: [Criterion]
}

/// Every criterion a project can reference, with lookups by ID.
public struct CriteriaCatalog: Sendable, Hashable {
    public static let tscID = "tsc-2017"

    public private(set) var catalogs: [Catalog]
    private var index: [String: Criterion]
    /// By lowercased ID: a document ID may not be a criterion's in any case (`cc6.1`).
    private var caseFolded: [String: Criterion]

    public init(catalogs: [Catalog]) {
        self.catalogs = catalogs
        var index: [String: Criterion] = [:]
        for catalog in catalogs {
            for criterion in catalog.criteria where index[criterion.id] == nil {
                index[criterion.id] = criterion
            }
        }
        self.index = index
        self.caseFolded = Dictionary(index.values.map { ($0.id.lowercased(), $0) }) { first, second in
            first.id < second.id ? first : second
        }
    }

    public subscript(id: String) -> Criterion? { index[id] }

    /// The criterion whose ID matches `id` in any case.
    public func criterion(ignoringCase id: String) -> Criterion? { caseFolded[id.lowercased()] }

    public var allIDs: [String] { index.keys.sorted() }

    public var tsc: Catalog { catalogs.first { $0.id == Self.tscID }! }

    /// The criteria of one principle, in catalog order.
    public func criteria(of principle: PrincipleID) -> [Criterion] {
        tsc.criteria.filter { $0.group == principle.rawValue }
    }
}
