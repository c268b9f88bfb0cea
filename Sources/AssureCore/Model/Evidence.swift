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

/// What a control's frequency asks for over a report period, and how its records meet it.
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
        public var slot: EvidenceSlot
        public var status: SlotStatus
        public var records: [EvidenceRecord]
    }

    public var entries: [Entry]

    public var gaps: [Entry] { entries.filter { $0.status == .missing } }

    /// The slots a frequency asks for between `start` and `end` (Type I: the one day `end`).
    public static func slots(
        for frequency: ControlFrequency, start: CalendarDate, end: CalendarDate, typeI: Bool
    ) -> [EvidenceSlot] {
        if typeI { return [EvidenceSlot(label: "as of \(end.longForm)", from: end, to: end)] }
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

    /// The schedule of `records` against `slots` as of a day: a slot not over by `asOf` is
    /// not yet a gap.
    public init(slots: [EvidenceSlot], records: [EvidenceRecord], asOf: CalendarDate) {
        entries = slots.map { slot in
            let meeting = records.filter { $0.overlaps(slot) }
            let status: SlotStatus = !meeting.isEmpty ? .collected : slot.to < asOf ? .missing : .due
            return Entry(slot: slot, status: status, records: meeting)
        }
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
