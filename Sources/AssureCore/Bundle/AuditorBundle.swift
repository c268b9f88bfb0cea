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

    public var format = BundleManifest.formatName
    public var assureVersion: String
    public var organization: String
    public var report: Report?
    /// The commit the bundle was built from; nil when the content is not in a repository.
    public var source: SourceRevision?
    /// Every file of the bundle but the manifest itself, sorted by path.
    public var files: [FileRecord]

    enum CodingKeys: String, CodingKey {
        case format, organization, report, source, files
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
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    public static func manifest(for files: [OutputFile], config: ProjectConfig, source: SourceRevision?,
                                version: String) -> BundleManifest {
        let records = files.sorted { $0.path < $1.path }.map {
            BundleManifest.FileRecord(path: $0.path, size: $0.data.count, sha256: sha256($0.data))
        }
        let report = config.report.map {
            BundleManifest.Report(type: $0.type.rawValue, status: $0.status.rawValue,
                                  periodStart: $0.periodStart?.description, periodEnd: $0.periodEnd?.description,
                                  auditor: $0.auditor)
        }
        return BundleManifest(assureVersion: version, organization: config.organization.name, report: report,
                              source: source, files: records)
    }

    /// The zip archive as bytes. `modified` is written as every entry's time (UTC).
    public static func zip(_ files: [OutputFile], manifest: BundleManifest, modified: Date) throws -> Data {
        // Built in memory: the engine writes no files of its own.
        let archive = try Archive(data: Data(), accessMode: .create)
        let entries = [OutputFile(path: BundleManifest.fileName, data: manifest.json)]
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
        case invalid(String)

        public var description: String {
            switch self {
            case .changed(let path): "changed: \(path) does not match its SHA-256 in the manifest"
            case .missing(let path): "missing: \(path) is in the manifest but not in the bundle"
            case .added(let path): "added: \(path) is in the bundle but not in the manifest"
            case .unsafeEntry(let path): "unsafe: the entry \(path) would be written outside the bundle folder"
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

public enum BundleVerifier {
    /// Recomputes every digest and compares the bundle's files with its manifest.
    public static func verify(_ zip: Data) -> BundleVerification {
        var result = BundleVerification(manifest: nil, manifestDigest: nil, problems: [], filesChecked: 0)
        let archive: Archive
        do {
            archive = try Archive(data: zip, accessMode: .read)
        } catch {
            result.problems.append(.invalid("not a zip archive (\(error))"))
            return result
        }
        var contents: [String: Data] = [:]
        for entry in archive where entry.type == .file {
            let path = entry.path
            if path.hasPrefix("/") || path.split(separator: "/").contains("..") || path.contains("\\") {
                result.problems.append(.unsafeEntry(path))
                continue
            }
            var data = Data()
            do {
                _ = try archive.extract(entry, skipCRC32: false) { data.append($0) }
            } catch {
                result.problems.append(.invalid("\(path) cannot be read (\(error))"))
                continue
            }
            if contents[path] != nil { result.problems.append(.invalid("\(path) appears twice in the archive")) }
            contents[path] = data
        }
        guard let manifestData = contents.removeValue(forKey: BundleManifest.fileName) else {
            result.problems.append(.invalid("the bundle has no \(BundleManifest.fileName)"))
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
            guard let data = contents[record.path] else {
                result.problems.append(.missing(record.path))
                continue
            }
            result.filesChecked += 1
            if data.count != record.size || AuditorBundle.sha256(data) != record.sha256 {
                result.problems.append(.changed(record.path))
            }
        }
        for path in contents.keys.sorted() where !listed.contains(path) {
            result.problems.append(.added(path))
        }
        result.problems.sort { $0.description < $1.description }
        return result
    }
}
