import Crypto
import Foundation
import Testing

@testable import AssureCore

/// Restricted documents for named customers: grants in git, pages sealed in the public site
/// under keys derived from a secret outside git. The browser side is in Tests/Browser.
@Suite("Access grants and sealed pages")
struct AccessGrantTests {
    static let secret = AccessSecret("correct horse battery staple, 32 chars and more")!
    static let otherSecret = AccessSecret("another secret entirely, long enough to be used ok")!

    /// POL-A public; POL-R and CTL-R restricted (CTL-R in the `monitoring` family); CTL-AUD
    /// auditor-only. Grants: acme (POL-R and the monitoring family), beta (every restricted
    /// document), gone (expired), later (not yet granted).
    static func project(canary: String = "", rotation: Int = 0) -> TestProject {
        var project = TestProject()
        project["content/assure.yml"]! += "\nbase_url: https://trust.test.example\n"
        project.policy(
            "POL-R", title: "Restricted policy", audience: .restricted,
            extra: "summary: \(canary)summary\napproved_by: \(canary)approver",
            body: "The \(canary)body of the restricted policy. See [[CTL-R]] and [[POL-A]].")
        project["content/controls/ctl-r.md"] = """
            ---
            id: CTL-R
            title: Restricted control
            owner: \(canary)owner
            criteria: [CC7.2]
            policies: [POL-R]
            status: implemented
            family: monitoring
            audience: restricted
            evidence: [\(canary)evidence]
            summary: \(canary)control summary
            ---
            \(canary)control body text.
            """
        project.control("CTL-AUD", title: "Auditor only", audience: .auditor, body: "\(canary)auditor body")
        func grant(_ id: String, customer: String, granted: String, expires: String, documents: String) {
            project["content/access/\(id).yml"] = """
                customer: \(canary)\(customer)
                contact: \(canary)security@\(id).example
                nda: \(canary)NDA-\(id.uppercased())
                granted: \(granted)
                expires: \(expires)
                documents: \(documents)
                rotation: \(rotation)
                """
        }
        grant(
            "acme", customer: "ACME Corp", granted: "2026-06-01", expires: "2026-12-31",
            documents: "[POL-R, monitoring]")
        grant("beta", customer: "Beta Ltd", granted: "2026-01-01", expires: "2026-07-10", documents: "restricted")
        grant("gone", customer: "Gone Inc", granted: "2025-01-01", expires: "2025-12-31", documents: "restricted")
        grant("later", customer: "Later plc", granted: "2026-09-01", expires: "2027-01-31", documents: "restricted")
        return project
    }

    static func build(_ project: TestProject, secret: AccessSecret? = Self.secret) async throws
        -> (files: [String: Data], summary: BuildSummary)
    {
        var pipeline = pipeline(project.reader)
        pipeline.accessSecret = secret
        let destination = MemoryDestination()
        let summary = try await pipeline.build(audience: .public, into: destination)
        return (Dictionary(uniqueKeysWithValues: destination.files.map { ($0.path, $0.data) }), summary)
    }

    static func gated(_ files: [String: Data]) -> [String: Data] { files.filter { $0.key.hasPrefix("access/") } }

    static func grant(_ id: String, _ project: TestProject) async throws -> AccessGrant {
        try #require(try await resolvedPortal(project.reader).grants.first { $0.id == id })
    }

    /// Opens a sealed page the way `assets/access.js` does, with the key from the link.
    static func open(_ page: Data, linkKey: String) throws -> [String: String]? {
        let html = String(decoding: page, as: UTF8.self)
        func between(_ start: String, _ end: String) -> String? {
            guard let from = html.range(of: start), let to = html[from.upperBound...].range(of: end) else { return nil }
            return String(html[from.upperBound..<to.lowerBound])
        }
        guard let saltHex = between("data-salt=\"", "\""),
            let sealed = between("<pre id=\"gated-sealed\" hidden>", "</pre>"),
            let box = Data(base64Encoded: sealed),
            let key = Data(
                base64Encoded: linkKey.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
                    + "=")
        else { return nil }
        let salt = Data(
            stride(from: 0, to: saltHex.count, by: 2).map {
                UInt8(saltHex[saltHex.index(saltHex.startIndex, offsetBy: $0)...].prefix(2), radix: 16)!
            })
        let base = SymmetricKey(data: key)
        let aes = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: base, salt: salt, info: Data("assure page key v1".utf8), outputByteCount: 32)
        let nonce = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: base, salt: salt, info: Data("assure page nonce v1".utf8), outputByteCount: 12)
        guard
            let sealedBox = try? AES.GCM.SealedBox(
                nonce: AES.GCM.Nonce(data: nonce.withUnsafeBytes { Data($0) }), ciphertext: box.dropLast(16),
                tag: box.suffix(16)),
            let plain = try? AES.GCM.open(sealedBox, using: aes)
        else { return nil }
        return try JSONSerialization.jsonObject(with: plain) as? [String: String]
    }

    @Test func aLiveGrantGetsSealedWatermarkedPagesThatItsKeyOpens() async throws {
        let project = Self.project()
        let (files, summary) = try await Self.build(project)
        let acme = try await Self.grant("acme", project)
        let keys = GrantKeys(secret: Self.secret, grant: acme)
        let pages = Self.gated(files).filter { $0.key.hasPrefix(keys.folder + "/") }
        // The index and one page each for POL-R and CTL-R (the monitoring family).
        #expect(pages.count == 3)
        #expect(Set(acme.opens) == [.document(.control, "CTL-R"), .document(.policy, "POL-R")])
        let indexPage = try #require(pages[keys.folder + "/index.html"])
        let index = try #require(try Self.open(indexPage, linkKey: keys.linkKey))
        #expect(index["title"] == "Documents shared with ACME Corp")
        #expect(index["expires"] == "2026-12-31")
        for (path, data) in pages where !path.hasSuffix("index.html") {
            let page = try #require(try Self.open(data, linkKey: keys.linkKey), "\(path) does not open")
            let html = try #require(page["html"])
            #expect(html.contains("Shared with ACME Corp under NDA NDA-ACME until 31 December 2026"))
            #expect(html.contains("class=\"watermark-mark\""), "the watermark also prints")
            if page["title"] == "Restricted policy" {
                #expect(html.contains("The body of the restricted policy."))
                // Links to another granted document lead to its sealed page in the same folder.
                let other = try #require(pages.keys.first { $0 != path && !$0.hasSuffix("index.html") })
                #expect(html.contains("href=\"\(other.split(separator: "/").last!)\""))
                #expect(html.contains("href=\"../../policies/POL-A.html\""), "public documents link to the public site")
            }
        }
        // Another grant's key opens none of these pages.
        let beta = GrantKeys(secret: Self.secret, grant: try await Self.grant("beta", project))
        for data in pages.values { #expect(try Self.open(data, linkKey: beta.linkKey) == nil) }
        #expect(summary.access?.published.map(\.id) == ["acme", "beta"])
        #expect(summary.access?.expired == ["gone"] && summary.access?.notYetGranted == ["later"])
    }

    @Test func theSameCommitAndSecretBuildTheSameBytes() async throws {
        let first = try await Self.build(Self.project()).files
        let second = try await Self.build(Self.project()).files
        #expect(!Self.gated(first).isEmpty)
        #expect(first == second)
    }

    @Test func aNewSecretOrRotationChangesEveryPathAndKey() async throws {
        let project = Self.project()
        let original = Self.gated(try await Self.build(project).files)
        let resecret = Self.gated(try await Self.build(project, secret: Self.otherSecret).files)
        let rotated = Self.gated(try await Self.build(Self.project(rotation: 1)).files)
        for changed in [resecret, rotated] {
            #expect(changed.count == original.count)
            #expect(Set(changed.keys).isDisjoint(with: original.keys), "a path survived")
            #expect(Set(changed.values).isDisjoint(with: original.values), "a sealed page survived")
        }
        // Old links no longer open anything: the old key opens none of the new pages.
        let acme = try await Self.grant("acme", project)
        let oldKey = GrantKeys(secret: Self.secret, grant: acme).linkKey
        for data in resecret.values { #expect(try Self.open(data, linkKey: oldKey) == nil) }
        #expect(GrantKeys(secret: Self.otherSecret, grant: acme).linkKey != oldKey)
    }

    @Test func expiredAndFutureGrantsPublishNothing() async throws {
        let project = Self.project()
        let files = try await Self.build(project).files
        for id in ["gone", "later"] {
            let folder = GrantKeys(secret: Self.secret, grant: try await Self.grant(id, project)).folder
            #expect(!files.keys.contains { $0.hasPrefix(folder) }, "\(id) was published")
        }
        // Two folders: acme and beta, each with an index.
        #expect(Set(Self.gated(files).keys.map { $0.split(separator: "/")[1] }).count == 2)
    }

    @Test func withoutTheSecretNoGatedPageIsPublishedAndTheSummarySaysWhy() async throws {
        let (files, summary) = try await Self.build(Self.project(), secret: nil)
        #expect(Self.gated(files).isEmpty)
        #expect(summary.access?.withoutSecret == ["acme", "beta"])
        #expect(summary.access?.published.isEmpty == true)
    }

    @Test func noPlaintextOfARestrictedDocumentOrAGrantReachesThePublicSite() async throws {
        // A canary in every field but the title and ID (which the public site shows by design,
        // with a request-access action) and in the body of every restricted and auditor-only
        // document, and in every grant's customer, contact and NDA reference.
        let canary = "ZQXCANARY"
        let (files, summary) = try await Self.build(Self.project(canary: canary))
        #expect(summary.access?.published.count == 2)
        #expect(!Self.gated(files).isEmpty)
        for (path, data) in files {
            #expect(data.range(of: Data(canary.utf8)) == nil, "\(path) holds a canary")
            #expect(data.range(of: Data(canary.lowercased().utf8)) == nil, "\(path) holds a canary")
        }
        // Neither the secret nor any grant's key is written anywhere.
        let project = Self.project(canary: canary)
        var keys = ["correct horse battery staple"]
        for id in ["acme", "beta"] {
            keys.append(GrantKeys(secret: Self.secret, grant: try await Self.grant(id, project)).linkKey)
        }
        for (path, data) in files {
            for key in keys { #expect(data.range(of: Data(key.utf8)) == nil, "\(path) holds a key") }
        }
        for (path, data) in files where path.hasSuffix(".xml") || path.hasSuffix(".txt") || path == "search-index.js" {
            #expect(data.range(of: Data("access/".utf8)) == nil, "\(path) names a grant's folder")
        }
    }

    @Test func theAuditorSiteIsTheSameWithOrWithoutGrants() async throws {
        var without = Self.project()
        for id in ["acme", "beta", "gone", "later"] { without["content/access/\(id).yml"] = nil }
        #expect(
            try await buildSite(Self.project().reader, audience: .auditor)
                == buildSite(without.reader, audience: .auditor))
    }

    @Test func grantStatesForTheSecurityTeam() async throws {
        let project = Self.project()
        let day = CalendarDate(iso: "2026-12-20")!
        #expect(try await Self.grant("acme", project).state(on: day) == .expiringSoon(days: 11))
        #expect(try await Self.grant("acme", project).state(on: testDate) == .live)
        #expect(try await Self.grant("gone", project).state(on: testDate) == .expired)
        #expect(try await Self.grant("later", project).state(on: testDate) == .notYetGranted)
        #expect(AccessGrant.State.expiringSoon(days: 0).displayName == "expires today")
    }

    @Test func aFamilyWithNoRestrictedControlIsAWarningNotASilentNothing() async {
        var project = Self.project()
        project["content/access/acme.yml"] = project["content/access/acme.yml"]!.replacingOccurrences(
            of: "[POL-R, monitoring]", with: "[POL-R, governance]")
        let warnings = await buildDiagnostics(project.reader).filter { $0.code == .grantNotRestricted }
        #expect(warnings.map(\.severity) == [.warning])
        #expect(warnings.first?.location.description == "content/access/acme.yml:6:20")
        #expect(warnings.first?.summary.contains("no restricted control") == true)
    }

    @Test func aCustomerNameIsTextInTheSealedPageNeverMarkup() async throws {
        var project = Self.project()
        project["content/access/acme.yml"] = project["content/access/acme.yml"]!.replacingOccurrences(
            of: "customer: ACME Corp", with: "customer: \"<img src=x onerror=alert(1)> & Co\"")
        let files = try await Self.build(project).files
        let acme = try await Self.grant("acme", project)
        let keys = GrantKeys(secret: Self.secret, grant: acme)
        let index = try #require(files[keys.folder + "/index.html"])
        let html = try #require(try Self.open(index, linkKey: keys.linkKey)?["html"])
        #expect(html.contains("Shared with &lt;img src=x onerror=alert(1)&gt; &amp; Co under NDA"))
        #expect(!html.contains("<img"))
    }

    @Test func linksBetweenGrantedDocumentsAreRewrittenInOnePass() {
        let files = ["../../controls/CTL-R.html": "00aa.html"]
        let html =
            #"<a href="../../controls/CTL-R.html#scope">x</a> <a href="../../controls/CTL-R.html">y</a> "#
            + ##"<a href="../../policies/POL-A.html">z</a> <a href="#top">t</a>"##
        #expect(
            GatedPages.rewritingLinks(in: html, to: files)
                == #"<a href="00aa.html#scope">x</a> <a href="00aa.html">y</a> "#
                + ##"<a href="../../policies/POL-A.html">z</a> <a href="#top">t</a>"##)
    }

    @Test func aSecretMustBeLongEnough() {
        #expect(AccessSecret("short") == nil)
        #expect(AccessSecret(String(repeating: "x", count: 31)) == nil)
        #expect(AccessSecret(String(repeating: "x", count: 32)) != nil)
    }
}
