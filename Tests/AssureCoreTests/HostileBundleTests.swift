import Foundation
import Testing
import ZIPFoundation

@testable import AssureCore

/// Bundles made to hurt the verifier (issue "Careless hands and hostile input", items 4 and 9).
@Suite("Verifying hostile bundles")
struct HostileBundleTests {
    func record(_ path: String, _ data: Data) -> BundleManifest.FileRecord {
        .init(path: path, size: data.count, sha256: AuditorBundle.sha256(data))
    }

    func manifest(_ records: [BundleManifest.FileRecord]) -> BundleManifest {
        BundleManifest(assureVersion: "test", organization: "Test Co", report: nil, source: nil, files: records)
    }

    /// A stored (uncompressed) zip whose central directory lists `names`, every one pointing at
    /// the same local header and data: inflating each in turn multiplies the archive's size.
    func overlappingArchive(names: [String], manifest: Data) -> Data {
        var archive = Data()
        var central = Data()
        func append16(_ value: Int, to data: inout Data) { data += [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF)] }
        func append32(_ value: Int, to data: inout Data) {
            append16(value & 0xFFFF, to: &data)
            append16(value >> 16, to: &data)
        }
        func entry(_ name: String, _ body: Data, crc: UInt32) -> (offset: Int, local: Data) {
            var local = Data()
            append32(0x0403_4B50, to: &local)
            append16(20, to: &local)
            append16(0, to: &local)
            append16(0, to: &local)  // version, flags, stored
            append16(0, to: &local)
            append16(0x21, to: &local)  // time, date
            append32(Int(crc), to: &local)
            append32(body.count, to: &local)
            append32(body.count, to: &local)
            append16(name.utf8.count, to: &local)
            append16(0, to: &local)
            return (archive.count, local + Data(name.utf8) + body)
        }
        func centralRecord(_ name: String, offset: Int, size: Int, crc: UInt32) {
            append32(0x0201_4B50, to: &central)
            append16(0x0314, to: &central)
            append16(20, to: &central)
            append16(0, to: &central)
            append16(0, to: &central)
            append16(0, to: &central)
            append16(0x21, to: &central)
            append32(Int(crc), to: &central)
            append32(size, to: &central)
            append32(size, to: &central)
            append16(name.utf8.count, to: &central)
            append16(0, to: &central)
            append16(0, to: &central)
            append16(0, to: &central)
            append16(0, to: &central)
            append32(0o100644 << 16, to: &central)
            append32(offset, to: &central)
            central += Data(name.utf8)
        }
        let manifestEntry = entry(BundleManifest.fileName, manifest, crc: crc32(manifest))
        archive += manifestEntry.local
        let body = Data(repeating: UInt8(ascii: "A"), count: 64 * 1024)
        let shared = entry(names[0], body, crc: crc32(body))
        archive += shared.local
        centralRecord(BundleManifest.fileName, offset: manifestEntry.offset, size: manifest.count, crc: crc32(manifest))
        for name in names { centralRecord(name, offset: shared.offset, size: body.count, crc: crc32(body)) }
        let centralOffset = archive.count
        archive += central
        append32(0x0605_4B50, to: &archive)
        append16(0, to: &archive)
        append16(0, to: &archive)
        append16(names.count + 1, to: &archive)
        append16(names.count + 1, to: &archive)
        append32(central.count, to: &archive)
        append32(centralOffset, to: &archive)
        append16(0, to: &archive)
        return archive
    }

    func crc32(_ data: Data) -> UInt32 { data.crc32(checksum: 0) }

    @Test("4. Entries sharing their bytes are refused before anything is inflated")
    func overlappingEntriesAreRefused() throws {
        let names = (0..<2_000).map { "page-\($0).html" }
        let body = Data(repeating: UInt8(ascii: "A"), count: 64 * 1024)
        let manifestData = manifest(names.map { record($0, body) }).json
        let zip = overlappingArchive(names: names, manifest: manifestData)
        // 2,000 × 64 KiB = 128 MiB if each entry were inflated, from an archive of a few hundred KB.
        #expect(zip.count < 500_000)
        let result = BundleVerifier.verify(zip)
        #expect(!result.passed)
        #expect(
            result.problems.map(\.description) == [
                "invalid: the entries page-0.html and page-1.html share bytes in the archive, which no archive "
                    + "Assure writes does (the shape of a zip bomb); nothing was inflated"
            ])
    }

    @Test("4. An entry larger than its manifest says is a change, found without inflating it")
    func oversizedEntriesAreChangesNotInflated() throws {
        let big = Data(repeating: 0x41, count: 8 * 1024 * 1024)
        let small = Data("<html>tiny</html>".utf8)
        // The manifest claims the small page; the archive holds 8 MiB under its name.
        let zip = try AuditorBundle.zip(
            [OutputFile(path: "index.html", data: big)],
            manifest: manifest([record("index.html", small)]), modified: Date(timeIntervalSince1970: 0))
        #expect(BundleVerifier.verify(zip).problems == [.changed("index.html")])

        // The same, with the central directory made to lie about the size: inflating stops at
        // the declared size.
        var lying = zip
        let name = Data("index.html".utf8)
        var searchFrom = lying.startIndex
        var patched = 0
        while let range = lying.range(of: name, in: searchFrom..<lying.endIndex) {
            // Central records put the name at +46, local headers at +30; sizes sit at +24 / +22.
            for (signature, sizeAt) in [(Data([0x50, 0x4B, 0x01, 0x02]), 24), (Data([0x50, 0x4B, 0x03, 0x04]), 22)] {
                let start = range.lowerBound - (sizeAt == 24 ? 46 : 30)
                if start >= 0, lying[start..<(start + 4)] == signature {
                    let size = UInt32(small.count)
                    for byte in 0..<4 { lying[start + sizeAt + byte] = UInt8(size >> (8 * UInt32(byte)) & 0xFF) }
                    patched += 1
                }
            }
            searchFrom = range.upperBound
        }
        #expect(patched == 2)
        #expect(BundleVerifier.verify(lying).problems == [.changed("index.html")])
    }

    @Test("9. A symbolic link in a bundle is an error, not OK")
    func symbolicLinksAreRefused() async throws {
        let result = try await BuildPipeline(project: Fixtures.project("audiences"), asOf: testDate)
            .bundle(modified: Date(timeIntervalSince1970: 1_767_225_600), version: "test")
        let archive = try Archive(data: result.zip, accessMode: .update)
        let target = Data("/etc/passwd".utf8)
        try archive.addEntry(with: "assets/link", type: .symlink, uncompressedSize: Int64(target.count)) {
            position, size in
            target.subdata(in: Int(position)..<Int(position) + size)
        }
        let verification = BundleVerifier.verify(try #require(archive.data))
        #expect(
            verification.problems.map(\.description) == [
                "unsafe: the entry assets/link is a symbolic link; a bundle holds only files"
            ])
    }

    @Test("4. A manifest over the size limit is refused without being read")
    func hugeManifestsAreRefused() throws {
        let padding = Data(repeating: 0x20, count: BundleVerifier.maximumManifestSize + 1)
        let zip = try AuditorBundle.zip([], manifest: manifest([]), modified: Date(timeIntervalSince1970: 0))
        let archive = try Archive(data: zip, accessMode: .update)
        try archive.remove(try #require(archive[BundleManifest.fileName]))
        try archive.addEntry(
            with: BundleManifest.fileName, type: .file, uncompressedSize: Int64(padding.count),
            compressionMethod: .deflate
        ) { position, size in
            padding.subdata(in: Int(position)..<Int(position) + size)
        }
        #expect(
            BundleVerifier.verify(try #require(archive.data)).problems.map(\.description) == [
                "invalid: manifest.json cannot be read, or is over 16.0 MiB"
            ])
    }
}
