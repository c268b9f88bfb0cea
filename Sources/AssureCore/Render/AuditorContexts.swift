import Foundation

/// The contexts of the auditor site's own pages: evidence of operation and the document
/// register. Like every context, they read the `PortalView` alone.
extension PageContexts {
    // MARK: - Evidence (auditor site)

    /// The report period the evidence is judged over: Type I, its one date.
    var evidencePeriod: ReportPeriod? { ReportPeriod(view.config.report) }

    /// A control's occurrences over the whole period (`Portal.schedules`). Pages never depend
    /// on the day they are built, so a stretch with no record reads "no record", never "not
    /// yet due": they judge the schedule as of no day.
    func evidenceSchedule(_ control: ControlNarrative) -> EvidenceSchedule? { view.schedules[control.header.id] }

    func recordContext(_ record: EvidenceRecord, control: String) -> T.Record {
        T.Record(
            performed: record.performed.description, from: record.from.description, to: record.to.description,
            performer: record.performer, reviewer: record.reviewer ?? "", result: record.result.rawValue,
            isException: record.result == .exception, exception: record.exception ?? "",
            remediation: record.remediation ?? "", control: control, controlHref: SitePaths.evidence(for: control),
            artifacts: record.artifacts.map { artifact in
                T.Record.Artifact(
                    name: String(artifact.value.split(separator: "/").last ?? ""), href: SitePaths.asset(artifact.value)
                )
            })
    }

    /// On the auditor site, a control's page links to its evidence.
    func evidenceMeta(_ control: ControlNarrative) -> T.Meta? {
        guard view.audience == .auditor, let schedule = evidenceSchedule(control) else { return nil }
        let link = T.Link(
            text: evidenceSummary(schedule), href: SitePaths.evidence(for: control.header.id), last: true)
        return T.Meta(label: "Evidence", links: [link], wide: false)
    }

    /// "6 of 6 collected" for a control with a schedule.
    func evidenceSummary(_ schedule: EvidenceSchedule) -> String { schedule.summary(asOf: nil) }

    func evidenceIndex() -> T.Page<T.EvidenceIndex> {
        let rows = view.documents.controls.compactMap { control -> T.EvidenceIndex.Row? in
            guard let schedule = evidenceSchedule(control) else { return nil }
            let records = schedule.entries.flatMap(\.records)
            let gaps = schedule.gaps(asOf: nil).count
            return T.EvidenceIndex.Row(
                id: control.header.id, title: control.header.title,
                href: SitePaths.evidence(for: control.header.id), frequency: control.frequencyText ?? "",
                summary: evidenceSummary(schedule), gaps: gaps, hasGaps: gaps > 0,
                records: Set(records).count, exceptions: Set(records.filter { $0.result == .exception }).count)
        }
        let period = evidencePeriod.map {
            $0.typeI ? "as of \($0.end.longForm)" : "\($0.start.longForm) – \($0.end.longForm)"
        }
        return page(
            SitePaths.evidence, section: "evidence", title: "Evidence of operation",
            T.EvidenceIndex(
                period: period ?? "", rows: rows, count: rows.count, gapCount: rows.filter(\.hasGaps).count,
                exceptionsHref: SitePaths.exceptions))
    }

    func controlEvidence(_ control: ControlNarrative) -> T.Page<T.ControlEvidence> {
        let id = control.header.id
        let schedule = evidenceSchedule(control)
        let entries = (schedule?.entries ?? []).map { entry in
            T.ControlEvidence.Occurrence(
                label: entry.label, from: entry.slot.from.description, to: entry.slot.to.description,
                collected: entry.status(asOf: nil) == .collected,
                records: entry.records.map { recordContext($0, control: id) })
        }
        let population = (view.evidence[id]?.records ?? []).map { recordContext($0, control: id) }
        return page(
            SitePaths.evidence(for: id), section: "evidence", title: "Evidence: \(id) \(control.header.title)",
            T.ControlEvidence(
                id: id, title: control.header.title, href: SitePaths.page(for: .document(.control, id)),
                frequency: control.frequencyText ?? "", summary: schedule.map(evidenceSummary) ?? "",
                entries: entries, population: population, count: population.count,
                csv: SitePaths.population(for: id), source: view.evidence[id]?.path ?? ""))
    }

    func exceptions() -> T.Page<T.Exceptions> {
        let rows = view.documents.controls.flatMap { control in
            (view.evidence[control.header.id]?.records ?? []).filter { $0.result == .exception }.map {
                Merged(recordContext($0, control: control.header.id), T.Titled(title: control.header.title))
            }
        }
        return page(
            SitePaths.exceptions, section: "evidence", title: "Exceptions",
            T.Exceptions(rows: rows, count: rows.count, hasRows: !rows.isEmpty))
    }

    // MARK: - Register

    /// The auditor's document register: the revision details of every document shown.
    func register() -> T.Page<T.Register> {
        var rows: [(kind: Int, id: String, row: T.Register.Row)] = []
        func row(
            _ header: DocumentHeader, owner: String? = nil, version: String? = nil, effective: CalendarDate? = nil,
            lastReviewed: CalendarDate? = nil, nextReview: CalendarDate? = nil, approvedBy: String? = nil,
            status: String? = nil, evidence: EvidenceSchedule? = nil
        ) {
            let latest = view.history?[header.path]?.first
            rows.append(
                (
                    header.kind.position, header.id,
                    T.Register.Row(
                        id: header.id, title: header.title, kind: header.kind.displayName,
                        href: SitePaths.page(for: .document(header.kind, header.id)), owner: owner ?? "",
                        version: version ?? "", effective: effective?.description ?? "",
                        lastReviewed: lastReviewed?.description ?? "", nextReview: nextReview?.description ?? "",
                        approvedBy: approvedBy ?? "", status: status ?? "", audience: header.audience.rawValue,
                        path: header.path, lastChanged: latest?.date.description ?? "",
                        lastCommit: latest?.shortCommit ?? "", evidence: evidence.map(evidenceSummary),
                        evidenceHref: evidence.map { _ in SitePaths.evidence(for: header.id) })
                ))
        }
        for policy in view.documents.policies {
            row(
                policy.header, owner: policy.owner, version: policy.version, effective: policy.effective,
                lastReviewed: policy.lastReviewed, nextReview: policy.nextReview, approvedBy: policy.approvedBy)
        }
        for control in view.documents.controls {
            row(
                control.header, owner: control.owner, status: control.status.rawValue,
                evidence: evidenceSchedule(control))
        }
        for page in view.documents.pages { row(page.header) }
        let documents = rows.sorted { ($0.kind, $0.id) < ($1.kind, $1.id) }.map(\.row)
        return page(
            SitePaths.register, section: "register", title: "Document register",
            T.Register(documents: documents, count: documents.count))
    }
}
