import Foundation
import Testing

@testable import AssureCore

/// Type II evidence: records in `content/evidence/`, checked against each control's frequency
/// over the report period, shown to auditors only.
@Suite("Evidence of operation")
struct EvidenceTests {
    /// A Type II programme for the first half of 2026 with one quarterly control, CTL-Q.
    static func project(records: String, frequency: String = "quarterly", typeI: Bool = false) -> TestProject {
        var project = TestProject()
        project["content/assure.yml"] = """
            organization: {name: Test Co}
            report:
              type: \(typeI ? "type-1" : "type-2")
              period: {\(typeI ? "" : "start: 2026-01-01, ")end: 2026-06-30}
            """
        project["content/controls/q.md"] = """
            ---
            id: CTL-Q
            title: Quarterly review
            owner: Security Lead
            criteria: [CC6.2]
            status: implemented
            family: access-control
            frequency: \(frequency)
            evidence: [Review export]
            ---
            Reviews.
            """
        project["content/evidence/CTL-Q.yml"] = "records:\n" + records
        return project
    }

    static func record(_ performed: String, _ from: String, _ to: String, result: String = "ok", extra: String = "")
        -> String
    {
        "  - performed: \(performed)\n    covers: {from: \(from), to: \(to)}\n    performer: Kim\n    result: "
            + "\(result)\n"
            + extra
    }

    func diagnostics(_ project: TestProject, asOf: String) async -> [Diagnostic] {
        await BuildPipeline(project: project.reader, asOf: CalendarDate(iso: asOf)!).check().diagnostics
    }

    @Test func aQuarterMissingIsOneGapNamingThatQuarter() async throws {
        let project = Self.project(records: Self.record("2026-03-20", "2026-01-01", "2026-03-31"))
        let found = await diagnostics(project, asOf: "2026-11-29")
        let gaps = found.filter { $0.code == .evidenceGap }
        #expect(gaps.map(\.summary) == ["CTL-Q (quarterly) has no evidence for Q2 2026 (2026-04-01 to 2026-06-30)"])
        #expect(gaps.first?.severity == .error, "the period has ended")
        #expect(gaps.first.map { "\($0.location)" } == "content/evidence/CTL-Q.yml:1:1")
        #expect(found.filter { $0.code != .evidenceGap }.isEmpty, "\(found.map(\.description))")
        // The matrix on the auditor site says so beside the control; the evidence page shows the gap.
        let site = try await buildSite(project.reader, audience: .auditor)
        #expect(
            site["criteria/soc2/index.html"]?.contains("CTL-Q</a> <span class=\"muted\">(evidence missing)</span>")
                == true)
        #expect(site[SitePaths.evidence(for: "CTL-Q")]?.contains("<th scope=\"row\">Q2 2026</th>") == true)
    }

    /// A control with an activity of its own (quarterly reviews, a yearly recertification): each
    /// activity has its frequency, its slots and its evidence, and says so on the pages.
    @Test func eachActivityHasItsOwnFrequencyAndEvidence() async throws {
        var project = Self.project(
            records: Self.record("2026-03-20", "2026-01-01", "2026-03-31")
                + Self.record("2026-06-20", "2026-04-01", "2026-06-30"))
        project["content/controls/q.md"] = project["content/controls/q.md"]!.replacingOccurrences(
            of: "frequency: quarterly",
            with: "frequency: quarterly\nactivities: [{name: Recertification, frequency: annually}]")
        // Only the quarterly reviews are recorded: the year's recertification is the one gap.
        let gaps = await diagnostics(project, asOf: "2026-11-29").filter { $0.code == .evidenceGap }
        #expect(
            gaps.map(\.summary) == [
                "CTL-Q recertification (annually) has no evidence for 2026 (2026-01-01 to 2026-06-30)"
            ])
        #expect(gaps.first?.hint?.contains("whose `activity` is Recertification") == true)

        project["content/evidence/CTL-Q.yml"]! += Self.record(
            "2026-05-04", "2026-05-04", "2026-05-04", extra: "    activity: recertification\n")
        #expect(await diagnostics(project, asOf: "2026-11-29").isEmpty)
        let site = try await buildSite(project.reader, audience: .auditor)
        #expect(site["controls/CTL-Q.html"]?.contains("Quarterly; Recertification: annually") == true)
        let evidence = try #require(site[SitePaths.evidence(for: "CTL-Q")])
        #expect(evidence.contains("<th scope=\"row\">Recertification: 2026</th>"))
        #expect(evidence.contains("3 of 3 collected"))

        // A record of an activity the control does not have is an error where it is written.
        project["content/evidence/CTL-Q.yml"]! += Self.record(
            "2026-05-05", "2026-05-05", "2026-05-05", extra: "    activity: Restore test\n")
        let unknown = await diagnostics(project, asOf: "2026-11-29").filter { $0.severity == .error }
        #expect(unknown.map(\.summary) == ["CTL-Q has no activity `Restore test`"])
        #expect(unknown.first?.hint == "its activities: Recertification")
    }

    @Test func aMonthlyControlDuringARunningPeriodIsNotFlaggedForTheMonthsToCome() async {
        let records = ["01", "02"].map { Self.record("2026-\($0)-25", "2026-\($0)-01", "2026-\($0)-28") }.joined()
        let project = Self.project(records: records, frequency: "monthly")
        let found = await diagnostics(project, asOf: "2026-03-15")
        #expect(found.isEmpty, "March is not over yet; April to June are to come: \(found.map(\.description))")
        // A month later, March is a gap (a warning while the period runs) and the control is overdue.
        let later = await diagnostics(project, asOf: "2026-04-10")
        #expect(later.map(\.code) == [.evidenceGap, .evidenceOverdue])
        #expect(later.first?.severity == .warning)
        #expect(later.first?.summary.contains("March 2026") == true)
        #expect(
            later.last?.summary.contains("was last performed on 2026-02-25; the next occurrence was due by 2026-03-25")
                == true)
    }

    @Test func aRecordDatedOutsideItsOwnPeriodIsAnErrorWhereItIsWritten() async {
        let project = Self.project(
            records: Self.record("2026-03-20", "2026-01-01", "2026-03-31")
                + Self.record("2026-07-02", "2026-04-01", "2026-06-30"))
        let found = await diagnostics(project, asOf: "2026-11-29")
        let error = found.first { $0.code == .invalidValue }
        #expect("\(error?.location.description ?? "")" == "content/evidence/CTL-Q.yml:6:16")
        #expect(
            error?.summary == "performed on 2026-07-02, outside the period the record covers (2026-04-01 to 2026-06-30)"
        )
        // A record outside the report period, and one for a control that does not exist.
        var other = Self.project(records: Self.record("2025-11-20", "2025-10-01", "2025-12-31"))
        other["content/evidence/CTL-NOPE.yml"] = "records:\n" + Self.record("2026-03-20", "2026-01-01", "2026-03-31")
        let more = await diagnostics(other, asOf: "2026-11-29")
        #expect(more.contains { $0.code == .invalidValue && $0.summary.contains("outside the report period") })
        #expect(
            more.contains {
                $0.code == .danglingReference && $0.summary == "evidence for `CTL-NOPE`, but no control has that ID"
            })
    }

    @Test func aTypeIReportNeedsOneRecordAtItsDate() async {
        let none = Self.project(records: "", typeI: true)
        let gaps = await diagnostics(none, asOf: "2026-11-29").filter { $0.code == .evidenceGap }
        #expect(
            gaps.map(\.summary) == [
                "CTL-Q (quarterly) has no evidence for as of 30 June 2026 (2026-06-30 to 2026-06-30)"
            ])
        let one = Self.project(records: Self.record("2026-06-12", "2026-04-01", "2026-06-30"), typeI: true)
        #expect(await diagnostics(one, asOf: "2026-11-29").isEmpty)
    }

    @Test func thePublicSiteHoldsNoByteOfAnyEvidence() async throws {
        var project = Self.project(
            records: Self.record("2026-03-20", "2026-01-01", "2026-03-31", extra: "    artifacts: [CTL-Q/q1.csv]\n")
                + Self.record(
                    "2026-06-20", "2026-04-01", "2026-06-30", result: "exception",
                    extra: "    exception: CANARY-EXCEPTION text\n    remediation: CANARY-REMEDIATION\n"))
        project["content/evidence/CTL-Q/q1.csv"] = "user,decision\nCANARY-ARTIFACT,keep\n"
        project["content/controls/q.md"] = project["content/controls/q.md"]!.replacingOccurrences(
            of: "family: access-control", with: "family: access-control\naudience: public")
        let publicSite = try await buildSite(project.reader)
        for (path, content) in publicSite {
            #expect(!content.contains("CANARY") && !content.contains("Kim"), "\(path) leaks evidence")
            #expect(!path.hasPrefix("evidence/") && !path.contains("q1.csv"), "\(path) is evidence")
        }
        let auditor = try await buildSite(project.reader, audience: .auditor)
        #expect(auditor["files/evidence/CTL-Q/q1.csv"]?.contains("CANARY-ARTIFACT") == true)
        let page = try #require(auditor[SitePaths.evidence(for: "CTL-Q")])
        #expect(page.contains("Performed 2026-03-20 by Kim") && page.contains("../files/evidence/CTL-Q/q1.csv"))
        #expect(auditor[SitePaths.exceptions]?.contains("CANARY-EXCEPTION text") == true)
        #expect(auditor[SitePaths.population(for: "CTL-Q")]?.split(separator: "\n").count == 3)
        #expect(auditor[SitePaths.register]?.contains("2 of 2 collected") == true)
    }

    @Test func slotsFollowTheFrequency() throws {
        let start = CalendarDate(iso: "2026-01-15")!
        let end = CalendarDate(iso: "2026-07-10")!
        let period = try #require(
            ReportPeriod(.init(type: .type2, status: .inProgress, periodStart: start, periodEnd: end)))
        func labels(_ frequency: ControlFrequency) -> [String] {
            EvidenceSchedule.slots(for: frequency, in: period).map(\.label)
        }
        #expect(labels(.quarterly) == ["Q1 2026", "Q2 2026", "Q3 2026"])
        #expect(labels(.annually) == ["2026"])
        #expect(labels(.continuous).count == 7 && labels(.daily).first == "January 2026")
        #expect(labels(.perEvent) == ["the period"])
        let weeks = EvidenceSchedule.slots(for: .weekly, in: period)
        #expect(weeks.first?.from.description == "2026-01-15" && weeks.first?.to.description == "2026-01-18")
        #expect(weeks.dropFirst().allSatisfy { ($0.from.daysSince1970 + 3) % 7 == 0 }, "later weeks start on Mondays")
    }
}
