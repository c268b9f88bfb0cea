import Foundation
import Testing
import ZIPFoundation

@testable import AssureCore

struct FixedRevision: SourceControl {
    func revision() -> SourceRevision? {
        SourceRevision(commit: "0123456789abcdef0123456789abcdef01234567", clean: false)
    }
    func history(of paths: [String]) -> [String: [Revision]]? { nil }
}

/// The files of a zip, path → bytes.
func unzip(_ data: Data) throws -> [String: Data] {
    let archive = try Archive(data: data, accessMode: .read)
    var files: [String: Data] = [:]
    for entry in archive where entry.type == .file {
        var bytes = Data()
        _ = try archive.extract(entry) { bytes.append($0) }
        files[entry.path] = bytes
    }
    return files
}

@Suite("The auditor bundle")
struct BundleTests {
    static let modified = Date(timeIntervalSince1970: 1_767_225_600)

    func makeBundle(_ project: some ProjectReader = Fixtures.project("audiences")) async throws -> (
        zip: Data, manifest: BundleManifest
    ) {
        let result = try await BuildPipeline(project: project, asOf: testDate, sourceControl: FixedRevision()).bundle(
            modified: Self.modified, version: "9.9.9")
        return (result.zip, result.manifest)
    }

    @Test func holdsTheAuditorSiteAndAManifestOfEveryFile() async throws {
        let (zip, manifest) = try await makeBundle()
        let files = try unzip(zip)
        #expect(manifest.organization == "Canary Co")
        #expect(manifest.assureVersion == "9.9.9")
        #expect(manifest.source == SourceRevision(commit: "0123456789abcdef0123456789abcdef01234567", clean: false))
        #expect(manifest.report?.type == "type-1")
        #expect(manifest.report?.periodEnd == "2026-06-30")
        #expect(Set(manifest.files.map(\.path)) == Set(files.keys).subtracting([BundleManifest.fileName]))
        for record in manifest.files {
            #expect(files[record.path]?.count == record.size)
            #expect(files[record.path].map(AuditorBundle.sha256) == record.sha256)
        }
        for path in ["index.html", "coverage.csv", "coverage.json", "register.html", "policies/AUD-POL.html"] {
            #expect(files[path] != nil, "\(path) missing")
        }
        #expect(files["policies/INT-POL.html"] == nil)
        let register = String(decoding: try #require(files["register.html"]), as: UTF8.self)
        #expect(register.contains("CANARY-AUDITOR-VERSION"))
        #expect(register.contains("content/policies/auditor.md"))
        #expect(!register.contains("INT-POL"))
    }

    @Test func theSameContentGivesTheSameBytes() async throws {
        let first = try await makeBundle().zip
        let second = try await makeBundle().zip
        #expect(first == second)
    }

    @Test func anUntouchedBundleVerifies() async throws {
        let (zip, manifest) = try await makeBundle()
        let result = BundleVerifier.verify(zip)
        #expect(result.passed, "\(result.problems)")
        #expect(result.filesChecked == manifest.files.count)
        #expect(result.manifestDigest == AuditorBundle.sha256(manifest.json))
    }

    @Test func verifyNamesEveryChangedRemovedOrAddedFile() async throws {
        let (zip, manifest) = try await makeBundle()
        var files = try unzip(zip)
        files.removeValue(forKey: BundleManifest.fileName)
        func rezip(_ changed: [String: Data]) throws -> Data {
            try AuditorBundle.zip(
                changed.map { OutputFile(path: $0.key, data: $0.value) }, manifest: manifest, modified: Self.modified)
        }
        var changed = files
        var page = try #require(changed["policies/PUB-POL.html"])
        page[page.count / 2] ^= 0x01
        changed["policies/PUB-POL.html"] = page
        #expect(BundleVerifier.verify(try rezip(changed)).problems == [.changed("policies/PUB-POL.html")])

        var removed = files
        removed.removeValue(forKey: "coverage.csv")
        #expect(BundleVerifier.verify(try rezip(removed)).problems == [.missing("coverage.csv")])

        var added = files
        added["extra/notes.txt"] = Data("x".utf8)
        #expect(BundleVerifier.verify(try rezip(added)).problems == [.added("extra/notes.txt")])
    }

    @Test func aFlippedByteInTheArchiveItselfIsCaught() async throws {
        let (zip, _) = try await makeBundle()
        let files = try unzip(zip)
        #expect(files.count > 10)
        // Flip one byte in the middle of the archive, inside some entry's compressed data.
        var damaged = zip
        damaged[zip.count / 2] ^= 0xFF
        let result = BundleVerifier.verify(damaged)
        #expect(!result.passed)
        #expect(!result.problems.isEmpty)
    }

    @Test func aRewrittenManifestChangesTheManifestDigest() async throws {
        let (zip, manifest) = try await makeBundle()
        var files = try unzip(zip)
        files.removeValue(forKey: BundleManifest.fileName)
        files["index.html"] = Data("forged".utf8)
        let forgedManifest = AuditorBundle.manifest(
            for: files.map { OutputFile(path: $0.key, data: $0.value) },
            config: try await resolvedPortal(Fixtures.project("audiences")).config, source: FixedRevision().revision(),
            version: "9.9.9")
        let forged = try AuditorBundle.zip(
            files.map { OutputFile(path: $0.key, data: $0.value) }, manifest: forgedManifest, modified: Self.modified)
        let result = BundleVerifier.verify(forged)
        #expect(result.passed, "a consistent forgery passes the file checks")
        #expect(result.manifestDigest != AuditorBundle.sha256(manifest.json), "but not the recorded manifest digest")
    }

    @Test func garbageIsNotABundle() {
        #expect(
            BundleVerifier.verify(Data("not a zip".utf8)).problems.first.map { "\($0)" }?.hasPrefix("invalid:") == true)
    }
}
