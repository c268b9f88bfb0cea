import AssureCore
import Foundation
import Testing

@testable import AssureCLI

/// `assure pdf` on the example, read back with poppler's pdftotext and pdfinfo as a reader's
/// tools would: every policy there, the contents' page numbers right, running headers and page
/// numbers, the same bytes twice, and nothing an edition's audience may not see.
@Suite("assure pdf", .serialized)
struct PDFCLITests {
    static func poppler(_ tool: String, _ arguments: [String]) throws -> String {
        let result = try runProcess(URL(fileURLWithPath: "/usr/bin/env"), [tool] + arguments)
        #expect(result.status == 0, "\(tool): \(result.output)")
        return result.output
    }

    static func text(_ pdf: URL, page: Int? = nil) throws -> String {
        let range = page.map { ["-f", "\($0)", "-l", "\($0)"] } ?? []
        return try poppler("pdftotext", ["-layout"] + range + [pdf.path, "-"])
    }

    /// The example's policies: ID, title, audience, and a phrase from the body.
    static func policies(in root: URL) throws -> [(id: String, title: String, audience: String, phrase: String)] {
        try Paths.tree(root.appending(path: "content/policies")).values.map { data in
            let text = String(decoding: data, as: UTF8.self)
            let id = try #require(text.firstMatch(of: /\nid: *(\S+)/)?.1)
            let title = try #require(text.firstMatch(of: /\ntitle: *(.+)\n/)?.1)
            let audience = text.firstMatch(of: /\naudience: *([a-z]+)/)?.1 ?? "auditor"
            let body = text.components(separatedBy: "\n---\n").last ?? ""
            let phrase = body.split(separator: "\n").first { $0.count > 40 && !$0.hasPrefix("#") && !$0.contains("[") }
            return (String(id), String(title), String(audience), String((phrase ?? "").prefix(30)))
        }.sorted { $0.id < $1.id }
    }

    @Test func theAuditorsEditionHasEveryPolicyContentsWithPageNumbersAndTheSameBytesTwice() async throws {
        let repository = try Repository(fixture: FrameworkCLITests.example)
        defer { try? FileManager.default.removeItem(at: repository.root) }
        let pdf = repository.root.appending(path: "policies.pdf")
        let run = await assure("pdf", "--project", repository.root.path, "-o", pdf.path, "--as-of", "2026-06-30")
        #expect(run.status == 0, "\(run.errors)")
        let policies = try Self.policies(in: repository.root).filter { $0.audience != "internal" }
        #expect(
            run.output.hasSuffix(
                "\(policies.count) documents on \(PDFPages.pageCount(of: try Data(contentsOf: pdf))) pages, "
                    + "the auditor edition"
            ))

        let info = try Self.poppler("pdfinfo", [pdf.path])
        let pages = Int(info.firstMatch(of: /Pages:\s+(\d+)/)?.1 ?? "") ?? 0
        #expect(pages >= policies.count + 2 && pages < policies.count * 6, "\(info)")
        // Dated by the commit, not the clock.
        #expect(info.contains("CreationDate:    Sun Mar  1 10:00:00 2026 UTC"), "\(info)")
        #expect(info.contains("Title:           Fernhill Labs: Policies"))

        // The contents name each policy with the page it starts on, and that page holds it.
        let contents = try Self.text(pdf, page: 2)
        for policy in policies {
            let line = try #require(
                contents.split(separator: "\n").first { $0.contains(policy.id + " ") }, "\(policy.id)")
            let page = try #require(Int(line.split(separator: " ").last ?? ""), "\(line)")
            let start = try Self.text(pdf, page: page).split(whereSeparator: \.isWhitespace).joined(separator: " ")
            #expect(
                start.contains(policy.title) && start.contains("Policy \(policy.id)"), "\(policy.id) on page \(page)")
            #expect(start.contains("Fernhill Labs · Policies") && start.contains("Page \(page) of \(pages)"))
        }
        // The contents link inside the PDF: a named destination for each policy.
        #expect(PDFPages.destinations(in: try Data(contentsOf: pdf)).count >= policies.count)

        let again = repository.root.appending(path: "again.pdf")
        _ = await assure("pdf", "--project", repository.root.path, "-o", again.path, "--as-of", "2026-06-30")
        #expect(try Data(contentsOf: again) == (try Data(contentsOf: pdf)))
    }

    @Test func thePublicEditionHoldsNothingThePublicSiteDoesNotShow() async throws {
        let project = try Paths.copy(FrameworkCLITests.example)
        defer { try? FileManager.default.removeItem(at: project) }
        let pdf = project.appending(path: "public.pdf")
        let run = await assure(
            "pdf", "--project", project.path, "-o", pdf.path, "--audience", "public", "--as-of", "2026-06-30")
        #expect(run.status == 0, "\(run.errors)")
        let text = try Self.text(pdf).replacingOccurrences(of: "\n", with: " ")
        let words = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        let policies = try Self.policies(in: project)
        #expect(policies.contains { $0.audience == "public" } && policies.contains { $0.audience == "auditor" })
        for policy in policies {
            let phrase = policy.phrase.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            switch policy.audience {
            case "public":
                #expect(words.contains(policy.title) && words.contains(phrase), "\(policy.id) missing")
            case "restricted":
                #expect(words.contains(policy.title), "\(policy.id) is listed on request")
                #expect(phrase.isEmpty || !words.contains(phrase), "\(policy.id)'s text leaked")
            default:
                #expect(!words.contains(policy.title), "\(policy.id) (\(policy.audience)) leaked")
                #expect(phrase.isEmpty || !words.contains(phrase), "\(policy.id)'s text leaked")
            }
        }
        #expect(words.contains("Available on request") && words.contains("Public edition"))
    }

    /// Without Chromium there is no lesser PDF: the command says how to install it and exits 64.
    @Test func withoutChromiumItSaysHowToGetItAndExits64() async throws {
        #expect(throws: (any Error).self) { try Chromium.locate(nil, environment: ["PATH": "/nonexistent"]) }
        do {
            _ = try Chromium.locate(nil, environment: ["PATH": "/nonexistent"])
        } catch {
            #expect("\(error)".contains("sudo apt-get install chromium"))
        }
        let project = try Paths.copy(FrameworkCLITests.example)
        defer { try? FileManager.default.removeItem(at: project) }
        let output = project.appending(path: "x.pdf")
        let run = await assure(
            "pdf", "--project", project.path, "-o", output.path, "--chromium", "/nonexistent/chromium")
        #expect(run.status == 64 && run.errors.contains("--chromium /nonexistent/chromium is not an executable file"))
        #expect(!FileManager.default.fileExists(atPath: output.path))
        // Nor into content/, which is published from.
        let inside = await assure("pdf", "--project", project.path, "-o", project.appending(path: "content/p.pdf").path)
        #expect(inside.status == 64 && inside.errors.contains("cannot be written inside content/"), "\(inside.errors)")
    }
}
