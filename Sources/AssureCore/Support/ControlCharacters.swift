extension String {
    /// The text with nothing that could steer a terminal or forge a line: line breaks and tabs
    /// become spaces; other control characters, and the Unicode controls that reorder or break
    /// lines (bidirectional overrides, line and paragraph separators), become visible escapes
    /// such as `\u{1B}`. For every message built from what a project's files say.
    package func neutralizingControlCharacters() -> String {
        guard unicodeScalars.contains(where: Self.isControl) else { return self }
        var output = String.UnicodeScalarView()
        for scalar in unicodeScalars {
            if scalar == "\n" || scalar == "\r" || scalar == "\t" {
                output.append(" ")
            } else if Self.isControl(scalar) {
                output.append(contentsOf: "\\u{\(String(scalar.value, radix: 16, uppercase: true))}".unicodeScalars)
            } else {
                output.append(scalar)
            }
        }
        return String(output)
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C: true
        default: false
        }
    }
}
