import Foundation

/// For each criterion in scope that is not yet addressed, the controls that meet a criterion
/// the crosswalks map to it: where to look first when extending a programme to a new
/// framework. Suggestions are never coverage; only a control's own `criteria:` is.
public struct CrosswalkSuggestions: Sendable {
    public struct Suggestion: Sendable, Hashable, Encodable {
        public var framework: String
        public var criterion: String
        public var title: String
        public var status: String
        /// Controls worth considering, each with the mapped criteria it meets (`CC6.1`).
        public var controls: [Candidate]
    }

    public struct Candidate: Sendable, Hashable, Encodable {
        public var control: String
        /// Keys of the mapped criteria the control meets (`soc2:CC6.1`).
        public var via: [String]
    }

    public var suggestions: [Suggestion]

    public init(portal: Portal, frameworks: [String]) {
        let wanted = Set(frameworks)
        suggestions = portal.coverage.rows.compactMap { row in
            guard row.inScope, wanted.contains(row.criterion.catalog),
                row.status == .uncovered || row.status == .gap
            else { return nil }
            var via: [String: Set<String>] = [:]
            for key in portal.crosswalk.mapped(to: row.criterion.key) {
                for control in portal.coverage.row(key)?.controls ?? [] where control.counts {
                    via[control.id, default: []].insert(key)
                }
            }
            return Suggestion(
                framework: row.criterion.catalog, criterion: row.criterion.id, title: row.criterion.title,
                status: row.status.rawValue,
                controls: via.keys.sorted().map { Candidate(control: $0, via: via[$0]!.sorted()) })
        }
    }

    public func render(as format: CoverageReport.Format) -> String {
        switch format {
        case .table:
            var lines: [String] = []
            for suggestion in suggestions {
                let head = "\(suggestion.framework) \(suggestion.criterion) \(suggestion.title) (\(suggestion.status))"
                lines.append(head.neutralizingControlCharacters())
                if suggestion.controls.isEmpty { lines.append("  no mapped criterion is met by any control") }
                for candidate in suggestion.controls {
                    lines.append("  \(candidate.control), which meets \(candidate.via.joined(separator: ", "))")
                }
            }
            if lines.isEmpty { lines.append("Every criterion in scope is addressed; nothing to suggest.") }
            lines.append("")
            lines.append("Suggestions are not coverage: add a criterion to a control's `criteria:` once it meets it.")
            return lines.joined(separator: "\n")
        case .csv:
            var lines = ["framework,criterion,title,status,control,via"]
            for suggestion in suggestions {
                for candidate in suggestion.controls {
                    lines.append(
                        [
                            suggestion.framework, suggestion.criterion, suggestion.title, suggestion.status,
                            candidate.control, candidate.via.joined(separator: " "),
                        ].map(CoverageReport.csvField).joined(separator: ","))
                }
            }
            return lines.joined(separator: "\n") + "\n"
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted]
            let data = (try? encoder.encode(["suggestions": suggestions])) ?? Data()
            return String(decoding: data, as: UTF8.self) + "\n"
        }
    }
}
