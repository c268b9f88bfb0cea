import ArgumentParser
import AssureCore
import Foundation

/// The day review dates are judged against: `--as-of`, else `SOURCE_DATE_EPOCH`, else today.
/// The only place Assure reads the wall clock.
struct AsOfOption: ParsableArguments {
    @Option(
        name: .customLong("as-of"),
        help: ArgumentHelp(
            "Judge review dates as of this day (YYYY-MM-DD). Defaults to SOURCE_DATE_EPOCH, else today.",
            valueName: "date"))
    var asOf: String?

    func validate() throws {
        if let asOf, CalendarDate(iso: asOf) == nil {
            throw ValidationError("--as-of must be a real date written YYYY-MM-DD, not \(asOf)")
        }
    }

    func resolve(environment: [String: String] = ProcessInfo.processInfo.environment, now: Date = Date()) throws
        -> CalendarDate
    {
        if let asOf, let date = CalendarDate(iso: asOf) { return date }
        if let seconds = try SourceDateEpoch.validated(environment) {
            return CalendarDate(secondsSince1970: seconds)
        }
        return CalendarDate(secondsSince1970: Int64(now.timeIntervalSince1970.rounded(.down)))
    }
}

extension SourceDateEpoch {
    /// The seconds `SOURCE_DATE_EPOCH` names, or a usage error (exit 64) saying what is wrong.
    static func validated(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Int64? {
        do {
            return try seconds(in: environment)
        } catch let invalid as SourceDateEpoch.Invalid {
            throw ValidationError(invalid.description)
        }
    }
}

extension DiagnosticFormat: ExpressibleByArgument {}
extension CoverageReport.Format: ExpressibleByArgument {}
