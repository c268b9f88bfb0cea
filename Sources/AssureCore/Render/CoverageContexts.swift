import Foundation

/// The contexts of coverage as pages show it: rows of criteria with their controls, and the
/// figures of a summary.
extension PageContexts {
    // MARK: - Coverage

    func coverageRows(_ criteria: [Criterion]) -> [T.CoverageRow] {
        criteria.compactMap { criterion in
            guard let row = view.coverage.row(criterion.key) else { return nil }
            let controls = row.controls.enumerated().map { index, control in
                // On the auditor site, an implemented control with stretches of the period
                // that have no record says so beside its ID.
                let missingEvidence =
                    view.audience == .auditor && control.status == .implemented
                    && view.schedules[control.id].map { !$0.gaps(asOf: nil).isEmpty } == true
                return T.CoverageControl(
                    id: control.id, title: view.control(control.id)?.header.title ?? control.id,
                    href: SitePaths.page(for: .document(.control, control.id)),
                    open: control.status != .implemented || missingEvidence,
                    state: missingEvidence ? "evidence missing" : control.status.displayName.lowercased(),
                    last: index == row.controls.count - 1)
            }
            let onRequest = (view.titleOnlyControls[criterion.key] ?? []).map(stubItem)
            return T.CoverageRow(
                id: criterion.id, title: criterion.title, href: SitePaths.page(for: .criterion(criterion.key)),
                status: row.inScope ? row.status.displayName : "Not in scope",
                statusID: row.inScope ? row.status.rawValue : "out-of-scope", controls: controls,
                onRequest: onRequest, exclusion: row.exclusionReason,
                hiddenControls: controls.isEmpty && onRequest.isEmpty && (row.status == .covered || row.status == .gap))
        }
    }

    /// Figures of a summary, with zero counts absent so a template can leave them out.
    func figures(_ summary: CoverageMatrix.Summary) -> T.Figures {
        T.Figures(
            total: summary.total, addressed: summary.addressed, covered: summary.covered,
            excluded: summary.excluded > 0 ? summary.excluded : nil, open: summary.open > 0 ? summary.open : nil,
            bar: Array(repeating: T.Figures.Cell(state: "covered"), count: summary.covered)
                + Array(repeating: T.Figures.Cell(state: "excluded"), count: summary.excluded)
                + Array(repeating: T.Figures.Cell(state: "open"), count: summary.open))
    }

    /// A framework in scope, for cards and lists.
    func frameworkSummary(_ coverage: FrameworkCoverage) -> T.FrameworkSummary {
        Merged(
            figures(coverage.summary),
            T.FrameworkInfo(
                name: coverage.catalog.shortName, fullName: coverage.catalog.name,
                frameworkID: Slug.fileName(coverage.catalog.id), href: SitePaths.framework(coverage.catalog.id),
                groups: coverage.selectedGroups.isEmpty ? nil : coverage.selectedGroups,
                selfAssessed: view.config.report?.status != .issued))
    }
}
