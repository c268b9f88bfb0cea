import Foundation
import Yams

/// Phase 2 for one markdown file: front matter into typed fields, body into a `MarkdownBody`.
enum DocumentParser {
    /// `index` would collide with a folder's list page.
    static let reservedIDs: Set<String> = ["index"]

    /// A letter or digit, then up to 63 letters, digits, `.`, `-` or `_` (ASCII).
    static func isValidID(_ id: String) -> Bool {
        let bytes = id.utf8
        guard let first = bytes.first, bytes.count <= 64, isAlphanumeric(first) else { return false }
        return bytes.allSatisfy {
            isAlphanumeric($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_")
        }
            && !reservedIDs.contains(id.lowercased())
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    struct Parsed {
        /// Nil when the file has no usable front matter or lacks what its kind requires.
        var document: Document?
        var diagnostics: [Diagnostic] = []
    }

    static func parse(_ file: SourceFile, as kind: DocumentKind, options: MarkdownParser.Options) -> Parsed {
        var result = Parsed()
        let source: SourceText
        switch SourceText.decode(file) {
        case .success(let text): source = text
        case .failure(let diagnostic):
            result.diagnostics.append(diagnostic)
            return result
        }
        let split: FrontMatterSplit
        switch FrontMatterSplit.split(source) {
        case .success(let value): split = value
        case .failure(let diagnostic):
            result.diagnostics.append(diagnostic)
            return result
        }
        let yaml = YAMLSource(path: file.path, firstLine: split.yamlFirstLine)
        let node: Node?
        switch yaml.compose(split.yaml) {
        case .success(let value): node = value
        case .failure(let diagnostic):
            result.diagnostics.append(diagnostic)
            return result
        }
        var fields = FieldReader(source: yaml, node: node, subject: kind.displayName)
        if fields.isEmpty && fields.diagnostics.isEmpty {
            result.diagnostics.append(
                .error(
                    .missingFrontMatter, at: SourceLocation(path: file.path, line: 1, column: 1),
                    "the front matter is empty", hint: "add at least `id:` and `title:`"))
            return result
        }

        let header = parseHeader(&fields, kind: kind, path: file.path)
        let (body, bodyDiagnostics) = MarkdownParser.parse(
            split.body, path: file.path, firstLine: split.bodyFirstLine, options: options, title: header?.title)
        result.diagnostics += bodyDiagnostics

        result.document = document(kind, header: header, fields: &fields, body: body)
        result.diagnostics += fields.diagnostics
        return result
    }

    /// The fields of the kind read into its type; nil when the header or a required field is missing.
    private static func document(
        _ kind: DocumentKind, header: DocumentHeader?, fields: inout FieldReader, body: MarkdownBody
    ) -> Document? {
        switch kind {
        case .policy:
            let owner = fields.string("owner", required: kind.requires("owner"))
            let version = fields.string("version", required: kind.requires("version"))
            let effective = fields.date("effective", required: kind.requires("effective"))
            let lastReviewed = fields.date("last_reviewed")
            let reviewEvery = reviewInterval(&fields)
            let approvedBy = fields.string("approved_by")
            let criteria = fields.stringList("criteria")
            fields.finish(known: kind.fields.map(\.key))
            if let header {
                return .policy(
                    Policy(
                        header: header, owner: owner, version: version, effective: effective,
                        lastReviewed: lastReviewed, reviewEvery: reviewEvery, approvedBy: approvedBy,
                        criteria: criteria, body: body))
            }
        case .control:
            let owner = fields.string("owner", required: kind.requires("owner"))
            let criteria = fields.stringList("criteria", required: kind.requires("criteria"))
            let policies = fields.stringList("policies")
            let status = fields.choice("status", as: ControlStatus.self, required: kind.requires("status"))
            let frequency = fields.choice("frequency", as: ControlFrequency.self)
            let family = fields.string("family", required: kind.requires("family"))
            let evidence = fields.stringList("evidence").map(\.value)
            let activities = self.activities(&fields)
            fields.finish(known: kind.fields.map(\.key))
            if var header {
                // A field that could not be read leaves the control in the model, that field
                // unknown: its criteria and the links to it do not turn into errors of their own.
                if status == nil || family == nil { header.failed = true }
                var control = ControlNarrative(
                    header: header, owner: owner, criteria: criteria, policies: policies,
                    status: status ?? .planned, frequency: frequency, family: family?.lowercased() ?? "",
                    evidence: evidence, body: body)
                control.activities = activities
                return .control(control)
            }
        case .page:
            let order = fields.integer("order")
            let menu = fields.string("menu")
            fields.finish(known: kind.fields.map(\.key))
            if let header {
                return .page(Page(header: header, order: order, menu: menu, body: body))
            }
        case .answer:
            return answer(header: header, fields: &fields, body: body)
        }
        return nil
    }

    private static func answer(header: DocumentHeader?, fields: inout FieldReader, body: MarkdownBody) -> Document? {
        let kind = DocumentKind.answer
        let value = fields.choice("answer", as: AnswerValue.self, required: kind.requires("answer"))
        let backedBy = fields.stringList("backed_by", required: kind.requires("backed_by"))
        let criteria = fields.stringList("criteria")
        let appliesTo = fields.stringList("applies_to")
        for item in appliesTo where QuestionRef(item.value) == nil {
            fields.report(
                .error(
                    .invalidValue, at: item.location, "`\(item.value)` does not name a questionnaire and a question",
                    hint: "write the questionnaire's key, a colon and the question's ID, such as `caiq-4.0.3:CEK-03.1`")
            )
        }
        let aliases = fields.stringList("aliases").map(\.value)
        let ownership = fields.choice("ownership", as: Ownership.self)
        let reviewed = fields.date("reviewed")
        let reviewEvery = reviewInterval(&fields)
        fields.finish(known: kind.fields.map(\.key))
        guard var header else { return nil }
        if value == nil { header.failed = true }
        return .answer(
            Answer(
                header: header, answer: value ?? .no, backedBy: backedBy, criteria: criteria, appliesTo: appliesTo,
                aliases: aliases, ownership: ownership, reviewed: reviewed, reviewEvery: reviewEvery, body: body))
    }

    /// `review_every: 12 months`.
    private static func reviewInterval(_ fields: inout FieldReader) -> ReviewInterval? {
        guard let text = fields.string("review_every") else { return nil }
        guard let interval = ReviewInterval(text) else {
            fields.report(
                .error(
                    .invalidValue, at: fields.source.location(fields.node("review_every")),
                    "`review_every` cannot be `\(text)`",
                    hint: "write a number and a unit, such as `12 months` or `1 year`"))
            return nil
        }
        return interval
    }

    /// `activities: [{name: Restore test, frequency: annually}]`, each name once.
    private static func activities(_ fields: inout FieldReader) -> [ControlActivity] {
        guard let node = fields.node("activities") else { return [] }
        guard case .sequence(let items) = node else {
            fields.report(
                .error(
                    .invalidValue, at: fields.source.location(node), "`activities` must be a list",
                    hint: "such as `activities: [{name: Restore test, frequency: annually}]`"))
            return []
        }
        var activities: [ControlActivity] = []
        for item in items {
            var reader = FieldReader(source: fields.source, node: item, subject: "activity")
            let name = reader.string("name", required: true)
            let frequency = reader.choice("frequency", as: ControlFrequency.self, required: true)
            reader.finish(known: ["name", "frequency"])
            if let name, activities.contains(where: { $0.name.lowercased() == name.lowercased() }) {
                reader.report(
                    .error(
                        .duplicateID, at: fields.source.location(reader.node("name")),
                        "the activity `\(name)` is listed twice"))
            } else if let name, let frequency {
                activities.append(ControlActivity(name: name, frequency: frequency, location: reader.location))
            }
            for diagnostic in reader.diagnostics { fields.report(diagnostic) }
        }
        return activities
    }

    private static func parseHeader(_ fields: inout FieldReader, kind: DocumentKind, path: String) -> DocumentHeader? {
        var id = fields.string("id", required: kind.requires("id"))
        var idLocation = id == nil ? fields.location : fields.keyLocation("id")
        if id == nil, kind == .page {
            // A page may go without an ID; its file name serves.
            id = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
            idLocation = SourceLocation(path: path, line: 1, column: 1)
        }
        if let given = id, !isValidID(given) {
            fields.report(
                .error(
                    .invalidID, at: fields.source.location(fields.node("id")),
                    "`\(given)` is not a valid ID",
                    hint:
                        "IDs start with a letter or digit and use only letters, digits, `.`, `-` and `_` (at most "
                        + "64), such as POL-AC or AC-01; `index` is reserved"
                ))
            id = nil
        }
        let title = fields.string("title", required: kind.requires("title"))
        let audience = fields.choice("audience", as: Audience.self) ?? Audience.documentDefault
        let summary = fields.string("summary")
        guard let id else { return nil }
        var header = DocumentHeader(
            id: id, kind: kind, title: title ?? id, audience: audience, path: path,
            idLocation: idLocation, summary: summary)
        header.failed = title == nil
        header.fieldLocations = fields.keyLocations
        return header
    }
}

/// Whether a text is a valid document ID (`POL-AC`, `AC-01`).
public func isValidDocumentID(_ id: String) -> Bool { DocumentParser.isValidID(id) }
