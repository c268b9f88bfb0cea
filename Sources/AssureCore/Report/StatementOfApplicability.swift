/// ISO/IEC 27001's Statement of Applicability: every control of the catalog, whether it
/// applies, why, and the controls that implement it with their status. Built for any framework
/// in scope whose catalog asks for one (`statement_of_applicability: true`).
public struct StatementOfApplicability: Sendable {
    public struct Entry: Sendable, Hashable {
        public var criterion: Criterion
        public var groupName: String
        public var applicable: Bool
        public var justification: String
        public var status: CoverageStatus
        /// The controls meeting it, sorted by ID, with their status.
        public var controls: [CoverageMatrix.ControlRef]
    }

    public var catalog: Catalog
    public var entries: [Entry]

    /// Nil unless the programme answers to the framework and its catalog has a statement.
    public init?(catalog: Catalog, coverage: CoverageMatrix, scope: ProgrammeScope) {
        guard catalog.statementOfApplicability, scope.answers(to: catalog.id) else { return nil }
        self.catalog = catalog
        entries = catalog.criteria.compactMap { criterion in
            guard let row = coverage.row(criterion.key) else { return nil }
            let applicable = row.inScope && row.status != .excluded
            let counted = row.controls.filter(\.counts).map(\.id)
            let justification: String
            switch row.status {
            case _ where !row.inScope: justification = "Outside the scope chosen for this framework."
            case .excluded: justification = row.exclusionReason ?? ""
            case .covered: justification = "Applicable; implemented by " + counted.joined(separator: ", ") + "."
            case .gap: justification = "Applicable; controls are planned or partly in place, not yet implemented."
            case .uncovered: justification = "Applicable; no control implements it yet."
            }
            return Entry(
                criterion: criterion, groupName: catalog.group(criterion.group)?.name ?? criterion.group,
                applicable: applicable, justification: justification, status: row.status, controls: row.controls)
        }
    }

    /// One row per control of the catalog, in catalog order (RFC 4180 quoting, LF line ends).
    public func csv() -> String {
        var lines = ["control,title,theme,applicable,justification,implementing_controls,status"]
        for entry in entries {
            lines.append(
                [
                    entry.criterion.id, entry.criterion.title, entry.groupName, entry.applicable ? "yes" : "no",
                    entry.justification,
                    entry.controls.map { "\($0.id) (\($0.status.rawValue))" }.joined(separator: "; "),
                    entry.status.rawValue,
                ].map(CoverageReport.csvField).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
