import Foundation
import Testing

@testable import AssureCLI
@testable import AssureCore

/// Evidence from the command line: in the bundle, in `evidence due`, in `diff`.
@Suite("Evidence from the command line")
struct EvidenceCLITests {
    static let artifact = "files/evidence/AC-04/2026-q1-access-review.csv"

    @Test func theBundleHashesEveryArtifactAndVerifyCatchesAChangedOne() async throws {
        let project = try BundleCLITests().repository(FrameworkCLITests.example)
        defer { try? FileManager.default.removeItem(at: project) }
        let zip = project.appending(path: "out/bundle.zip").path
        let made = await assure("bundle", "--project", project.path, "--output", zip)
        #expect(made.status == 0, "\(made.errors)")
        let manifest = try #require(
            try JSONSerialization.jsonObject(with: try Data(contentsOf: URL(fileURLWithPath: zip)).manifestJSON())
                as? [String: Any])
        let files = try #require(manifest["files"] as? [[String: Any]])
        let source = try Data(contentsOf: project.appending(path: "content/evidence/AC-04/2026-q1-access-review.csv"))
        let entry = try #require(files.first { $0["path"] as? String == Self.artifact })
        #expect(entry["sha256"] as? String == AuditorBundle.sha256(source))
        let artifacts = files.compactMap { $0["path"] as? String }.filter { $0.hasPrefix("files/evidence/") }
        #expect(artifacts.count == 5, "\(artifacts)")
        #expect(files.contains { $0["path"] as? String == "evidence/AC-04.html" })

        let work = project.appending(path: "unzipped")
        try BundleCLITests().run("unzip", "-q", zip, "-d", work.path)
        try "user,decision\nsomeone,keep\n".write(
            to: work.appending(path: Self.artifact), atomically: true, encoding: .utf8)
        let tampered = project.appending(path: "tampered.zip").path
        try BundleCLITests().run("sh", "-c", "cd '\(work.path)' && zip -q -r -X '\(tampered)' .")
        let result = await assure("verify", tampered)
        #expect(result.status == 1)
        #expect(result.output.contains("changed: \(Self.artifact)"))
    }

    /// A running Type II period with a quarterly and a monthly control, owned by two people.
    func runningProgramme() throws -> URL {
        // The clean fixture's own controls have no frequency, so they ask for no evidence.
        try MessageTests().project([
            "content/assure.yml":
                "organization: {name: Test Co}\nreport:\n  type: type-2\n  period: {start: 2026-01-01, end: "
                + "2026-12-31}\n",
            "content/controls/q.md":
                "---\nid: CTL-Q\ntitle: Access review\nowner: Kim Lee\ncriteria: [CC6.2]\nstatus: implemented\n"
                + "family: access-control\nfrequency: quarterly\nevidence: [Export]\n---\nText.\n",
            "content/controls/m.md":
                "---\nid: CTL-M\ntitle: Backup report, monthly\nowner: Ana Ruiz\ncriteria: [A1.2]\nstatus: "
                + "implemented\n"
                + "family: system-operations\nfrequency: monthly\nevidence: [Report]\n---\nText.\n",
            "content/evidence/CTL-Q.yml":
                "records:\n  - performed: 2026-03-30\n    covers: {from: 2026-01-01, to: 2026-03-31}\n    "
                + "performer: Kim Lee\n"
                + "    result: ok\n",
            "content/evidence/CTL-M.yml":
                "records:\n  - performed: 2026-01-30\n    covers: {from: 2026-01-01, to: 2026-01-31}\n    "
                + "performer: Ana Ruiz\n"
                + "    result: ok\n",
        ])
    }

    /// A control's own activity (a yearly restore test beside monthly backup reports) is due on
    /// its own schedule, named in the list.
    @Test func evidenceDueNamesEachActivity() async throws {
        let root = try runningProgramme()
        defer { try? FileManager.default.removeItem(at: root) }
        let control = root.appending(path: "content/controls/m.md")
        try String(contentsOf: control, encoding: .utf8).replacingOccurrences(
            of: "frequency: monthly",
            with: "frequency: monthly\nactivities: [{name: Restore test, frequency: annually}]"
        ).write(to: control, atomically: true, encoding: .utf8)
        let due = await assure("evidence", "due", "--project", root.path, "--as-of", "2026-03-10")
        #expect(due.status == 0, "\(due.errors)")
        #expect(
            due.output.contains(
                "2026-12-31  CTL-M Backup report, monthly: Restore test: 2026 (2026-01-01 to 2026-12-31)"),
            "\(due.output)")
        #expect(due.output.contains("CTL-M Backup report, monthly: March 2026"), "the monthly reports still fall due")
    }

    @Test func evidenceDueListsWhatIsNextByOwnerAndAsAValidCalendar() async throws {
        let root = try runningProgramme()
        defer { try? FileManager.default.removeItem(at: root) }
        let text = await assure("evidence", "due", "--project", root.path, "--as-of", "2026-03-10")
        #expect(text.status == 0, "\(text.errors)")
        #expect(
            text.output == """
                Evidence due as of 2026-03-10

                Ana Ruiz
                  2026-02-28  OVERDUE  CTL-M Backup report, monthly: February 2026 (2026-02-01 to 2026-02-28)
                  2026-03-31  CTL-M Backup report, monthly: March 2026 (2026-03-01 to 2026-03-31)

                Kim Lee
                  2026-03-31  CTL-Q Access review: Q1 2026 (2026-01-01 to 2026-03-31)
                """, "the record of Q1 was performed on 2026-03-30, after the day asked about: not yet collected")
        let kim = await assure("evidence", "due", "--project", root.path, "--as-of", "2026-03-10", "--owner", "kim lee")
        #expect(!kim.output.contains("CTL-M") && kim.output.contains("CTL-Q"))

        let ics = await assure("evidence", "due", "--project", root.path, "--as-of", "2026-03-10", "--format", "ics")
        #expect(ics.output.hasPrefix("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"))
        let file = root.appending(path: "due.ics")
        try (ics.output + "\n").write(to: file, atomically: true, encoding: .utf8)
        let parsed = try runProcess(
            URL(fileURLWithPath: "/usr/bin/env"),
            [
                "python3", "-c",
                """
                import icalendar, sys
                calendar = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
                for event in calendar.walk('VEVENT'):
                    print(event['DTSTART'].dt, event['UID'], str(event['SUMMARY']))
                """,
                file.path,
            ])
        #expect(parsed.status == 0, "\(parsed.output)")
        #expect(
            parsed.output.split(separator: "\n") == [
                "2026-02-28 ctl-m-20260201@assure.evidence Overdue: Evidence for CTL-M Backup report, monthly "
                    + "(February 2026)",
                "2026-03-31 ctl-m-20260301@assure.evidence Evidence for CTL-M Backup report, monthly (March 2026)",
                "2026-03-31 ctl-q-20260101@assure.evidence Evidence for CTL-Q Access review (Q1 2026)",
            ])
    }

    @Test func diffReportsEvidenceAddedRemovedAndExceptionsPerControl() async throws {
        let repository = try Repository(fixture: FrameworkCLITests.example)
        defer { repository.remove() }
        try repository.edit("content/evidence/AC-04.yml") { text in
            text
                + "  - performed: 2026-06-29\n    covers: {from: 2026-06-01, to: 2026-06-29}\n    performer: "
                + "Ivo Petrov\n"
                + "    result: exception\n    exception: Two leavers were found with access.\n"
                + "    remediation: Removed the same day.\n"
        }
        try FileManager.default.removeItem(at: repository.root.appending(path: "content/evidence/INS-01.yml"))
        try repository.commit("Evidence")
        let (_, diff) = try await DiffCLITests().json(repository, "HEAD~1", "HEAD")
        let evidence = try #require(diff["evidence"] as? [[String: Any]])
        #expect(evidence.map { $0["control"] as? String } == ["AC-04", "INS-01"])
        #expect(evidence.first?["added"] as? Int == 1)
        #expect(evidence.first?["exceptions"] as? [String] == ["Two leavers were found with access."])
        #expect(evidence.last?["removed"] as? Int == 1)
        let markdown = await assure("diff", "--project", repository.root.path, "HEAD~1", "HEAD")
        #expect(markdown.output.contains("#### Evidence\n\n- `AC-04`: 1 record added, 1 exception recorded\n"))
    }
}
