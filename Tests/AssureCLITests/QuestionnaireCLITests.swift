import AssureCore
import Foundation
import Testing
import ZIPFoundation

@testable import AssureCLI

/// A CAIQ-shaped workbook written part by part, as Excel writes one: shared strings for the
/// headings and IDs, inline strings for the questions, a bold style, a data validation on the
/// answer column, merged title cells, a protected sheet, and a second sheet left alone.
enum TestWorkbook {
    static let questions: [(id: String, text: String)] = [
        ("CEK-03.1", "Is data at rest encrypted?"), ("IAM-14.1", "Is strong authentication enforced?"),
        ("IAM-14.2", "Are hardware keys used?"), ("TVM-06.1", "Is there a yearly penetration test?"),
        ("DCS-09.1", "Is access to secure areas authorised?"), ("IPY-01.1", "Is there a portability policy?"),
        ("IAM-06.1", "Is access provisioned by request?"),
    ]

    static var parts: [(String, String)] {
        let shared =
            [
                "Question ID", "Question", "CSP CAIQ Answer", "SSRM Control Ownership",
                "CSP Implementation Description (Optional/Recommended)", "Consensus Assessments & more", "Read me",
            ] + questions.map(\.id)
        let sharedXML = shared.map { "<si><t>\($0.replacingOccurrences(of: "&", with: "&amp;"))</t></si>" }.joined()
        var rows = "<row r=\"1\"><c r=\"A1\" s=\"1\" t=\"s\"><v>5</v></c></row><row r=\"2\">"
        for column in 0..<5 { rows += "<c r=\"\(CellRef.letters(column))2\" s=\"1\" t=\"s\"><v>\(column)</v></c>" }
        rows += "</row>"
        for (index, question) in questions.enumerated() {
            let row = index + 3
            rows +=
                "<row r=\"\(row)\"><c r=\"A\(row)\" t=\"s\"><v>\(index + 7)</v></c>"
                + "<c r=\"B\(row)\" t=\"inlineStr\"><is><t>\(question.text)</t></is></c>"
                + "<c r=\"C\(row)\" s=\"1\"/></row>"
        }
        let sheet =
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
            + "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
            + "<dimension ref=\"A1:E\(questions.count + 2)\"/><sheetData>\(rows)</sheetData>"
            + "<sheetProtection sheet=\"1\" objects=\"1\" scenarios=\"1\"/><mergeCells count=\"1\">"
            + "<mergeCell ref=\"A1:E1\"/></mergeCells><dataValidations count=\"1\"><dataValidation type=\"list\" "
            + "allowBlank=\"1\" sqref=\"C3:C200\"><formula1>\"Yes,No,NA\"</formula1></dataValidation>"
            + "</dataValidations></worksheet>"
        let namespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        return [
            (
                "[Content_Types].xml",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/"
                    + "2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-"
                    + "package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                    + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-"
                    + "officedocument.spreadsheetml.sheet.main+xml\"/><Override PartName=\"/xl/worksheets/sheet1.xml\" "
                    + "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
                    + "<Override PartName=\"/xl/worksheets/sheet2.xml\" ContentType=\"application/vnd.openxmlformats-"
                    + "officedocument.spreadsheetml.worksheet+xml\"/><Override PartName=\"/xl/styles.xml\" "
                    + "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
                    + "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-"
                    + "officedocument.spreadsheetml.sharedStrings+xml\"/></Types>"
            ),
            (
                "_rels/.rels",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/"
                    + "package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"\(namespace)/officeDocument\" "
                    + "Target=\"xl/workbook.xml\"/></Relationships>"
            ),
            (
                "xl/workbook.xml",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"http://schemas.openxmlformats.org/"
                    + "spreadsheetml/2006/main\" xmlns:r=\"\(namespace)\"><sheets>"
                    + "<sheet name=\"Read me\" sheetId=\"1\" "
                    + "r:id=\"rId1\"/><sheet name=\"CAIQv4.0.3\" sheetId=\"2\" r:id=\"rId2\"/></sheets></workbook>"
            ),
            (
                "xl/_rels/workbook.xml.rels",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/"
                    + "package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"\(namespace)/worksheet\" "
                    + "Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" Type=\"\(namespace)/worksheet\" "
                    + "Target=\"worksheets/sheet2.xml\"/><Relationship Id=\"rId3\" Type=\"\(namespace)/styles\" "
                    + "Target=\"styles.xml\"/><Relationship Id=\"rId4\" Type=\"\(namespace)/sharedStrings\" "
                    + "Target=\"sharedStrings.xml\"/></Relationships>"
            ),
            (
                "xl/styles.xml",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><styleSheet xmlns=\"http://schemas.openxmlformats.org/"
                    + "spreadsheetml/2006/main\"><fonts count=\"2\">"
                    + "<font><sz val=\"11\"/><name val=\"Calibri\"/></font>"
                    + "<font><b/><sz val=\"11\"/><name val=\"Calibri\"/></font></fonts><fills count=\"1\"><fill>"
                    + "<patternFill patternType=\"none\"/></fill></fills><borders count=\"1\"><border/></borders>"
                    + "<cellStyleXfs count=\"1\"><xf/></cellStyleXfs><cellXfs count=\"2\"><xf fontId=\"0\"/>"
                    + "<xf fontId=\"1\" applyFont=\"1\"/></cellXfs></styleSheet>"
            ),
            (
                "xl/sharedStrings.xml",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\"http://schemas.openxmlformats.org/"
                    + "spreadsheetml/2006/main\" count=\"\(shared.count)\" uniqueCount=\"\(shared.count)\">"
                    + "\(sharedXML)</sst>"
            ),
            (
                "xl/worksheets/sheet1.xml",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/"
                    + "spreadsheetml/2006/main\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>6</v></c></row>"
                    + "</sheetData><mergeCells count=\"1\"><mergeCell ref=\"A1:D1\"/></mergeCells></worksheet>"
            ),
            ("xl/worksheets/sheet2.xml", sheet),
        ]
    }

    static func data() throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        for (path, text) in parts {
            let bytes = Data(text.utf8)
            try archive.addEntry(
                with: path, type: .file, uncompressedSize: Int64(bytes.count),
                modificationDate: Date(timeIntervalSince1970: 1_767_225_600), compressionMethod: .deflate
            ) { position, size in bytes.subdata(in: Int(position)..<min(Int(position) + size, bytes.count)) }
        }
        return try #require(archive.data)
    }

    /// Each part's bytes, by path.
    static func unpacked(_ data: Data) throws -> [String: Data] {
        let archive = try Archive(data: data, accessMode: .read)
        var parts: [String: Data] = [:]
        for entry in archive {
            var bytes = Data()
            _ = try archive.extract(entry) { bytes.append($0) }
            parts[entry.path] = bytes
        }
        return parts
    }
}

@Suite("assure questionnaire: answers the controls back")
struct QuestionnaireCLITests {
    /// The example's content in a temporary folder.
    func example() throws -> URL { try Paths.copy(FrameworkCLITests.example) }

    /// Cells of a sheet as openpyxl reads them, one `REF=value` per line.
    func openpyxl(_ file: URL, sheet: String) throws -> [String: String] {
        let result = try runProcess(
            URL(fileURLWithPath: "/usr/bin/env"),
            [
                "python3", "-c",
                """
                import openpyxl, sys, warnings
                warnings.simplefilter("ignore")
                book = openpyxl.load_workbook(sys.argv[1])
                for row in book[sys.argv[2]].iter_rows():
                    for cell in row:
                        if cell.value is not None: print(cell.coordinate + "=" + str(cell.value).replace("\\n", " "))
                """,
                file.path, sheet,
            ])
        #expect(result.status == 0, "\(result.output)")
        var cells: [String: String] = [:]
        for line in result.output.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2 { cells[parts[0]] = parts[1] }
        }
        return cells
    }

    @Test func aWorkbookIsFilledInPlaceAndReadsBackInOpenpyxl() async throws {
        let root = try example()
        defer { try? FileManager.default.removeItem(at: root) }
        let input = root.appending(path: "review.xlsx")
        let original = try TestWorkbook.data()
        try original.write(to: input)
        let output = root.appending(path: "review-filled.xlsx")
        let run = await assure(
            "questionnaire", "fill", input.path, "--output", output.path, "--project", root.path, "--as-of",
            "2026-12-06")
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output.contains("Filled 5 of 7 questions in review-filled.xlsx"), "\(run.output)")
        // Matched by ID, but only answers the controls back and anyone may read are written.
        #expect(run.output.contains("row 8 (IPY-01.1): left blank: no answer in the library answers this question"))
        #expect(run.output.contains("row 9 (IAM-06.1): left blank: the answer is restricted"))
        #expect(run.output.contains("row 3 (CEK-03.1): yes from ENCRYPTION-AT-REST, matched by id"))

        let before = try TestWorkbook.unpacked(original)
        let after = try TestWorkbook.unpacked(try Data(contentsOf: output))
        #expect(Set(before.keys) == Set(after.keys))
        for (path, bytes) in before where path != "xl/worksheets/sheet2.xml" {
            #expect(after[path] == bytes, "\(path) changed")
        }
        // In the answered sheet, only the answered cells differ.
        let sheet = String(decoding: try #require(after["xl/worksheets/sheet2.xml"]), as: UTF8.self)
        let old = String(decoding: try #require(before["xl/worksheets/sheet2.xml"]), as: UTF8.self)
        #expect(sheet.hasSuffix(String(old.suffix(from: try #require(old.range(of: "</sheetData>")).lowerBound))))
        #expect(sheet.contains("<c r=\"C3\" s=\"1\" t=\"inlineStr\"><is><t xml:space=\"preserve\">Yes</t></is></c>"))

        let cells = try openpyxl(output, sheet: "CAIQv4.0.3")
        #expect(cells["A3"] == "CEK-03.1" && cells["B3"] == "Is data at rest encrypted?")
        #expect(cells["C3"] == "Yes" && cells["D3"] == "CSP-owned" && cells["C4"] == "Yes")
        #expect(cells["E3"]?.hasPrefix("Yes. All customer data, including backups, is encrypted at rest") == true)
        #expect(cells["C5"] == "No", "IAM-14.2 is partly done: the CAIQ's word for it is No")
        #expect(cells["E5"]?.hasPrefix("Partly.") == true)
        #expect(cells["C6"] == "Yes" && cells["C7"] == "NA")
        #expect(cells["C8"] == nil && cells["C9"] == nil, "unanswered rows stay blank")
        #expect(try openpyxl(output, sheet: "Read me") == ["A1": "Read me"])
        let validation = try runProcess(
            URL(fileURLWithPath: "/usr/bin/env"),
            [
                "python3", "-c",
                """
                import openpyxl, sys, warnings
                warnings.simplefilter("ignore")
                s = openpyxl.load_workbook(sys.argv[1])["CAIQv4.0.3"]
                print(s.data_validations.dataValidation[0].sqref, list(s.merged_cells.ranges)[0], s.protection.sheet)
                """,
                output.path,
            ])
        #expect(validation.output.trimmingCharacters(in: .whitespacesAndNewlines) == "C3:C200 A1:E1 True")

        // Same input, same bytes; and the report beside it.
        let again = root.appending(path: "again.xlsx")
        _ = await assure(
            "questionnaire", "fill", input.path, "--output", again.path, "--project", root.path, "--as-of",
            "2026-12-06")
        #expect(try Data(contentsOf: again) == (try Data(contentsOf: output)))
        let report = try String(contentsOf: root.appending(path: "review-filled.report.csv"), encoding: .utf8)
        #expect(report.contains("3,CEK-03.1,Is data at rest encrypted?,id,ENCRYPTION-AT-REST,yes,yes,"))
    }

    /// With the user's own copy of the official CAIQ v4.0.3 workbook (never committed: the CSA's
    /// licence does not allow it), the example fills it and openpyxl reads the answers back.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["ASSURE_CAIQ_WORKBOOK"] != nil))
    func theOfficialCAIQWorkbookIsFilledFromTheExample() async throws {
        let root = try example()
        defer { try? FileManager.default.removeItem(at: root) }
        let official = URL(fileURLWithPath: try #require(ProcessInfo.processInfo.environment["ASSURE_CAIQ_WORKBOOK"]))
        let output = root.appending(path: "caiq-filled.xlsx")
        let inspect = await assure("questionnaire", "inspect", official.path, "--project", root.path)
        #expect(inspect.output.contains("questionnaire: caiq-4.0.3"), "\(inspect.output)\(inspect.errors)")
        let run = await assure(
            "questionnaire", "fill", official.path, "--output", output.path, "--project", root.path, "--as-of",
            "2026-12-06")
        #expect(run.status == 0, "\(run.errors)")
        let result = try runProcess(
            URL(fileURLWithPath: "/usr/bin/env"),
            [
                "python3", "-c",
                """
                import openpyxl, sys, warnings
                warnings.simplefilter("ignore")
                book = openpyxl.load_workbook(sys.argv[1])
                sheet = next(s for s in book.worksheets if s.title.startswith("CAIQv4.0.3"))
                rows = list(sheet.iter_rows(values_only=True))
                head = next(i for i, r in enumerate(rows) if "Question ID" in r and "CSP CAIQ Answer" in r)
                answer = rows[head].index("CSP CAIQ Answer")
                ids = rows[head].index("Question ID")
                for row in rows[head + 1:]:
                    if row[ids] and row[answer]: print(row[ids], row[answer])
                """,
                output.path,
            ])
        let answers = Dictionary(
            result.output.split(separator: "\n").compactMap { line -> (String, String)? in
                let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
                return parts.count == 2 ? (parts[0], parts[1]) : nil
            }, uniquingKeysWith: { first, _ in first })
        #expect(answers["CEK-03.1"] == "Yes" && answers["IAM-14.2"] == "No" && answers["DCS-09.1"] == "NA")
        #expect(answers.count >= 150, "\(answers.count) answers read back")
    }

    @Test func restrictedAnswersGoOnlyToACustomerWithAnAccessGrant() async throws {
        let root = try example()
        defer { try? FileManager.default.removeItem(at: root) }
        let input = root.appending(path: "review.xlsx")
        try TestWorkbook.data().write(to: input)
        let anyone = await assure(
            "questionnaire", "inspect", input.path, "--project", root.path, "--as-of", "2026-12-06")
        #expect(anyone.output.contains("would answer 5 of 7 questions"), "\(anyone.output)")
        #expect(anyone.output.contains("answer: column C \"CSP CAIQ Answer\""))
        let blank = await assure(
            "questionnaire", "fill", input.path, "--project", root.path, "--as-of", "2026-12-06")
        #expect(blank.output.contains("(IAM-06.1): left blank: the answer is restricted"), "\(blank.output)")
        let northwind = await assure(
            "questionnaire", "fill", input.path, "--project", root.path, "--as-of", "2026-12-06", "--customer",
            "Northwind Traders", "--record")
        #expect(northwind.output.contains("Filled 6 of 7 questions"), "\(northwind.output)")
        let record = root.appending(path: "content/questionnaires/sent/northwind-traders-2026-12-06.yml")
        let text = try String(contentsOf: record, encoding: .utf8)
        #expect(text.contains("- {question: \"IAM-06.1\", answer: \"PROVISIONING\", given: \"yes\"}"))
        // The record keeps the project clean, and a promise broken by an edit warns.
        #expect(await assure("check", "--project", root.path, "--as-of", "2026-12-06").status == 0)
        let control = root.appending(path: "content/controls/ac-02.md")
        try String(contentsOf: control, encoding: .utf8)
            .replacingOccurrences(of: "status: implemented", with: "status: planned")
            .write(to: control, atomically: true, encoding: .utf8)
        let broken = await assure("check", "--project", root.path, "--as-of", "2026-12-06")
        #expect(broken.status == 1)
        #expect(
            broken.output.contains(
                "content/answers/provisioning.md:5:13: error: `PROVISIONING` answers yes (caiq-4.0.3:IAM-06.1), but "
                    + "`AC-02` is planned [answer-claims-unimplemented]"), "\(broken.output)")
        #expect(
            broken.output.contains("Northwind Traders was told yes to IAM-06.1 on 2026-12-06, and it no longer holds"))
    }

    /// Each rule of the answer library, broken once in the example, is reported by `assure check`
    /// where it was broken, and fails it.
    @Test func everyAnswerRuleIsReportedByCheck() async throws {
        let root = try example()
        defer { try? FileManager.default.removeItem(at: root) }
        func answer(_ name: String, _ fields: String, body: String = "Text.") throws {
            try "---\nid: ZZ-\(name.uppercased())\ntitle: Question \(name)?\n\(fields)\n---\n\(body)\n".write(
                to: root.appending(path: "content/answers/zz-\(name).md"), atomically: true, encoding: .utf8)
        }
        try answer("claims", "answer: \"yes\"\nbacked_by: [VULN-03]\napplies_to: [caiq-4.0.3:TVM-09.1]")
        try answer("unbacked", "answer: \"yes\"\nbacked_by: [POL-ISP]")
        try answer("excluded", "answer: partial\nbacked_by: [ZZ-OFF]")
        try answer("na", "answer: na\nbacked_by: []", body: "")
        try answer("unknown", "answer: info\nbacked_by: [AC-01]\napplies_to: [caiq-4.0.3:TVM-99.1]")
        try answer("duplicate", "answer: \"yes\"\nbacked_by: [CRY-01]\napplies_to: [caiq-4.0.3:CEK-03.1]")
        try answer("stale", "answer: \"yes\"\nbacked_by: [AC-01]\nreviewed: 2024-01-10\nreview_every: 12 months")
        try answer("exception", "answer: \"yes\"\nbacked_by: [BC-03]")
        let notApplicable =
            "---\nid: ZZ-OFF\ntitle: Not here\nowner: IT\ncriteria: []\nstatus: not-applicable\n"
            + "family: operations\n---\nNo.\n"
        try notApplicable.write(
            to: root.appending(path: "content/controls/zz-na.md"), atomically: true, encoding: .utf8)
        let sent = root.appending(path: "content/questionnaires/sent")
        try FileManager.default.createDirectory(at: sent, withIntermediateDirectories: true)
        try "customer: ACME\nsent: 2026-11-02\nanswers:\n  - {question: A&A-02.1, answer: GONE, given: \"yes\"}\n"
            .write(to: sent.appending(path: "acme-2026-11-02.yml"), atomically: true, encoding: .utf8)
        let check = await assure("check", "--project", root.path, "--as-of", "2026-12-06")
        #expect(check.status == 1)
        for expected in [
            "content/answers/zz-claims.md:5:13: error: `ZZ-CLAIMS` answers yes (caiq-4.0.3:TVM-09.1), but `VULN-03` is "
                + "planned [answer-claims-unimplemented]",
            "content/answers/zz-unbacked.md:5:1: error: `ZZ-UNBACKED` answers yes with no control behind it "
                + "[unbacked-answer]",
            "content/answers/zz-excluded.md:5:13: error: `ZZ-EXCLUDED` answers partial on `ZZ-OFF`, which is not "
                + "applicable [answer-backed-by-excluded]",
            "content/answers/zz-na.md:4:1: error: `ZZ-NA` answers na without saying why the question does not apply "
                + "[answer-without-reason]",
            "content/answers/zz-unknown.md:6:14: error: CSA Consensus Assessments Initiative Questionnaire 4.0.3 has "
                + "no question `TVM-99.1` [unknown-question]",
            "content/answers/zz-duplicate.md:6:14: error: `ZZ-DUPLICATE` and `ENCRYPTION-AT-REST` both answer "
                + "caiq-4.0.3:CEK-03.1 [duplicate-answer]",
            "content/answers/zz-stale.md:6:1: warning: `ZZ-STALE` was last reviewed on 2024-01-10 and was due again on "
                + "2025-01-10 [answer-stale]",
            "content/answers/zz-exception.md:5:13: warning: `ZZ-EXCEPTION` relies on `BC-03`, which had an exception "
                + "on 2026-03-31",
            "content/questionnaires/sent/acme-2026-11-02.yml:4:34: warning: ACME was told yes to A&A-02.1 on "
                + "2026-11-02, and it no longer holds: the answer `GONE` no longer exists [promise-at-risk]",
        ] {
            #expect(check.output.contains(expected), "missing: \(expected)\n\(check.output)")
        }
    }

    @Test func aCSVIsFilledKeepingEveryOtherByte() async throws {
        let root = try example()
        defer { try? FileManager.default.removeItem(at: root) }
        let input = root.appending(path: "bank.csv")
        let original =
            "\u{FEFF}Ref,Question,Response,Comments\r\n1,\"Do you enforce MFA?\",,\r\n"
            + "2,\"Is data encrypted at rest?\",,\"kept, as is\"\r\n3,Do you have a bug bounty?,,\r\n"
            + "4,Do you sell lemonade?,,\r\n5,Do you run a public bug bounty programme?\r\n"
        try Data(original.utf8).write(to: input)
        let run = await assure("questionnaire", "fill", input.path, "--project", root.path, "--as-of", "2026-12-06")
        #expect(run.status == 0, "\(run.errors)")
        let filled = try #require(
            String(validating: try Data(contentsOf: root.appending(path: "bank.filled.csv")), as: UTF8.self))
        let lines = filled.components(separatedBy: "\r\n")
        #expect(lines[0] == "\u{FEFF}Ref,Question,Response,Comments")
        #expect(
            lines[1].hasPrefix("1,\"Do you enforce MFA?\",Yes,\"Yes. All staff sign in through one identity provider"))
        #expect(
            lines[2] == "2,\"Is data encrypted at rest?\",,\"kept, as is\"", "an answered cell is never overwritten")
        #expect(lines[3].hasPrefix("3,Do you have a bug bounty?,No,\"Not yet."))
        #expect(lines[4] == "4,Do you sell lemonade?,,")
        #expect(
            lines[5].hasPrefix("5,Do you run a public bug bounty programme?,No,\"Not yet."), "a short row gains fields")
        #expect(run.output.contains("row 3 (2): left blank: the file already has an answer in D3"), "\(run.output)")
    }

    @Test func badFilesGetAClearErrorAndExitOne() async throws {
        let root = try example()
        defer { try? FileManager.default.removeItem(at: root) }
        for (name, bytes) in [
            ("empty.xlsx", Data()), ("text.xlsx", Data("not a zip".utf8)), ("binary.csv", Data([0, 1, 2, 0xFF])),
            ("sheet.ods", Data("x".utf8)), ("headings.csv", Data("a,b\n1,2\n".utf8)),
        ] {
            try bytes.write(to: root.appending(path: name))
            let run = await assure("questionnaire", "fill", root.appending(path: name).path, "--project", root.path)
            #expect(run.status == 1, "\(name)")
            #expect(run.errors.hasPrefix("error: \(root.appending(path: name).path): "), "\(name): \(run.errors)")
        }
        let unknown = await assure(
            "questionnaire", "inspect", root.appending(path: "headings.csv").path, "--questionnaire", "caiq-9",
            "--project", root.path)
        #expect(unknown.errors.contains("no questionnaire has the key `caiq-9`"))
    }

    @Test func aPromiseBrokenInAPullRequestFailsTheDiff() async throws {
        let repository = try Repository(fixture: FrameworkCLITests.example)
        defer { repository.remove() }
        let sent = repository.root.appending(path: "content/questionnaires/sent")
        try FileManager.default.createDirectory(at: sent, withIntermediateDirectories: true)
        try "customer: ACME\nsent: 2026-11-02\nquestionnaire: caiq-4.0.3\nanswers:\n"
            .appending("  - {question: CEK-03.1, answer: ENCRYPTION-AT-REST, given: \"yes\"}\n")
            .write(to: sent.appending(path: "acme-2026-11-02.yml"), atomically: true, encoding: .utf8)
        try repository.commit("Record the ACME questionnaire")
        try repository.edit("content/controls/cry-01.md") {
            $0.replacingOccurrences(of: "status: implemented", with: "status: partial")
        }
        try repository.commit("Key rotation moves to a new service")
        let diff = await assure(
            "diff", "HEAD~1", "HEAD", "--project", repository.root.path, "--format", "markdown", "--fail-on",
            "promise-at-risk")
        #expect(diff.status == 1)
        #expect(diff.output.contains("**Promises to customers at risk**"), "\(diff.output)")
        #expect(
            diff.output.contains(
                "ACME was told yes to CEK-03.1 on 2026-11-02 (ENCRYPTION-AT-REST): `ENCRYPTION-AT-REST` answers yes"))
        let clean = await assure(
            "diff", "HEAD~2", "HEAD~1", "--project", repository.root.path, "--fail-on", "promise-at-risk")
        #expect(clean.status == 0, "\(clean.output)")
    }
}
