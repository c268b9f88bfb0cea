import Foundation
import Yams

/// Phase 2 for `content/data/*.yml`: subprocessors, certifications and FAQ.
enum DataParser {
    static func parse(_ files: [SourceFile], into lists: inout DataLists, options: MarkdownParser.Options)
        -> [Diagnostic]
    {
        var diagnostics: [Diagnostic] = []
        for file in files {
            let name = ((file.path as NSString).lastPathComponent as NSString).deletingPathExtension
            guard ["subprocessors", "certifications", "faq"].contains(name) else {
                diagnostics.append(
                    .warning(
                        .unexpectedFile, at: SourceLocation(path: file.path),
                        "Assure does not read this data file, so it appears nowhere",
                        hint: "data files are subprocessors.yml, certifications.yml and faq.yml"))
                continue
            }
            let yaml = YAMLSource(path: file.path, firstLine: 1)
            let root: Node?
            let text: String
            switch SourceText.decode(file) {
            case .success(let source): text = source.text
            case .failure(let diagnostic):
                diagnostics.append(diagnostic)
                continue
            }
            switch yaml.compose(text) {
            case .success(let node): root = node
            case .failure(let diagnostic):
                diagnostics.append(diagnostic)
                continue
            }
            let rawLines = text.split(separator: "\n", omittingEmptySubsequences: false)
            var top = FieldReader(source: yaml, node: root, subject: "data file")
            let fileAudience = top.choice("audience", as: Audience.self) ?? Audience.documentDefault
            let itemsNode = top.node(name)
            top.finish(known: ["audience", name])
            diagnostics += top.diagnostics
            guard let itemsNode else {
                if root != nil {
                    diagnostics.append(
                        .error(
                            .missingField, at: top.location, "\(name).yml has no `\(name):` list",
                            hint: "put the entries under a `\(name):` key"))
                }
                continue
            }
            guard case .sequence(let items) = itemsNode else {
                diagnostics.append(
                    .error(
                        .invalidValue, at: yaml.location(itemsNode), "`\(name)` must be a list",
                        hint: "write each entry as a `- name: ...` item"))
                continue
            }
            for item in items {
                var fields = FieldReader(source: yaml, node: item, subject: "entry")
                let audience = fields.choice("audience", as: Audience.self) ?? fileAudience
                switch name {
                case "subprocessors":
                    lists.subprocessors += subprocessor(&fields, audience: audience).map { [$0] } ?? []
                case "certifications":
                    lists.certifications += certification(&fields, audience: audience).map { [$0] } ?? []
                default:
                    let entry = faqEntry(&fields, audience: audience, lines: rawLines, options: options)
                    lists.faq += entry.map { [$0.entry] } ?? []
                    diagnostics += entry?.diagnostics ?? []
                }
                diagnostics += fields.diagnostics
            }
        }
        return diagnostics
    }

    // MARK: - Entries

    static func subprocessor(_ fields: inout FieldReader, audience: Audience) -> Subprocessor? {
        let name = fields.string("name", required: true)
        let purpose = fields.string("purpose", required: true)
        let (location, data, website) = (fields.string("location"), fields.string("data"), fields.string("website"))
        let effective = fields.date("effective")
        let effectiveLocation = fields.node("effective").map { _ in fields.keyLocation("effective") }
        fields.finish(known: Subprocessor.fields)
        guard let name, let purpose else { return nil }
        return Subprocessor(
            name: name, purpose: purpose, location: location, data: data, website: website, effective: effective,
            effectiveLocation: effectiveLocation, audience: audience)
    }

    static func certification(_ fields: inout FieldReader, audience: Audience) -> Certification? {
        let name = fields.string("name", required: true)
        let status = fields.string("status", required: true)
        let description = fields.string("description")
        fields.finish(known: Certification.fields)
        guard let name, let status else { return nil }
        return Certification(name: name, status: status, description: description, audience: audience)
    }

    /// A question and its answer in markdown, parsed with positions in the YAML file.
    static func faqEntry(
        _ fields: inout FieldReader, audience: Audience, lines rawLines: [Substring], options: MarkdownParser.Options
    ) -> (entry: FAQEntry, diagnostics: [Diagnostic])? {
        let yaml = fields.source
        let question = fields.string("question", required: true)
        let answerNode = fields.node("answer")
        let answerText = fields.string("answer", required: true)
        fields.finish(known: ["question", "answer", "audience"])
        guard let question, let answerText else { return nil }
        // Block scalars start on the line after their indicator, indented; flow scalars start at
        // their mark (after the quote, if quoted).
        let mark = yaml.location(answerNode)
        var line = mark.line
        var columnOffset = mark.column - 1
        if case .scalar(let scalar) = answerNode {
            switch scalar.style {
            case .literal, .folded:
                line += 1
                let content = line - 1 < rawLines.count ? rawLines[line - 1] : ""
                columnOffset = content.prefix { $0 == " " }.count
            case .singleQuoted, .doubleQuoted:
                columnOffset += 1
            default:
                break
            }
        }
        let (answer, diagnostics) = MarkdownParser.parse(
            answerText, path: yaml.path, firstLine: line, columnOffset: columnOffset, options: options)
        return (FAQEntry(question: question, answer: answer, audience: audience, path: yaml.path), diagnostics)
    }
}
