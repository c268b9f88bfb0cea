import Foundation

/// What must be collected next, control by control: `assure evidence due`. For each
/// implemented control, every stretch of the report period already over with no record
/// (overdue), and the next one still to come.
public struct EvidenceDue: Sendable {
    public struct Item: Sendable, Hashable {
        public var control: String
        public var title: String
        public var owner: String
        public var occurrence: String
        public var from: CalendarDate
        public var to: CalendarDate
        /// The day by which the record is due: the end of the stretch it covers.
        public var due: CalendarDate { to }
        public var overdue: Bool
        public var file: String
    }

    public var asOf: CalendarDate
    /// Sorted by due date, then control.
    public var items: [Item]

    public init(portal: Portal, asOf: CalendarDate, owner: String? = nil) {
        self.asOf = asOf
        var items: [Item] = []
        for control in portal.documents.controls {
            guard let schedule = portal.schedules[control.header.id] else { continue }
            let controlOwner = control.owner ?? ""
            if let owner, controlOwner.lowercased() != owner.lowercased() { continue }
            let open = schedule.entries.filter { $0.status(asOf: asOf) != .collected }
            let overdue = open.filter { $0.status(asOf: asOf) == .missing }
            // The next occurrence of each activity: the yearly one is due beside the monthly ones.
            let next = control.operations.compactMap { operation in
                open.first { $0.status(asOf: asOf) == .due && $0.activity == operation.activity }
            }
            for entry in overdue + next {
                items.append(
                    Item(
                        control: control.header.id, title: control.header.title, owner: controlOwner,
                        occurrence: entry.label, from: entry.slot.from, to: entry.slot.to,
                        overdue: entry.status(asOf: asOf) == .missing,
                        file: portal.evidence[control.header.id]?.path
                            ?? "\(ProjectLayout.evidence)/\(control.header.id).yml"))
            }
        }
        self.items = items.sorted { ($0.due, $0.control, $0.from) < ($1.due, $1.control, $1.from) }
    }

    /// A list by owner, overdue items first within each.
    public func text() -> String {
        var lines = ["Evidence due as of \(asOf)"]
        if items.isEmpty {
            lines.append("  nothing: every occurrence so far has a record")
            return lines.joined(separator: "\n")
        }
        for owner in Set(items.map(\.owner)).sorted() {
            lines.append("")
            lines.append(owner.isEmpty ? "(no owner)" : owner)
            for item in items where item.owner == owner {
                lines.append(
                    "  \(item.due)  \(item.overdue ? "OVERDUE  " : "")\(item.control) \(item.title): "
                        + "\(item.occurrence) (\(item.from) to \(item.to))")
            }
        }
        return lines.map { $0.neutralizingControlCharacters() }.joined(separator: "\n")
    }

    /// An iCalendar file (RFC 5545): one all-day event per item on its due date. UIDs and the
    /// stamp derive from the items and the date, so the same inputs give the same bytes.
    public func ics() -> String {
        var lines = [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Assure//Evidence due//EN", "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH", "X-WR-CALNAME:Evidence due",
        ]
        let stamp = "\(compact(asOf))T000000Z"
        for item in items {
            lines += [
                "BEGIN:VEVENT",
                "UID:\(Slug.urnPart(item.control))-\(compact(item.from))@assure.evidence",
                "DTSTAMP:\(stamp)",
                "DTSTART;VALUE=DATE:\(compact(item.due))",
                "DTEND;VALUE=DATE:\(compact(item.due.adding(days: 1)))",
                "SUMMARY:"
                    + escape(
                        "\(item.overdue ? "Overdue: " : "")Evidence for \(item.control) \(item.title) "
                            + "(\(item.occurrence))"
                    ),
                "DESCRIPTION:"
                    + escape(
                        "Add a record to \(item.file) whose covers includes \(item.from) to \(item.to)."
                            + (item.owner.isEmpty ? "" : " Owner: \(item.owner).")),
            ]
            if !item.owner.isEmpty { lines.append("CATEGORIES:" + escape(item.owner)) }
            lines.append("END:VEVENT")
        }
        lines.append("END:VCALENDAR")
        return lines.map(fold).joined(separator: "\r\n") + "\r\n"
    }

    private func compact(_ date: CalendarDate) -> String { date.description.replacingOccurrences(of: "-", with: "") }

    /// RFC 5545 text: backslash, semicolon, comma and line breaks escaped; control characters out.
    private func escape(_ text: String) -> String {
        var output = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": output += "\\\\"
            case ";": output += "\\;"
            case ",": output += "\\,"
            case "\n": output += "\\n"
            default:
                if scalar.properties.generalCategory == .control { continue }
                output.unicodeScalars.append(scalar)
            }
        }
        return output
    }

    /// Lines longer than 75 octets continue on the next line after a space, never inside a
    /// UTF-8 sequence.
    private func fold(_ line: String) -> String {
        var parts: [String] = []
        var current = ""
        var length = 0
        for character in line {
            let size = String(character).utf8.count
            if length + size > (parts.isEmpty ? 75 : 74) {
                parts.append(current)
                current = ""
                length = 0
            }
            current.append(character)
            length += size
        }
        parts.append(current)
        return parts.joined(separator: "\r\n ")
    }
}
