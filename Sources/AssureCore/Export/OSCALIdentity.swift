import Crypto
import Foundation

/// Where the UUIDs of an export come from: version 5 UUIDs (RFC 4122 §4.3) in a namespace of
/// the project's own, named by stable IDs, so a control keeps its UUID from commit to commit
/// and the same commit writes the same bytes.
public struct OSCALIdentity: Sendable, Hashable {
    /// The project's namespace: the UUID of its `base_url` in RFC 4122's URL namespace, or of
    /// `urn:assure:ORGANISATION` for a project with no `base_url`.
    public let namespace: [UInt8]

    /// RFC 4122's namespace for URLs, `6ba7b811-9dad-11d1-80b4-00c04fd430c8`.
    static let urlNamespace: [UInt8] = [
        0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8,
    ]

    public init(config: ProjectConfig) {
        let name = config.baseURL ?? "urn:assure:" + config.organization.name
        namespace = Self.bytes(namespace: Self.urlNamespace, name: name)
    }

    /// The UUID named `name` (`component:control:AC-01`) in the project's namespace.
    public func uuid(_ name: String) -> String { Self.format(Self.bytes(namespace: namespace, name: name)) }

    /// A version 5 UUID: SHA-1 of the namespace and the name, with the version and variant set.
    static func bytes(namespace: [UInt8], name: String) -> [UInt8] {
        var hash = Insecure.SHA1()
        hash.update(data: namespace)
        hash.update(data: Data(name.utf8))
        var bytes = Array(hash.finalize().prefix(16))
        bytes[6] = (bytes[6] & 0x0f) | 0x50
        bytes[8] = (bytes[8] & 0x3f) | 0x80
        return bytes
    }

    static func format(_ bytes: [UInt8]) -> String {
        let hex = Hex.encode(bytes)
        let cuts = [8, 12, 16, 20]
        var result = ""
        for (position, character) in hex.enumerated() {
            if cuts.contains(position) { result.append("-") }
            result.append(character)
        }
        return result
    }
}

/// OSCAL identifiers for Assure's IDs. OSCAL's control, group and role IDs are tokens (XML
/// NCNames: a letter or `_`, then letters, digits, `.`, `-` and `_`). Most criterion IDs are
/// already tokens (`CC6.1`, `A.5.15`, `GV.OC-01`) and are written as they are. HIPAA's
/// paragraph IDs are not (`164.308(a)(1)(ii)(A)`): they are written with a leading `_` and
/// each parenthesised part as `_part` (`_164.308_a_1_ii_A`), which reads back to the same ID.
/// Every exported control also carries its Assure ID as its `label` property.
public enum OSCALToken {
    /// Whether `text` is an OSCAL token.
    public static func isToken(_ text: String) -> Bool {
        guard let first = text.first, first.isLetter || first == "_" else { return false }
        return text.allSatisfy { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_" }
    }

    /// The token for a criterion ID, or nil when it has no reversible one.
    public static func control(_ id: String) -> String? {
        if isToken(id) && !id.hasPrefix("_") { return id }
        // `head(part)(part)…`, where neither the head nor a part holds `_` or parentheses.
        guard let open = id.firstIndex(of: "("), id.hasSuffix(")") else { return nil }
        let head = String(id[..<open])
        let parts = id[open...].dropFirst().dropLast().components(separatedBy: ")(")
        let plain = { (text: String) in
            !text.isEmpty && text.allSatisfy { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" }
        }
        guard plain(head), parts.allSatisfy(plain) else { return nil }
        return "_" + ([head] + parts).joined(separator: "_")
    }

    /// The criterion ID a control token was written for.
    public static func criterion(_ token: String) -> String {
        guard token.hasPrefix("_") else { return token }
        let pieces = token.dropFirst().split(separator: "_", omittingEmptySubsequences: false)
        return String(pieces[0]) + pieces.dropFirst().map { "(\($0))" }.joined()
    }

    /// A role ID for an owner's name: `Head of Engineering` → `head-of-engineering`.
    public static func role(_ name: String) -> String {
        let words = name.lowercased().split { !($0.isLetter || $0.isNumber) }
        let slug = words.joined(separator: "-")
        return slug.first?.isLetter == true ? slug : "role-" + slug
    }
}
