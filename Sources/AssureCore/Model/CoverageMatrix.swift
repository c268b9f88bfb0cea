/// How well one criterion is met.
public enum CoverageStatus: String, Sendable, Hashable, Codable {
    /// At least one `implemented` control meets it.
    case covered
    /// Excluded in assure.yml with a written reason.
    case excluded
    /// Only `partial`, `planned` or `internal` controls address it: a gap, never coverage.
    case gap
    /// Nothing addresses it.
    case uncovered

    public var displayName: String {
        switch self {
        case .covered: "Covered"
        case .excluded: "Excluded"
        case .gap: "Gap"
        case .uncovered: "Not covered"
        }
    }
}

/// The criteria × controls relation, with an honest status for every criterion.
public struct CoverageMatrix: Sendable, Hashable {
    public struct Row: Sendable, Hashable {
        public var criterion: Criterion
        /// Whether the criterion is in scope: its framework is one the programme answers to, its
        /// group is selected, and a profile, if any, lists it.
        public var inScope: Bool
        public var status: CoverageStatus
        /// Controls meeting the criterion, sorted by ID.
        public var controls: [ControlRef]
        public var exclusionReason: String?
        /// For an excluded addressable specification: the measure taken instead.
        public var exclusionAlternative: String?
    }

    /// A control as the matrix sees it: its ID, status and audience.
    public struct ControlRef: Sendable, Hashable {
        public var id: String
        public var status: ControlStatus
        public var audience: Audience

        /// Implemented, and visible to the auditors who must test it.
        public var counts: Bool { status == .implemented && audience != .internal }
    }

    /// One row per criterion of every catalog, in catalog order.
    public private(set) var rows: [Row]
    /// Row positions by criterion key.
    private let index: [String: Int]

    public init(rows: [Row]) {
        self.rows = rows
        self.index = Self.index(rows)
    }

    private static func index(_ rows: [Row]) -> [String: Int] {
        Dictionary(rows.enumerated().map { ($1.criterion.key, $0) }) { first, _ in first }
    }

    /// The same matrix listing only the controls `keep` accepts (those a site shows); statuses
    /// are unchanged.
    public func keepingControls(where keep: (ControlRef) -> Bool) -> CoverageMatrix {
        var matrix = self
        for position in matrix.rows.indices { matrix.rows[position].controls.removeAll { !keep($0) } }
        return matrix
    }

    /// The row of the criterion with this key (`soc2:CC6.1`).
    public func row(_ key: String) -> Row? { index[key].map { rows[$0] } }

    public struct Summary: Sendable, Hashable {
        public var total: Int
        public var covered: Int
        public var excluded: Int
        public var gaps: Int
        public var uncovered: Int
        /// Covered or excluded: what an auditor counts as addressed.
        public var addressed: Int { covered + excluded }
        public var open: Int { gaps + uncovered }
    }

    /// The criteria in scope of one framework, or of one of its groups.
    public func summary(framework: String, group: String? = nil) -> Summary {
        let scoped = rows.filter {
            $0.inScope && $0.criterion.catalog == framework && (group == nil || $0.criterion.group == group)
        }
        return Summary(
            total: scoped.count,
            covered: scoped.filter { $0.status == .covered }.count,
            excluded: scoped.filter { $0.status == .excluded }.count,
            gaps: scoped.filter { $0.status == .gap }.count,
            uncovered: scoped.filter { $0.status == .uncovered }.count)
    }

    /// Builds the matrix. Only `implemented` controls count as coverage, and only those an
    /// auditor can see: an `internal` control proves nothing to the people who test coverage.
    /// `criteria`: the criterion keys each control meets, by control ID.
    public static func compute(
        catalog: CriteriaCatalog, controls: [ControlNarrative], criteria: [String: [String]], scope: ProgrammeScope
    ) -> CoverageMatrix {
        var byCriterion: [String: [ControlRef]] = [:]
        for control in controls {
            for key in Set(criteria[control.header.id] ?? []) {
                byCriterion[key, default: []].append(
                    ControlRef(id: control.header.id, status: control.status, audience: control.header.audience))
            }
        }
        var rows: [Row] = []
        for catalogEntry in catalog.catalogs {
            for criterion in catalogEntry.criteria {
                let meeting = (byCriterion[criterion.key] ?? []).sorted { $0.id < $1.id }
                let inScope = scope.includes(criterion)
                let exclusion = inScope ? scope.exclusion(for: criterion) : nil
                let status: CoverageStatus
                if meeting.contains(where: \.counts) {
                    status = .covered
                } else if let exclusion, !exclusion.reason.isEmpty {
                    status = .excluded
                } else if meeting.contains(where: { $0.status != .notApplicable }) {
                    status = .gap
                } else {
                    status = .uncovered
                }
                rows.append(
                    Row(
                        criterion: criterion, inScope: inScope, status: status,
                        controls: meeting, exclusionReason: exclusion?.reason,
                        exclusionAlternative: exclusion?.alternative))
            }
        }
        return CoverageMatrix(rows: rows)
    }
}
