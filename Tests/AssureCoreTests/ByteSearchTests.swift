import Testing

@testable import AssureCore

/// The byte searches agree with the generic ones they replace, on text of every shape.
@Suite("Byte searches")
struct ByteSearchTests {
    static let texts = [
        "", "\n", "a", "[[CC6.1]]", "é[[x]] ü\n\n[[", "line one\r\nline two\n", "ends with a newline\n",
        "日本語 [x](a.md) ]] [[", String(repeating: "ab[", count: 300) + "[[",
    ]

    @Test(arguments: texts)
    func linesAreTheSplitOfTheBytes(_ text: String) {
        let expected = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map {
            Substring($0)
        }
        #expect(ByteSearch.lines(of: text) == expected)
    }

    @Test(arguments: texts)
    func firstIndexAndRangeAreTheGenericOnes(_ text: String) {
        // Searched in a slice that starts part of the way in, as the rewriter searches.
        let whole = Substring(text)
        let slice = whole.utf8.count > 2 ? whole[whole.utf8.index(whole.startIndex, offsetBy: 1)...] : whole
        for byte in [UInt8(ascii: "["), UInt8(ascii: "\n"), UInt8(ascii: "z")] {
            var from = slice.startIndex
            while true {
                let expected = slice.utf8[from...].firstIndex(of: byte)
                #expect(ByteSearch.firstIndex(of: byte, in: slice, from: from) == expected)
                guard let found = expected, found < slice.endIndex else { break }
                from = slice.utf8.index(after: found)
            }
        }
        for needle in ["[[", "a.md", "ü\n", "missing", "]"] {
            let expected = slice.range(of: needle).map { _ in () }
            let found = ByteSearch.firstRange(of: Array(needle.utf8), in: slice)
            #expect((found == nil) == (expected == nil), "\(needle)")
            if let found { #expect(String(slice[found]) == needle) }
            if let found, let reference = slice.range(of: needle) { #expect(found == reference) }
        }
    }
}
