/// Escaping for text placed in HTML and XML: the five characters that could end an element
/// or an attribute. The two differ only in how an apostrophe is written.
enum Markup {
    static func escape(_ text: String, apostrophe: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += apostrophe
            default: output.append(character)
            }
        }
        return output
    }
}

/// Text for HTML pages and attributes.
enum HTML {
    static func escape(_ text: String) -> String { Markup.escape(text, apostrophe: "&#39;") }
}

/// Text for the sitemap and the Atom feed.
enum XML {
    static func escape(_ text: String) -> String { Markup.escape(text, apostrophe: "&apos;") }
}
