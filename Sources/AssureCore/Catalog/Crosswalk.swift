/// Pairs of criteria in two catalogs that ask for much the same thing, from
/// `content/catalogs/mappings/*.yml`. A crosswalk only suggests which controls might meet a
/// criterion; it never counts as coverage. Only a control's own `criteria:` does.
public struct Crosswalk: Sendable, Hashable {
    /// Mapped criterion keys, each way.
    private var pairs: [String: Set<String>] = [:]

    public init() {}

    mutating func add(_ first: Criterion, _ second: Criterion) {
        pairs[first.key, default: []].insert(second.key)
        pairs[second.key, default: []].insert(first.key)
    }

    /// The keys of the criteria mapped to the one with `key`, sorted.
    public func mapped(to key: String) -> [String] { (pairs[key] ?? []).sorted() }

    public var isEmpty: Bool { pairs.isEmpty }
}
