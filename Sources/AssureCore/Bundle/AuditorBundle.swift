import Crypto
import Foundation
import ZIPFoundation

/// `manifest.json` of an auditor bundle: what was built, from what, and every file's digest.
public struct BundleManifest: Sendable, Hashable, Codable {
    public struct FileRecord: Sendable, Hashable, Codable {
        public var path: String
        public var size: Int
        public var sha256: String
    }

    public struct Report: Sendable, Hashable, Codable {
        public var type: String
        public var status: String
        public var periodStart: String?
        public var periodEnd: String?
        public var auditor: String?

        enum CodingKeys: String, CodingKey {
            case type, status, auditor
            case periodStart = "period_start"
            case periodEnd = "period_end"
        }
    }

    public static let formatName = "assure-auditor-bundle-1"
    public static let fileName = "manifest.json"

    /// A bundle made for a programme in readiness (`bundle --allow-gaps`): how many criteria
    /// in scope were open. Absent from a bundle of a programme whose every criterion is met.
    public struct Readiness: Sendable, Hashable, Codable {
        public var openCriteria: Int

        enum CodingKeys: String, CodingKey {
            case openCriteria = "open_criteria"
        }
    }

    public var format = BundleManifest.formatName
    public var assureVersion: String
    public var organization: String
    public var report: Report?
    public var readiness: Readiness?
    /// The commit the bundle was built from; nil when the content is not in a repository.
    public var source: SourceRevision?
    /// Every file of the bundle but the manifest itself, sorted by path.
    public var files: [FileRecord]

    enum CodingKeys: String, CodingKey {
        case format, organization, report, readiness, source, files
        case assureVersion = "assure_version"
    }

    public var json: Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)) ?? Data()
    }
}

/// Zips an auditor site with its manifest. The same files give the same bytes: entries are
/// sorted, and every entry carries one fixed modification time.
public enum AuditorBundle {
    public static func sha256(_ data: Data) -> String {
        Hex.encode(SHA256.hash(data: data))
    }

    public static func manifest(
        for files: [OutputFile], config: ProjectConfig, source: SourceRevision?,
        version: String, openCriteria: Int = 0
    ) -> BundleManifest {
        let records = files.sorted { $0.path < $1.path }.map {
            BundleManifest.FileRecord(path: $0.path, size: $0.data.count, sha256: sha256($0.data))
        }
        let report = config.report.map {
            BundleManifest.Report(
                type: $0.type.rawValue, status: $0.status.rawValue,
                periodStart: $0.periodStart?.description, periodEnd: $0.periodEnd?.description,
                auditor: $0.auditor)
        }
        return BundleManifest(
            assureVersion: version, organization: config.organization.name, report: report,
            readiness: openCriteria > 0 ? .init(openCriteria: openCriteria) : nil, source: source, files: records)
    }

    /// The zip archive as bytes. `modified` is written as every entry's time (UTC).
    public static func zip(_ files: [OutputFile], manifest: BundleManifest, modified: Date) throws -> Data {
        // Built in memory: the engine writes no files of its own.
        let archive = try Archive(data: Data(), accessMode: .create)
        let entries =
            [OutputFile(path: BundleManifest.fileName, data: manifest.json)]
            + files.filter { $0.path != BundleManifest.fileName }.sorted { $0.path < $1.path }
        for file in entries {
            let data = file.data
            try archive.addEntry(
                with: file.path, type: .file, uncompressedSize: Int64(data.count), modificationDate: modified,
                permissions: 0o644, compressionMethod: .deflate
            ) { position, size in
                let start = Int(position)
                return data.subdata(in: start..<min(start + size, data.count))
            }
        }
        guard let data = archive.data else { throw CocoaError(.fileWriteUnknown) }
        return data
    }
}

/// The outcome of checking a bundle against its manifest.
public struct BundleVerification: Sendable {
    public enum Problem: Sendable, Hashable, CustomStringConvertible {
        case changed(String)
        case missing(String)
        case added(String)
        case unsafeEntry(String)
        case symbolicLink(String)
        case invalid(String)

        public var description: String {
            switch self {
            case .changed(let path): "changed: \(path) does not match its SHA-256 in the manifest"
            case .missing(let path): "missing: \(path) is in the manifest but not in the bundle"
            case .added(let path): "added: \(path) is in the bundle but not in the manifest"
            case .unsafeEntry(let path): "unsafe: the entry \(path) would be written outside the bundle folder"
            case .symbolicLink(let path): "unsafe: the entry \(path) is a symbolic link; a bundle holds only files"
            case .invalid(let reason): "invalid: \(reason)"
            }
        }
    }

    public var manifest: BundleManifest?
    /// SHA-256 of `manifest.json` as stored: record it to detect a manifest rewritten with the files.
    public var manifestDigest: String?
    public var problems: [Problem]
    public var filesChecked: Int

    public var passed: Bool { problems.isEmpty }
}

/// Checks a bundle against its manifest while streaming: each entry is hashed as it inflates
/// and never inflated past the size its manifest declares, and an archive whose entries share
/// bytes is refused before anything inflates, so memory stays flat whatever the archive claims.
public enum BundleVerifier {
    /// The largest manifest read; a real one lists thousands of files in well under this.
    public static let maximumManifestSize = 16 * 1024 * 1024

    /// Checks the bundle at `url`, reading it from disk as it goes.
    public static func verify(fileAt url: URL) -> BundleVerification {
        do {
            let bytes = try FileArchiveBytes(url: url)
            return verify(bytes, open: { try Archive(url: url, accessMode: .read) })
        } catch {
            return failed(.invalid("cannot read \(url.path): \(DirectoryDestination.reason(error))"))
        }
    }

    /// Checks a bundle held in memory.
    public static func verify(_ zip: Data) -> BundleVerification {
        verify(MemoryArchiveBytes(data: zip), open: { try Archive(data: zip, accessMode: .read) })
    }

    private static func failed(_ problem: BundleVerification.Problem) -> BundleVerification {
        BundleVerification(manifest: nil, manifestDigest: nil, problems: [problem], filesChecked: 0)
    }

    struct TooLarge: Error {}

    private static func verify(_ bytes: some ArchiveBytes, open: () throws -> Archive) -> BundleVerification {
        var result = BundleVerification(manifest: nil, manifestDigest: nil, problems: [], filesChecked: 0)
        let layout: ZipLayout
        let archive: Archive
        do {
            layout = try ZipLayout(bytes)
            archive = try open()
        } catch let error as ZipLayout.Malformed {
            return failed(.invalid(error.description))
        } catch {
            return failed(.invalid("not a zip archive (\(error))"))
        }
        if let (first, second) = layout.overlap {
            return failed(
                .invalid(
                    "the entries \(first.path) and \(second.path) share bytes in the archive, "
                        + "which no archive Assure writes does (the shape of a zip bomb); nothing was inflated"))
        }
        var entries = files(of: archive, problems: &result.problems)
        guard let manifestEntry = entries.removeValue(forKey: BundleManifest.fileName) else {
            result.problems.append(.invalid("the bundle has no \(BundleManifest.fileName)"))
            return result
        }
        guard let manifestData = try? inflate(manifestEntry, of: archive, atMost: maximumManifestSize) else {
            result.problems.append(
                .invalid("\(BundleManifest.fileName) cannot be read, or is over \(ByteCount(maximumManifestSize))"))
            return result
        }
        result.manifestDigest = AuditorBundle.sha256(manifestData)
        guard let manifest = try? JSONDecoder().decode(BundleManifest.self, from: manifestData),
            manifest.format == BundleManifest.formatName
        else {
            result.problems.append(.invalid("\(BundleManifest.fileName) is not an Assure bundle manifest"))
            return result
        }
        result.manifest = manifest
        var listed = Set<String>()
        for record in manifest.files {
            listed.insert(record.path)
            guard let entry = entries[record.path] else {
                result.problems.append(.missing(record.path))
                continue
            }
            result.filesChecked += 1
            // A size other than the manifest's is a change, found without inflating a byte.
            guard record.size >= 0, entry.uncompressedSize == UInt64(record.size) else {
                result.problems.append(.changed(record.path))
                continue
            }
            if !matches(entry, of: archive, record) { result.problems.append(.changed(record.path)) }
        }
        for path in entries.keys.sorted() where !listed.contains(path) {
            result.problems.append(.added(path))
        }
        result.problems.sort { $0.description < $1.description }
        return result
    }

    /// The archive's files by path; unsafe paths, links and repeated paths are problems.
    private static func files(of archive: Archive, problems: inout [BundleVerification.Problem]) -> [String: Entry] {
        var entries: [String: Entry] = [:]
        for entry in archive {
            let path = entry.path
            if path.hasPrefix("/") || path.split(separator: "/").contains("..") || path.contains("\\") {
                problems.append(.unsafeEntry(path))
                continue
            }
            switch entry.type {
            case .symlink:
                problems.append(.symbolicLink(path))
                continue
            case .directory:
                continue
            case .file:
                break
            }
            if entries[path] != nil {
                problems.append(.invalid("\(path) appears twice in the archive"))
                continue
            }
            entries[path] = entry
        }
        return entries
    }

    /// Whether an entry inflates to exactly the manifest's size and digest, never inflating past it.
    private static func matches(_ entry: Entry, of archive: Archive, _ record: BundleManifest.FileRecord) -> Bool {
        do {
            var hasher = SHA256()
            var inflated = 0
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                inflated += chunk.count
                guard inflated <= record.size else { throw TooLarge() }
                hasher.update(data: chunk)
            }
            let digest = Hex.encode(hasher.finalize())
            return inflated == record.size && digest == record.sha256
        } catch {
            return false
        }
    }

    /// An entry's bytes, refusing to inflate past `limit`.
    static func inflate(_ entry: Entry, of archive: Archive, atMost limit: Int) throws -> Data {
        guard entry.uncompressedSize <= UInt64(limit) else { throw TooLarge() }
        var data = Data()
        _ = try archive.extract(entry, skipCRC32: false) { chunk in
            guard data.count + chunk.count <= limit else { throw TooLarge() }
            data.append(chunk)
        }
        return data
    }
}
