import Foundation

/// `SOURCE_DATE_EPOCH` (reproducible-builds.org): the moment a build stands for, in whole
/// seconds since 1970, so output dated by it is the same wherever it is built.
package enum SourceDateEpoch {
    /// The last second of 9999-12-31: dates past it cannot be written as YYYY-MM-DD.
    package static let latest: Int64 = 253_402_300_799

    package struct Invalid: Error, Sendable, CustomStringConvertible {
        package var value: String
        package var description: String {
            "SOURCE_DATE_EPOCH must be a whole number of seconds from 0 to \(latest) (9999-12-31), not \(value)"
        }
    }

    /// The seconds it names; nil when it is unset or empty; `Invalid` when it is anything else.
    package static func seconds(in environment: [String: String]) throws -> Int64? {
        guard let raw = environment["SOURCE_DATE_EPOCH"] else { return nil }
        let text = raw.trimmingCharacters(in: .whitespaces)
        if text.isEmpty { return nil }
        guard text.allSatisfy(\.isASCII), text.allSatisfy(\.isNumber), let seconds = Int64(text), seconds <= latest
        else {
            throw Invalid(value: raw)
        }
        return seconds
    }
}
