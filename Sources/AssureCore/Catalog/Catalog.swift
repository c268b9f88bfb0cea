import Foundation

/// One criterion of a catalog: a SOC 2 criterion such as `CC6.1`, an ISO/IEC 27001 Annex A
/// control such as `A.5.15`, or one of a user's own.
public struct Criterion: Sendable, Hashable {
    public var id: String
    /// The catalog (framework) it belongs to: `soc2`, `iso27001`, `nist-csf`, `hipaa`, or a user's.
    public var catalog: String
    /// The top-level group: a SOC 2 category, an ISO theme, a CSF function, a HIPAA safeguard.
    public var group: String
    /// The series within the group (`CC6 Logical and physical access`, `GV.OC Organisational context`).
    public var series: String
    /// A short title in Assure's own words, or the catalog author's.
    public var title: String
    /// Official wording, only when the user supplies it in a catalog file.
    public var text: String?
    /// Further facts, such as HIPAA's `implementation: required` or `addressable`.
    public var attributes: [String: String]

    public init(
        id: String, catalog: String, group: String, series: String, title: String, text: String? = nil,
        attributes: [String: String] = [:]
    ) {
        self.id = id
        self.catalog = catalog
        self.group = group
        self.series = series
        self.title = title
        self.text = text
        self.attributes = attributes
    }

    /// The ID qualified by its catalog (`iso27001:A.5.15`): unique across every catalog.
    public var key: String { Self.key(catalog: catalog, id: id) }

    public static func key(catalog: String, id: String) -> String { "\(catalog):\(id)" }

    /// Whether the criterion may be excluded from scope: `required` ones may not, and
    /// `addressable` ones need the alternative measure written down.
    public var implementation: Implementation? { attributes["implementation"].flatMap(Implementation.init) }

    /// The kind of organisation a required paragraph binds, when it binds only some
    /// (HIPAA's rules for clearinghouses and group health plans); one that is not may exclude it.
    public var appliesTo: String? { attributes["applies_to"] }

    public enum Implementation: String, Sendable, Hashable {
        case required, addressable
    }
}

/// A top-level group of a catalog.
public struct CatalogGroup: Sendable, Hashable {
    public var id: String
    public var name: String
}

/// A named set of criteria in groups: a framework a programme may answer to. Built-in catalogs
/// ship inside the binary (`catalogs/*.yml` of the package); others come from
/// `content/catalogs/*.yml`, in the same format.
public struct Catalog: Sendable, Hashable {
    /// How a programme picks what is in scope within the framework.
    public struct Scope: Sendable, Hashable {
        /// The settings key that selects groups (`principles`, `functions`); nil when every
        /// group is always in scope.
        public var selects: String?
        /// What a group is called in messages ("Trust Services category").
        public var noun: String
        /// Groups always in scope when groups are selected (SOC 2's `security`).
        public var always: [String]

        public static let allGroups = Scope(selects: nil, noun: "group", always: [])
    }

    /// The framework key: `soc2`, `iso27001`, `nist-csf`, `hipaa`, or a user catalog's `id`.
    public var id: String
    /// Other IDs the catalog answers to (`tsc-2017` for `soc2`).
    public var aliases: [String] = []
    public var name: String
    /// The short name used in tables and badges ("SOC 2", "ISO 27001").
    public var shortName: String
    public var version: String?
    public var groups: [CatalogGroup]
    public var criteria: [Criterion]
    public var scope: Scope = .allGroups
    /// Whether the auditor site carries a Statement of Applicability for it (ISO/IEC 27001).
    public var statementOfApplicability = false
    /// Built into Assure, rather than a project's own.
    public var isBuiltIn = false

    public func group(_ id: String) -> CatalogGroup? { groups.first { $0.id == id } }

    public func criteria(in group: String) -> [Criterion] { criteria.filter { $0.group == group } }

    /// Whether `name` is this catalog's ID or one of its aliases.
    public func answers(to name: String) -> Bool { name == id || aliases.contains(name) }
}

/// Every criterion a project can reference, with lookups by bare or qualified ID.
public struct CriteriaCatalog: Sendable, Hashable {
    public private(set) var catalogs: [Catalog]
    private var byKey: [String: Criterion]
    /// By bare ID: every criterion of that ID, in catalog order.
    private var byID: [String: [Criterion]]
    /// By lowercased bare ID: a document ID may not be a criterion's in any case (`cc6.1`).
    private var caseFolded: [String: Criterion]

    /// The catalogs built into Assure: SOC 2, ISO/IEC 27001:2022, NIST CSF 2.0 and HIPAA.
    public static var builtIn: CriteriaCatalog { CriteriaCatalog(catalogs: CatalogParser.builtIn) }

    public init(catalogs: [Catalog]) {
        self.catalogs = catalogs
        var byKey: [String: Criterion] = [:]
        var byID: [String: [Criterion]] = [:]
        for catalog in catalogs {
            for criterion in catalog.criteria where byKey[criterion.key] == nil {
                byKey[criterion.key] = criterion
                byID[criterion.id, default: []].append(criterion)
            }
        }
        self.byKey = byKey
        self.byID = byID
        self.caseFolded = Dictionary(byKey.values.map { ($0.id.lowercased(), $0) }) { first, second in
            first.key < second.key ? first : second
        }
    }

    /// The criterion with a qualified key (`soc2:CC6.1`).
    public subscript(key: String) -> Criterion? { byKey[key] }

    /// The catalog with this ID or alias.
    public func catalog(_ name: String) -> Catalog? { catalogs.first { $0.answers(to: name) } }

    /// What an ID written by a user means.
    public enum Lookup: Sendable, Hashable {
        case found(Criterion)
        /// A bare ID that several catalogs define.
        case ambiguous([Criterion])
        case unknown
    }

    /// Looks up `written`: a bare ID (`CC6.1`), or one qualified by a catalog ID or alias
    /// (`iso27001:A.5.15`). With `within`, only that catalog is searched.
    public func lookup(_ written: String, within catalogID: String? = nil) -> Lookup {
        if let colon = written.firstIndex(of: ":"), let catalog = catalog(String(written[..<colon])) {
            if let catalogID, !catalog.answers(to: catalogID) { return .unknown }
            let id = String(written[written.index(after: colon)...])
            return byKey[Criterion.key(catalog: catalog.id, id: id)].map(Lookup.found) ?? .unknown
        }
        if let catalogID {
            guard let catalog = catalog(catalogID) else { return .unknown }
            return byKey[Criterion.key(catalog: catalog.id, id: written)].map(Lookup.found) ?? .unknown
        }
        let matches = byID[written] ?? []
        switch matches.count {
        case 0: return .unknown
        case 1: return .found(matches[0])
        default: return .ambiguous(matches)
        }
    }

    /// The criterion `written` names, or nil when it names none or several.
    public func criterion(written: String) -> Criterion? {
        if case .found(let criterion) = lookup(written) { return criterion }
        return nil
    }

    /// The criterion whose bare ID matches `id` in any case.
    public func criterion(ignoringCase id: String) -> Criterion? { caseFolded[id.lowercased()] }

    /// How to write a criterion so that it names only itself: its bare ID when no other
    /// catalog uses that ID, qualified otherwise.
    public func reference(to criterion: Criterion) -> String {
        (byID[criterion.id]?.count ?? 0) > 1 ? criterion.key : criterion.id
    }

    /// The nearest known spelling to a misspelt ID, from the right catalog: the one a qualified
    /// spelling names, or `within`, or else every catalog.
    public func suggestion(for written: String, within catalogID: String? = nil) -> String? {
        if let colon = written.firstIndex(of: ":"), let catalog = catalog(String(written[..<colon])) {
            let id = String(written[written.index(after: colon)...])
            return nearest(to: id, in: catalog.criteria.map(\.id)).map { "\(catalog.id):\($0)" }
        }
        let candidates = catalogs.filter { catalogID == nil || $0.answers(to: catalogID!) }
            .flatMap { $0.criteria.map(reference(to:)) }
        return nearest(to: written, in: candidates)
    }
}
