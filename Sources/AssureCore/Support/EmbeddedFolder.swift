import Foundation

/// The files the `EmbedTheme` plugin builds into the binary (the theme, the starter, the
/// catalogs), decoded: base64 keeps any bytes a valid Swift literal.
enum EmbeddedFolder {
    /// Each file as its path relative to its folder and its bytes, in the order embedded.
    static func files(_ encoded: [(path: String, text: String)]) -> [(path: String, data: Data)] {
        encoded.compactMap { path, text in
            guard let pathData = Data(base64Encoded: path), let data = Data(base64Encoded: text) else { return nil }
            return (String(decoding: pathData, as: UTF8.self), data)
        }
    }
}
