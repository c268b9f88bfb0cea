/// Access grants against the resolved documents.
enum GrantResolver {
    /// Each grant's documents: IDs of restricted documents, or control families (their
    /// restricted controls). Anything else is an error, so a grant never opens less than its
    /// reviewer read, nor anything that is not meant to be shared under an NDA.
    static func resolve(_ grants: [AccessGrant], in documents: DocumentSet) -> ([AccessGrant], [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        let headers = Dictionary(documents.headers.map { ($0.id.lowercased(), $0) }) { first, _ in first }
        let families = Dictionary(grouping: documents.controls, by: { $0.family.lowercased() })
        let restricted = documents.headers.filter { $0.audience == .restricted }
            .map { NodeRef.document($0.kind, $0.id) }
        let restrictedIDs = restricted.map(\.id).sorted()
        var resolved: [AccessGrant] = []
        for var grant in grants {
            if grant.expires < grant.granted {
                diagnostics.append(
                    .error(
                        .grantEndsBeforeStart, at: grant.location(of: "expires"),
                        "grant \(grant.id) expires on \(grant.expires) but is granted on \(grant.granted)",
                        hint: "check both dates; `expires` is the last day the customer may read"))
            }
            var opens = Set<NodeRef>()
            switch grant.documents {
            case .allRestricted:
                opens = Set(restricted)
            case .listed(let items):
                for item in items {
                    if let header = headers[item.value.lowercased()] {
                        guard header.audience == .restricted else {
                            diagnostics.append(
                                .error(
                                    .grantNotRestricted, at: item.location,
                                    "grant \(grant.id) names \(header.id), whose audience is "
                                        + "`\(header.audience.rawValue)`",
                                    hint: header.audience == .public
                                        ? "\(header.id) is public already; remove it from the grant"
                                        : "only `restricted` documents are shared under an NDA; change \(header.id)'s "
                                            + "audience in \(header.path) if it may be shared"))
                            continue
                        }
                        opens.insert(.document(header.kind, header.id))
                    } else if let members = families[item.value.lowercased()] {
                        let restrictedMembers = members.filter { $0.header.audience == .restricted }
                        if restrictedMembers.isEmpty {
                            diagnostics.append(
                                .warning(
                                    .grantNotRestricted, at: item.location,
                                    "grant \(grant.id) names the family `\(item.value)`, which has no "
                                        + "restricted control, "
                                        + "so it opens nothing from it",
                                    hint: "remove it, or name the restricted documents meant"))
                        }
                        opens.formUnion(restrictedMembers.map(\.node))
                    } else {
                        let known = restrictedIDs + families.keys.sorted()
                        let suggestion = nearest(to: item.value, in: known)
                        diagnostics.append(
                            .error(
                                .grantUnknownDocument, at: item.location,
                                "grant \(grant.id) names `\(item.value)`, which is neither a document ID nor "
                                    + "a control family",
                                hint: suggestion.map { "did you mean `\($0)`?" }
                                    ?? "restricted documents: \(Self.sample(restrictedIDs)); control families: "
                                    + "\(Self.sample(families.keys.sorted())); or write `documents: restricted`"))
                    }
                }
            }
            grant.opens = opens.sorted()
            resolved.append(grant)
        }
        diagnostics += overlaps(among: resolved)
        return (resolved, diagnostics)
    }

    /// One grant per customer at a time, and no two files that a case-insensitive file system
    /// would merge.
    static func overlaps(among resolved: [AccessGrant]) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for (index, grant) in resolved.enumerated() {
            for earlier in resolved[..<index] {
                let sameFile = earlier.id.lowercased() == grant.id.lowercased()
                let overlapping =
                    earlier.customer.lowercased() == grant.customer.lowercased()
                    && earlier.granted <= grant.expires && grant.granted <= earlier.expires
                guard sameFile || overlapping else { continue }
                diagnostics.append(
                    .error(
                        .duplicateGrant, at: sameFile ? grant.location : grant.location(of: "customer"),
                        sameFile
                            ? "grant files \(earlier.path) and \(grant.path) differ only in case"
                            : "\(grant.customer) already has grant \(earlier.id) from \(earlier.granted) to "
                                + "\(earlier.expires), which overlaps this one",
                        hint: sameFile
                            ? "rename one of them" : "extend the existing grant (\(earlier.path)) instead of adding one"
                    ))
                break
            }
        }
        return diagnostics
    }

    /// The first few of a list, for a hint.
    static func sample(_ items: [String]) -> String {
        guard !items.isEmpty else { return "none" }
        return items.prefix(8).joined(separator: ", ") + (items.count > 8 ? ", … (\(items.count) in all)" : "")
    }
}
