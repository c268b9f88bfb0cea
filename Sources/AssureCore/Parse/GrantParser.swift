import Yams

/// Phase 2 for `content/access/ID.yml`: one customer's grant each.
///
///     customer: ACME Corp
///     contact: security@acme.example
///     nda: REF-12
///     granted: 2026-11-01
///     expires: 2027-01-31
///     documents: [POL-IR, access-control]    # or: restricted
///     rotation: 0
enum GrantParser {
    static let fields = ["customer", "contact", "nda", "granted", "expires", "documents", "rotation"]

    static func parse(_ files: [SourceFile]) -> ([AccessGrant], [Diagnostic]) {
        var grants: [AccessGrant] = []
        var diagnostics: [Diagnostic] = []
        for file in files {
            guard let (yaml, root) = YAMLSource.root(of: file, diagnostics: &diagnostics) else { continue }
            var fields = FieldReader(source: yaml, node: root, subject: "access grant")
            let name = String(file.path.split(separator: "/").last ?? "")
            let id = String(name.dropLast(name.hasSuffix(".yaml") ? 5 : 4))
            if !DocumentParser.isValidID(id) {
                fields.report(
                    .error(
                        .invalidID, at: SourceLocation(path: file.path),
                        "the grant ID `\(id)` (the file's name) is not a valid ID",
                        hint: "name the file with letters, digits, `-`, `_` and `.`, such as `acme-corp.yml`"))
            }
            let customer = fields.string("customer", required: true)
            let contact = fields.string("contact")
            let nda = fields.string("nda", required: true)
            let granted = fields.date("granted", required: true)
            let expires = fields.date("expires", required: true)
            var documents: AccessGrant.Documents?
            switch fields.node("documents") {
            case .scalar(let scalar)? where scalar.string == "restricted":
                documents = .allRestricted
            case nil:
                fields.report(
                    .error(
                        .missingField, at: fields.location, "this access grant has no `documents`",
                        hint: "add `documents: restricted` for every restricted document, or a list of IDs and families"
                    ))
            default:
                let reported = fields.diagnostics.count
                let listed = fields.stringList("documents")
                // A mapping or a nested list is reported as mistyped already.
                if listed.isEmpty && fields.diagnostics.count == reported {
                    fields.report(
                        .error(
                            .invalidValue, at: fields.keyLocation("documents"), "`documents` lists nothing",
                            hint: "write `restricted`, or a list of document IDs and control families"))
                } else {
                    documents = .listed(listed)
                }
            }
            let rotation = fields.integer("rotation") ?? 0
            if rotation < 0 {
                fields.report(
                    .error(
                        .invalidValue, at: fields.keyLocation("rotation"), "`rotation` cannot be negative",
                        hint: "start at 0 and add 1 to revoke every earlier link"))
            }
            fields.finish(known: Self.fields)
            diagnostics += fields.diagnostics
            guard let customer, let nda, let granted, let expires, let documents else { continue }
            grants.append(
                AccessGrant(
                    id: id, path: file.path, customer: customer, contact: contact, nda: nda, granted: granted,
                    expires: expires, documents: documents, rotation: max(0, rotation),
                    location: fields.location, fieldLocations: fields.keyLocations))
        }
        return (grants.sorted { $0.id < $1.id }, diagnostics)
    }
}
