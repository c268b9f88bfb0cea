import Yams

/// Phase 2 for `content/evidence/ID.yml`: the evidence records of one control each.
///
///     records:
///       - performed: 2026-03-27
///         covers: {from: 2026-01-01, to: 2026-03-31}
///         performer: Priya Shah
///         reviewer: Tom Okafor
///         result: ok
///         artifacts: [AC-04/2026-q1-review.csv]
enum EvidenceParser {
    static func parse(_ files: [SourceFile]) -> ([EvidenceLog], [Diagnostic]) {
        var logs: [EvidenceLog] = []
        var diagnostics: [Diagnostic] = []
        for file in files {
            guard let (yaml, root) = YAMLSource.root(of: file, diagnostics: &diagnostics) else { continue }
            var top = FieldReader(source: yaml, node: root, subject: "evidence file")
            let recordsNode = top.node("records")
            top.finish(known: ["records"])
            diagnostics += top.diagnostics
            let name = String(file.path.split(separator: "/").last ?? "")
            let controlID = String(name.dropLast(name.hasSuffix(".yaml") ? 5 : 4))
            var records: [EvidenceRecord] = []
            switch recordsNode {
            case .sequence(let items)?:
                for item in items {
                    if let record = parseRecord(item, yaml: yaml, file: file, diagnostics: &diagnostics) {
                        records.append(record)
                    }
                }
            case nil:
                diagnostics.append(
                    .error(
                        .missingField, at: top.location, "the evidence file has no `records:` list",
                        hint:
                            "list each occurrence as `- performed: YYYY-MM-DD` with `covers`, `performer` and `result`")
                )
            case .some(let other):
                if other.null == nil {
                    diagnostics.append(
                        .error(
                            .invalidValue, at: yaml.location(other), "`records` must be a list of occurrences",
                            hint: "write each occurrence as a `- performed: ...` item"))
                }
            }
            logs.append(
                EvidenceLog(
                    controlID: controlID, path: file.path,
                    records: records.sorted { ($0.performed, $0.from) < ($1.performed, $1.from) }))
        }
        return (logs, diagnostics)
    }

    private static func parseRecord(_ node: Node, yaml: YAMLSource, file: SourceFile, diagnostics: inout [Diagnostic])
        -> EvidenceRecord?
    {
        var fields = FieldReader(source: yaml, node: node, subject: "evidence record")
        defer { diagnostics += fields.diagnostics }
        let performed = fields.date("performed", required: true)
        var from = performed
        var to = performed
        var coversLocation = fields.location
        if let covers = fields.node("covers") {
            coversLocation = yaml.location(covers)
            var period = FieldReader(source: yaml, node: covers, subject: "record's `covers`")
            from = period.date("from", required: true)
            to = period.date("to", required: true)
            period.finish(known: ["from", "to"])
            diagnostics += period.diagnostics
        }
        let performer = fields.string("performer", required: true)
        let reviewer = fields.string("reviewer")
        let result = fields.choice("result", as: EvidenceRecord.Result.self, required: true)
        let exception = fields.string("exception")
        let remediation = fields.string("remediation")
        let artifacts = fields.stringList("artifacts").map { item -> Located<String> in
            Located(ContentPath.resolve(item.value, from: file.path) ?? item.value, at: item.location)
        }
        let activity = fields.string("activity")
        fields.finish(known: [
            "performed", "covers", "performer", "reviewer", "result", "exception", "remediation", "artifacts",
            "activity",
        ])
        guard let performed, let from, let to, let performer, let result else { return nil }
        if to < from {
            fields.report(
                .error(
                    .invalidValue, at: coversLocation, "the record covers \(from) to \(to), which ends before it starts"
                ))
            return nil
        }
        if performed < from || performed > to {
            fields.report(
                .error(
                    .invalidValue, at: yaml.location(fields.node("performed")),
                    "performed on \(performed), outside the period the record covers (\(from) to \(to))",
                    hint: "a record's `covers` must include the day it was performed"))
            return nil
        }
        if result == .exception && exception == nil {
            fields.report(
                .error(
                    .missingField, at: fields.location, "an exception with no `exception:` saying what went wrong",
                    hint: "add `exception:` and `remediation:` for the auditor"))
        }
        return EvidenceRecord(
            performed: performed, from: from, to: to, performer: performer, reviewer: reviewer, result: result,
            exception: exception, remediation: remediation, artifacts: artifacts, activity: activity,
            location: fields.location)
    }
}
