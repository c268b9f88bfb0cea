/// One occurrence of a control, as collected for a Type II audit: when it was performed,
/// which stretch of time it covers, who did and reviewed it, and how it went.
public struct EvidenceRecord: Sendable, Hashable {
    public enum Result: String, Sendable, Hashable, CaseIterable {
        case ok, exception
    }

    public var performed: CalendarDate
    public var from: CalendarDate
    public var to: CalendarDate
    public var performer: String
    public var reviewer: String?
    public var result: Result
    /// For an exception: what went wrong, and what was done about it.
    public var exception: String?
    public var remediation: String?
    /// Content paths of the files kept beside the record (`content/evidence/AC-04/q1.csv`).
    public var artifacts: [Located<String>]
    /// The control's activity the record is of (`activities:`); nil for its main one (`frequency:`).
    public var activity: String? = nil
    /// Where the record starts in its file.
    public var location: SourceLocation

    func overlaps(_ slot: EvidenceSlot) -> Bool { from <= slot.to && to >= slot.from }
}

/// `content/evidence/ID.yml`: the records of one control.
public struct EvidenceLog: Sendable, Hashable {
    public var controlID: String
    public var path: String
    /// Sorted by the date performed.
    public var records: [EvidenceRecord]
}

/// A stretch of the report period in which a control must have operated at least once: a
/// year, quarter, month or week, or the whole period for a control run per event.
public struct EvidenceSlot: Sendable, Hashable {
    public var label: String
    public var from: CalendarDate
    public var to: CalendarDate
}

/// The stretch of time evidence is judged over: a Type II report's period, or a Type I
/// report's one day.
public struct ReportPeriod: Sendable, Hashable {
    public var start: CalendarDate
    public var end: CalendarDate
    public var typeI: Bool

    /// Nil when the report has no end date (no period to judge over).
    public init?(_ report: ProjectConfig.Report?) {
        guard let report, let end = report.periodEnd else { return nil }
        typeI = report.type == .type1
        self.end = end
        start = typeI ? end : report.periodStart ?? end
    }

    func contains(_ record: EvidenceRecord) -> Bool { record.to >= start && record.from <= end }
}

/// What a control's frequency asks for over the report period, and the records that meet it.
/// Computed once, when the model is resolved (`Portal.schedules`); the validator, `assure
/// evidence due` and the auditor's pages read it, each as of its own day.
public struct EvidenceSchedule: Sendable, Hashable {
    public enum SlotStatus: String, Sendable, Hashable {
        /// At least one record covers it.
        case collected
        /// Over, with no record: a gap.
        case missing
        /// Not over yet (the period is running).
        case due
    }

    public struct Entry: Sendable, Hashable {
        /// The control's activity the slot is of; nil for its main one.
        public var activity: String? = nil
        public var frequency: ControlFrequency
        public var slot: EvidenceSlot
        /// The records that cover the slot, performed on any day.
        public var records: [EvidenceRecord]

        /// The records that cover the slot and were performed by `asOf` (every one when nil).
        public func records(asOf: CalendarDate?) -> [EvidenceRecord] {
            guard let asOf else { return records }
            return records.filter { $0.performed <= asOf }
        }

        /// "Q1 2026", or "Restore test: 2026" for an activity of its own.
        public var label: String { activity.map { "\($0): \(slot.label)" } ?? slot.label }

        /// The slot's state on a day: collected when a record performed by then covers it,
        /// else missing once the slot is over, else due. With no day (the pages, which never
        /// depend on the day they are built), a slot with no record is missing.
        public func status(asOf: CalendarDate?) -> SlotStatus {
            if !records(asOf: asOf).isEmpty { return .collected }
            guard let asOf else { return .missing }
            return slot.to < asOf ? .missing : .due
        }
    }

    public var period: ReportPeriod
    /// Every activity's slots: the main one's first, then each of `activities` in order.
    public var entries: [Entry]
    /// The control's records within the period, by the date performed.
    public var records: [EvidenceRecord]

    /// The schedule of an implemented control with a frequency or activities; nil for any other.
    init?(control: ControlNarrative, log: EvidenceLog?, period: ReportPeriod) {
        let operations = control.operations
        guard control.status == .implemented, !operations.isEmpty else { return nil }
        self.period = period
        records = (log?.records ?? []).filter(period.contains)
        let records = records
        entries = operations.flatMap { operation in
            let own = records.filter { Self.activity($0.activity, is: operation.activity) }
            return Self.slots(for: operation.frequency, in: period).map { slot in
                Entry(
                    activity: operation.activity, frequency: operation.frequency, slot: slot,
                    records: own.filter { $0.overlaps(slot) })
            }
        }
    }

    /// Whether a record's activity is `activity` (nil: the main one), in any case.
    static func activity(_ recorded: String?, is activity: String?) -> Bool {
        recorded?.lowercased() == activity?.lowercased()
    }

    /// The records of one activity (nil: the main one).
    public func records(of activity: String?) -> [EvidenceRecord] {
        records.filter { Self.activity($0.activity, is: activity) }
    }

    /// Every implemented control's schedule, by control ID; empty without a report period.
    static func all(controls: [ControlNarrative], evidence: [String: EvidenceLog], report: ProjectConfig.Report?)
        -> [String: EvidenceSchedule]
    {
        guard let period = ReportPeriod(report) else { return [:] }
        var schedules: [String: EvidenceSchedule] = [:]
        for control in controls {
            let id = control.header.id
            schedules[id] = EvidenceSchedule(control: control, log: evidence[id], period: period)
        }
        return schedules
    }

    /// The slots over, with no record performed by `asOf`.
    public func gaps(asOf: CalendarDate?) -> [Entry] { entries.filter { $0.status(asOf: asOf) == .missing } }

    /// "6 of 6 collected".
    public func summary(asOf: CalendarDate?) -> String {
        "\(entries.filter { $0.status(asOf: asOf) == .collected }.count) of \(entries.count) collected"
    }

    /// The slots a frequency asks for over a period (Type I: the one day it ends).
    public static func slots(for frequency: ControlFrequency, in period: ReportPeriod) -> [EvidenceSlot] {
        let (start, end) = (period.start, period.end)
        if period.typeI { return [EvidenceSlot(label: "as of \(end.longForm)", from: end, to: end)] }
        var slots: [EvidenceSlot] = []
        func clip(_ label: String, _ from: CalendarDate, _ to: CalendarDate) {
            slots.append(EvidenceSlot(label: label, from: max(from, start), to: min(to, end)))
        }
        switch frequency {
        case .perEvent:
            clip("the period", start, end)
        case .annually:
            for year in start.year...end.year {
                clip(
                    "\(year)", CalendarDate(year: year, month: 1, day: 1)!,
                    CalendarDate(year: year, month: 12, day: 31)!)
            }
        case .quarterly:
            var month = CalendarDate(year: start.year, month: (start.month - 1) / 3 * 3 + 1, day: 1)!
            while month <= end {
                let last = month.adding(months: 3).adding(days: -1)
                clip("Q\((month.month - 1) / 3 + 1) \(month.year)", month, last)
                month = month.adding(months: 3)
            }
        case .monthly, .daily, .continuous:
            // Daily and continuous controls: every month needs a system report or a sample.
            var month = CalendarDate(year: start.year, month: start.month, day: 1)!
            while month <= end {
                clip(month.monthForm, month, month.adding(months: 1).adding(days: -1))
                month = month.adding(months: 1)
            }
        case .weekly:
            // Weeks from Monday; 1970-01-01 was a Thursday.
            var monday = start.adding(days: -((start.daysSince1970 + 3) % 7))
            while monday <= end {
                clip("week of \(max(monday, start).longForm)", monday, monday.adding(days: 6))
                monday = monday.adding(days: 7)
            }
        }
        return slots
    }
}

extension ControlFrequency {
    /// About how long one occurrence lasts, for "overdue" while a period runs.
    var interval: ReviewInterval? {
        switch self {
        case .daily, .continuous: ReviewInterval("1 month")
        case .weekly: ReviewInterval("1 week")
        case .monthly: ReviewInterval("1 month")
        case .quarterly: ReviewInterval("3 months")
        case .annually: ReviewInterval("1 year")
        case .perEvent: nil
        }
    }
}

extension CalendarDate {
    /// "March 2026".
    var monthForm: String {
        let names = [
            "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
            "November", "December",
        ]
        return "\(names[month - 1]) \(year)"
    }
}
