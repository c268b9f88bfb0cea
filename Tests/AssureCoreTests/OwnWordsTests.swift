import Foundation
import Testing

@testable import AssureCore

/// Titles of the built-in catalogs are Assure's own words. The official wording of the titles
/// once found copied or nearly so (ISO/IEC 27001 A.5.34, A.6.3, A.6.6, A.7.3, A.7.5, A.8.25,
/// A.8.27, A.8.31; TSC CC1.1, CC1.3) is kept here only as SHA-256 digests of each run of three
/// words (lower case, letters and digits), so the test holds none of it and still fails when a
/// title repeats any such run.
@Suite("Catalog titles in our own words")
struct OwnWordsTests {
    static let officialRuns = Set(
        """
        005b0de78f4a87e4 0f36bf8f8d64fb99 11403edd626cbf93 19383b543ad64b49 1968a0f649c44603 1eab53f677a832a6
        1ebb4d6a9e458115 21c4bda36c17edf8 25a5e08832ee804d 2cd49408e0b79e3e 3447a8bea6f2efb3 34cfde91ae5f4cb4
        3653d561ef1be841 3affa502803ed222 3c2231ba87cbefda 4509e874fb064336 4c629476bd056f0a 4ce27a2d8529b336
        4d8f08e6692265cb 516581ffe7f317f4 529448fcec40adee 54883a869c23830f 598eeb24387d211f 5a3e0e94b4c2cdca
        6255ff89ca32f562 65421e5d92f4d337 6962e860a2028bea 69f1f38645f46edd 71801566884ab543 776f5ee2e805513f
        79305eb4a56b4651 7b90660c47545ae9 7d88032d876ea1be 829f921a0b3f2f81 946ca51ba50e9eee 98f99d2d7a199cdb
        9c9e201a9b0028ce a0e3536c592b8101 a20a8e378da9e013 a31569e24a891188 a5b8e72545a60b0d b5c204688f2d080e
        b710ff48d915346e bd7597d953070853 cdf411234b7fa4b0 ce9610273442eea5 d074763ddc064384 d9721e528d43b0f7
        df0928d91a5670c3 e8b2fcbb9ee563fe e981280a9fe92c16 f00c23f87e899bec f872169df191bbfd fc03e0c98ab4c634
        fefebf76e4b7222c
        """.split(whereSeparator: \.isWhitespace).map(String.init))

    static func runs(of title: String) -> [String] {
        let words = title.lowercased().split { !($0.isLetter || $0.isNumber) || !$0.isASCII }.map(String.init)
        guard words.count >= 3 else { return [] }
        return (0...(words.count - 3)).map { words[$0..<($0 + 3)].joined(separator: " ") }
    }

    static func digest(_ run: String) -> String { String(AuditorBundle.sha256(Data(run.utf8)).prefix(16)) }

    @Test func noTitleRepeatsTheOfficialWording() {
        for catalog in CriteriaCatalog.builtIn.catalogs {
            for criterion in catalog.criteria {
                let copied = Self.runs(of: criterion.title).filter { Self.officialRuns.contains(Self.digest($0)) }
                #expect(copied.isEmpty, "\(catalog.id) \(criterion.id) \"\(criterion.title)\" repeats \(copied)")
            }
        }
    }

    /// The check itself: a title that copied the official wording is caught, and one in our words is not.
    @Test func theDigestsCatchACopiedTitle() {
        #expect(
            Self.runs(of: "Securing offices, rooms and facilities").contains {
                Self.officialRuns.contains(Self.digest($0))
            })
        #expect(
            !Self.runs(of: "Offices and rooms locked and guarded").contains {
                Self.officialRuns.contains(Self.digest($0))
            })
    }
}
