import Crypto
import Foundation

/// The secret every gated key and path derives from. It lives outside git (an environment
/// variable or a file outside `content/`) and is never written into any output.
public struct AccessSecret: Sendable {
    private let bytes: Data
    var key: SymmetricKey { SymmetricKey(data: bytes) }

    /// A secret shorter than this is refused: it must resist guessing offline.
    public static let minimumLength = 32

    /// Nil when the text is too short to be a secret.
    public init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.utf8.count >= Self.minimumLength else { return nil }
        bytes = Data(trimmed.utf8)
    }
}

/// How every key and path of a grant is derived, with HKDF-SHA256 (RFC 5869), so the same
/// secret and content give the same bytes and a new secret or `rotation` changes them all.
///
/// - grant key: HKDF(secret, salt "assure access v1", info "grant key\nID\nROTATION"), 32 bytes;
///   it travels in the link's fragment, which browsers never send to a server.
/// - grant folder: HKDF(secret, same salt, info "grant path\nID\nROTATION"), 16 bytes in hex.
/// - page file: HKDF(grant key, info "page path\nNAME\nVERSION"), 8 bytes in hex, VERSION being an
///   HMAC of the document's source under the grant key.
/// - each page's AES-256-GCM key and nonce: HKDF(grant key, salt = the first 16 bytes of
///   HMAC-SHA256(grant key, plaintext), info "assure page key v1" / "assure page nonce v1").
///   The salt is published beside the ciphertext; a key is never used for two plaintexts, so a
///   derived nonce is never reused.
public struct GrantKeys: Sendable {
    private let keyBytes: Data
    var grantKey: SymmetricKey { SymmetricKey(data: keyBytes) }
    /// `access/<folder>/`, the grant's pages.
    public let folder: String

    static let salt = Data("assure access v1".utf8)

    public init(secret: AccessSecret, grant: AccessGrant) {
        let label = "\(grant.id)\n\(grant.rotation)"
        keyBytes = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: secret.key, salt: Self.salt, info: Data("grant key\n\(label)".utf8), outputByteCount: 32
        ).withUnsafeBytes { Data($0) }
        let path = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: secret.key, salt: Self.salt, info: Data("grant path\n\(label)".utf8), outputByteCount: 16)
        folder = "access/" + Self.hex(path)
    }

    /// The key as the link carries it: base64url, no padding (43 characters).
    public var linkKey: String {
        keyBytes.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// The file name of a page of the grant, which changes with the page's version.
    func fileName(for name: String, version: String) -> String {
        let version = Hex.encode(HMAC<SHA256>.authenticationCode(for: Data(version.utf8), using: grantKey))
        let bytes = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: grantKey, info: Data("page path\n\(name)\n\(version)".utf8), outputByteCount: 8)
        return Self.hex(bytes) + ".html"
    }

    /// A page's plaintext sealed for the browser: the salt (hex) and ciphertext‖tag (base64).
    func seal(_ plaintext: Data) throws -> (salt: String, sealed: String) {
        let salt = Data(HMAC<SHA256>.authenticationCode(for: plaintext, using: grantKey).prefix(16))
        let key = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: grantKey, salt: salt, info: Data("assure page key v1".utf8), outputByteCount: 32)
        let nonceBytes = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: grantKey, salt: salt, info: Data("assure page nonce v1".utf8), outputByteCount: 12)
        let nonce = try AES.GCM.Nonce(data: nonceBytes.withUnsafeBytes { Data($0) })
        let box = try AES.GCM.seal(plaintext, using: key, nonce: nonce)
        return (Hex.encode(salt), (box.ciphertext + box.tag).base64EncodedString())
    }

    static func hex(_ key: SymmetricKey) -> String { key.withUnsafeBytes { Hex.encode($0) } }
}
