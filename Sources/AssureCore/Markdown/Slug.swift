/// GitHub-style heading anchors: lower case, letters, digits, `-` and `_`, spaces as `-`.
enum Slug {
    static func anchor(for text: String) -> String {
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
}
