import Foundation

/// A day in the proleptic Gregorian calendar, as written in front matter (`2026-03-01`).
/// Plain fields rather than `Date` so that no time zone or clock can change what a page says.
public struct CalendarDate: Sendable, Hashable, Comparable, CustomStringConvertible, Codable {
    public let year: Int
    public let month: Int
    public let day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...CalendarDate.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD` exactly; anything else (including impossible days) is nil.
    public init?(iso text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// The UTC day of a moment (a commit's date).
    public init(_ date: Date) { self.init(secondsSince1970: Int64(date.timeIntervalSince1970.rounded(.down))) }

    /// The day's first moment, UTC.
    public var midnight: Date { Date(timeIntervalSince1970: TimeInterval(daysSince1970) * 86_400) }

    /// The UTC day of a moment given in seconds since 1970 (for `SOURCE_DATE_EPOCH`).
    public init(secondsSince1970 seconds: Int64) {
        // Civil-from-days, Howard Hinnant's algorithm.
        let days = Int(seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        self.year = year
        self.month = month
        self.day = day
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// This date moved by whole months, clamped to the end of a shorter month (Jan 31 + 1 month = Feb 28).
    public func adding(months: Int) -> CalendarDate {
        let index = year * 12 + (month - 1) + months
        let newYear = index / 12
        let newMonth = index % 12 + 1
        let newDay = min(day, CalendarDate.daysIn(month: newMonth, year: newYear))
        return CalendarDate(year: newYear, month: newMonth, day: newDay) ?? self
    }

    public func adding(days: Int) -> CalendarDate {
        CalendarDate(secondsSince1970: Int64(daysSince1970 + days) * 86_400)
    }

    public var daysSince1970: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// `2026-03-01`
    public var description: String {
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    /// `1 March 2026`, the form pages show.
    public var longForm: String {
        let names = [
            "January", "February", "March", "April", "May", "June", "July", "August", "September",
            "October", "November", "December",
        ]
        return "\(day) \(names[month - 1]) \(year)"
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let date = CalendarDate(iso: text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "not a date: \(text)"))
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// How often a policy must be reviewed (`12 months`, `1 year`, `90 days`).
public struct ReviewInterval: Sendable, Hashable, CustomStringConvertible {
    public enum Unit: String, Sendable, Hashable { case days, weeks, months, years }
    public let count: Int
    public let unit: Unit

    public init?(_ text: String) {
        let words = text.lowercased().split(whereSeparator: \.isWhitespace)
        guard words.count == 2, let count = Int(words[0]), count > 0, count <= 1000 else { return nil }
        var unitWord = String(words[1])
        if !unitWord.hasSuffix("s") { unitWord += "s" }
        guard let unit = Unit(rawValue: unitWord) else { return nil }
        self.count = count
        self.unit = unit
    }

    /// The first day on which a review done on `date` is due again.
    public func next(after date: CalendarDate) -> CalendarDate {
        switch unit {
        case .days: date.adding(days: count)
        case .weeks: date.adding(days: count * 7)
        case .months: date.adding(months: count)
        case .years: date.adding(months: count * 12)
        }
    }

    public var description: String {
        let singular = String(unit.rawValue.dropLast())
        return "\(count) \(count == 1 ? singular : unit.rawValue)"
    }
}

extension Date {
    /// `2026-03-01T10:00:00Z`: the moment in UTC, as Atom, OSCAL and JSON output write it.
    public var utcTimestamp: String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: self)
    }
}
