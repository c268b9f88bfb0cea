import Foundation
import Testing

@testable import AssureCore

/// The pieces `questionnaire fill` reads customers' files with, on the input they send.
@Suite("Spreadsheet cells, CSV fields and XML text")
struct SpreadsheetTests {
    @Test func cellReferencesRoundTripAndRefuseWhatExcelCannotHold() {
        #expect(CellRef("B3") == CellRef(row: 2, column: 1))
        #expect(CellRef("XFD1048576").map(\.description) == "XFD1048576")
        #expect(CellRef(row: 0, column: 26).description == "AA1")
        for bad in ["", "3B", "B", "B0", "ZZZZZZZZZZZZZZZZZZZZ1", "A99999999999999999999", "A-1", "Ä1"] {
            #expect(CellRef(bad) == nil, "\(bad)")
        }
    }

    @Test func aCSVFieldThatASpreadsheetWouldRunIsDisarmed() {
        #expect(CSVFile.quoted("=HYPERLINK(\"http://x\")") == "\"'=HYPERLINK(\"\"http://x\"\")\"")
        #expect(CSVFile.quoted("+1") == "'+1" && CSVFile.quoted("@SUM(A1)") == "'@SUM(A1)")
        #expect(CSVFile.quoted("Yes, daily") == "\"Yes, daily\"" && CSVFile.quoted("Yes") == "Yes")
    }

    @Test func csvFieldsKeepQuotesCommasAndLineBreaks() throws {
        let file = try CSVFile(data: Data("a,\"b, \"\"c\"\"\nd\",e\r\nf,,\n".utf8), name: "x.csv")
        let sheet = try #require(file.sheets.first)
        #expect(sheet.text(0, 1) == "b, \"c\"\nd" && sheet.text(0, 2) == "e" && sheet.text(1, 0) == "f")
        let filled = try file.filled(sheet: 0, values: [CellRef(row: 1, column: 2): "x"])
        #expect(String(decoding: filled, as: UTF8.self) == "a,\"b, \"\"c\"\"\nd\",e\r\nf,,x\n")
    }

    @Test func xmlTextDecodesEntitiesAndDropsWhatXMLForbids() {
        #expect(XMLText.decode("A&amp;A &#x2713; &#10003; &lt;t&gt; &bogus;") == "A&A ✓ ✓ <t> &bogus;")
        #expect(XMLText.escape("a<b>&\"\u{1}\u{FFFE}c") == "a&lt;b&gt;&amp;&quot;c")
        #expect(
            XMLText.texts(in: "<r><t>Is </t></r><r><t xml:space=\"preserve\">it?</t></r><rPh><t>x</t></rPh>")
                == "Is it?")
    }

    @Test func aFileThatIsNotAWorkbookIsRefusedNotCrashedOn() {
        for data in [Data(), Data("PK\u{3}\u{4}garbage".utf8), Data(repeating: 0, count: 4096)] {
            #expect(throws: SpreadsheetError.self) { try XLSXFile(data: data) }
        }
    }
}
