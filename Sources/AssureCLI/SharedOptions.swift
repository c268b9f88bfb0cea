import ArgumentParser
import AssureCore
import Foundation

/// The day review dates are judged against: `--as-of`, else `SOURCE_DATE_EPOCH`, else today.
/// The only place Assure reads the wall clock.
struct AsOfOption: ParsableArguments {
    @Option(name: .customLong("as-of"), help: ArgumentHelp(
        "Judge review dates as of this day (YYYY-MM-DD). Defaults to SOURCE_DATE_EPOCH, else today.",
        valueName: "date"))
    var asOf: String?

    func validate() throws {
        if let asOf, CalendarDate(iso: asOf) == nil {
            throw ValidationError("--as-of must be a real date written YYYY-MM-DD, not \(asOf)")
        }
    }

    func resolve(environment: [String: String] = ProcessInfo.processInfo.environment, now: Date = Date()) throws -> CalendarDate {
        if let asOf, let date = CalendarDate(iso: asOf) { return date }
        if let epoch = environment["SOURCE_DATE_EPOCH"] {
            guard let seconds = Int64(epoch.trimmingCharacters(in: .whitespaces)) else {
                throw ValidationError("SOURCE_DATE_EPOCH must be a whole number of seconds, not \(epoch)")
            }
            return CalendarDate(secondsSince1970: seconds)
        }
        return CalendarDate(secondsSince1970: Int64(now.timeIntervalSince1970.rounded(.down)))
    }
}

extension DiagnosticFormat: ExpressibleByArgument {}
extension CoverageReport.Format: ExpressibleByArgument {}
