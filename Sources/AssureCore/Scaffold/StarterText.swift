import Foundation
import Yams

/// What `assure init` wrote, in its own words: the text of each starter document, each reason
/// a starter framework gives for an exclusion, and each example evidence record. A project's
/// content that still says exactly this is the starter's, not the company's: `check` warns on
/// it, the public site leaves it out, and its evidence counts for nothing.
struct StarterText: Sendable {
    /// The starter documents' bodies, white space folded.
    let bodies: Set<String>
    /// Their opening words: a body that does not open with one is not the starter's, known
    /// without folding the whole of it (every document is asked, on every build).
    let openings: Set<String>
    /// The starter frameworks' exclusion reasons, white space folded.
    let reasons: Set<String>
    /// The example evidence records: performed, covers and performer.
    let records: Set<String>

    static let shared = StarterText(files: Scaffold.starterFiles, frameworks: Scaffold.frameworkSettings)

    init(files: [String: Data], frameworks: [String]) {
        var bodies = Set<String>()
        var records = Set<String>()
        for (path, data) in files {
            let file = SourceFile(path: path, data: data)
            if let kind = DocumentKind(contentPath: path) {
                let parsed = DocumentParser.parse(file, as: kind, options: MarkdownParser.Options())
                if let body = parsed.document?.body.source { bodies.insert(Self.folded(body)) }
            } else if path.hasPrefix(ProjectLayout.evidence + "/"), path.hasSuffix(".yml") {
                for record in EvidenceParser.parse([file]).0.flatMap(\.records) { records.insert(Self.key(record)) }
            }
        }
        var reasons = Set<String>()
        for settings in frameworks {
            guard let root = try? Yams.compose(yaml: settings), case .mapping(let frameworks) = root else { continue }
            for (_, framework) in frameworks {
                for (_, exclusion) in framework["exclusions"]?.mapping ?? [:] {
                    guard let reason = exclusion.string ?? exclusion["reason"]?.string else { continue }
                    reasons.insert(Self.folded(reason))
                }
            }
        }
        self.bodies = bodies
        openings = Set(bodies.map(Self.opening))
        self.reasons = reasons
        self.records = records
    }

    func isStarter(_ body: MarkdownBody) -> Bool {
        !body.source.isEmpty && openings.contains(Self.opening(body.source))
            && bodies.contains(Self.folded(body.source))
    }

    func isStarter(_ exclusion: ProjectConfig.Exclusion) -> Bool {
        !exclusion.reason.isEmpty && reasons.contains(Self.folded(exclusion.reason))
    }

    func isStarter(_ record: EvidenceRecord) -> Bool { records.contains(Self.key(record)) }

    static func folded(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// The first few words, folded, reading no further into the text.
    private static func opening(_ text: String) -> String {
        text.split(maxSplits: 6, whereSeparator: \.isWhitespace).prefix(6).joined(separator: " ")
    }

    private static func key(_ record: EvidenceRecord) -> String {
        "\(record.performed) \(record.from) \(record.to) \(record.performer)"
    }
}
