/// The frameworks a programme answers to and what of each is in scope, checked against the
/// catalogs: `assure.yml`'s `frameworks:` (or an older project's top-level `principles:` and
/// `exclusions:`, which mean SOC 2).
public struct ProgrammeScope: Sendable, Hashable {
    public struct Framework: Sendable, Hashable {
        /// The catalog's ID: the framework key.
        public var id: String
        /// The groups in scope, in catalog order.
        public var groups: [String]
        /// With a profile, only these criterion IDs are in scope.
        public var profile: Set<String>?
        /// Exclusions by criterion key.
        public var exclusions: [String: ProjectConfig.Exclusion]
        /// Where the framework was chosen, for messages about what it leaves uncovered.
        public var location: SourceLocation
        /// Where each selected group was chosen; a group always in scope points at `location`.
        public var groupLocations: [String: SourceLocation]

        public func includes(_ criterion: Criterion) -> Bool {
            criterion.catalog == id && groups.contains(criterion.group)
                && profile.map { $0.contains(criterion.id) } ?? true
        }

        /// Where a gap in this criterion is reported.
        public func location(of criterion: Criterion) -> SourceLocation { groupLocations[criterion.group] ?? location }
    }

    /// In catalog order.
    public var frameworks: [Framework]

    public init(frameworks: [Framework]) { self.frameworks = frameworks }

    public func framework(_ id: String) -> Framework? { frameworks.first { $0.id == id } }

    public func answers(to catalogID: String) -> Bool { framework(catalogID) != nil }

    public func includes(_ criterion: Criterion) -> Bool { framework(criterion.catalog)?.includes(criterion) ?? false }

    public func exclusion(for criterion: Criterion) -> ProjectConfig.Exclusion? {
        framework(criterion.catalog)?.exclusions[criterion.key]
    }
}
