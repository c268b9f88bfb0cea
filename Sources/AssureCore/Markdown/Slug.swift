/// Every way Assure turns text into a name: heading anchors, file names for IDs, and the
/// organisation's name in a URN.
enum Slug {
    /// GitHub-style heading anchors: lower case, letters, digits, `-` and `_`, spaces as `-`.
    static func anchor(for text: String) -> String {
        // Most headings are ASCII, whose letters and digits are known by their bytes.
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            var slug: [UInt8] = []
            for byte in text.utf8 {
                switch byte {
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): slug.append(byte + 0x20)
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"),
                    UInt8(ascii: "_"):
                    slug.append(byte)
                case UInt8(ascii: " "): slug.append(UInt8(ascii: "-"))
                default: break
                }
            }
            return slug.isEmpty ? "section" : String(decoding: slug, as: UTF8.self)
        }
        var slug = ""
        for character in text.lowercased() {
            if character.isLetter || character.isNumber || character == "-" || character == "_" {
                slug.append(character)
            } else if character == " " {
                slug.append("-")
            }
        }
        return slug.isEmpty ? "section" : slug
    }

    /// Anchors for a document's headings in order, with `-1`, `-2` ... appended to repeats.
    static func uniqueAnchors(for texts: [String]) -> [String] {
        var used: [String: Int] = [:]
        var taken = Set<String>()
        return texts.map { text in
            let base = anchor(for: text)
            var candidate = base
            while taken.contains(candidate) {
                let next = (used[base] ?? 0) + 1
                used[base] = next
                candidate = "\(base)-\(next)"
            }
            taken.insert(candidate)
            return candidate
        }
    }

    /// A file name for an ID. Document IDs are already safe; catalog IDs such as
    /// `164.308(a)(1)` get their other characters replaced and a hash so names stay unique.
    static func fileName(_ id: String) -> String {
        // Most IDs are safe as they are: one look at their bytes, for thousands of pages.
        if id.utf8.first != UInt8(ascii: "."),
            id.utf8.allSatisfy({ byte in
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                    UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
                    true
                default: false
                }
            })
        {
            return id
        }
        let safe = String(id.map { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) ? $0 : "-" })
        if safe == id && !id.hasPrefix(".") { return id }
        var hash: UInt32 = 2_166_136_261
        for byte in id.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        return "\(safe.drop { $0 == "." })-\(String(hash, radix: 16))"
    }

    /// Lower case, every character but letters and digits as `-` (`urn:assure:acme-co:updates`).
    static func urnPart(_ text: String) -> String {
        String(text.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" })
    }
}
