import Foundation

/// Random access to an archive's bytes, from memory or from a file, without reading it whole.
protocol ArchiveBytes {
    var count: UInt64 { get }
    /// `length` bytes from `offset`, or nil past the end.
    func read(at offset: UInt64, length: Int) -> Data?
}

struct MemoryArchiveBytes: ArchiveBytes {
    let data: Data
    var count: UInt64 { UInt64(data.count) }

    func read(at offset: UInt64, length: Int) -> Data? {
        guard offset <= count, UInt64(length) <= count - offset else { return nil }
        let start = data.startIndex + Int(offset)
        return data.subdata(in: start..<(start + length))
    }
}

final class FileArchiveBytes: ArchiveBytes {
    private let handle: FileHandle
    let count: UInt64

    init(url: URL) throws {
        handle = try FileHandle(forReadingFrom: url)
        count = try handle.seekToEnd()
    }

    deinit { try? handle.close() }

    func read(at offset: UInt64, length: Int) -> Data? {
        guard offset <= count, UInt64(length) <= count - offset else { return nil }
        do {
            try handle.seek(toOffset: offset)
            let data = try handle.read(upToCount: length) ?? Data()
            return data.count == length ? data : nil
        } catch {
            return nil
        }
    }
}

/// Where each entry of a zip archive lies, read from its central directory: enough to refuse
/// archives whose entries share or overlap their bytes (the shape of a zip bomb) before
/// anything is inflated. Reads a few bytes per entry, never the entries' data.
struct ZipLayout {
    struct Entry: Hashable {
        var path: String
        var localHeaderOffset: UInt64
        var compressedSize: UInt64
        var uncompressedSize: UInt64
        /// The end of the entry's local header and data.
        var end: UInt64
    }

    struct Malformed: Error, CustomStringConvertible {
        var description: String
    }

    var entries: [Entry]

    /// The first two entries whose bytes overlap, if any.
    var overlap: (Entry, Entry)? {
        let sorted = entries.sorted { ($0.localHeaderOffset, $0.path) < ($1.localHeaderOffset, $1.path) }
        for (first, second) in zip(sorted, sorted.dropFirst()) where second.localHeaderOffset < first.end {
            return (first, second)
        }
        return nil
    }

    init(_ bytes: some ArchiveBytes) throws {
        let directory = try Self.centralDirectory(bytes)
        var entries: [Entry] = []
        var cursor = directory.offset
        let directoryEnd = directory.offset + directory.size
        for _ in 0..<directory.count {
            guard let fixed = bytes.read(at: cursor, length: 46), fixed.uint32(0) == 0x0201_4B50 else {
                throw Malformed(description: "the zip archive's central directory is damaged")
            }
            let nameLength = Int(fixed.uint16(28))
            let extraLength = Int(fixed.uint16(30))
            let commentLength = Int(fixed.uint16(32))
            guard let variable = bytes.read(at: cursor + 46, length: nameLength + extraLength) else {
                throw Malformed(description: "the zip archive's central directory is damaged")
            }
            let path = String(decoding: variable.prefix(nameLength), as: UTF8.self)
            var compressed = UInt64(fixed.uint32(20))
            var uncompressed = UInt64(fixed.uint32(24))
            var offset = UInt64(fixed.uint32(42))
            // ZIP64: values too large for 32 bits are in the extra field 0x0001, in this order.
            if compressed == 0xFFFF_FFFF || uncompressed == 0xFFFF_FFFF || offset == 0xFFFF_FFFF {
                var values = Self.zip64Values(in: variable.dropFirst(nameLength))
                func take(_ value: inout UInt64) throws {
                    guard value == 0xFFFF_FFFF else { return }
                    guard !values.isEmpty else { throw Malformed(description: "\(path) has a damaged ZIP64 field") }
                    value = values.removeFirst()
                }
                try take(&uncompressed)
                try take(&compressed)
                try take(&offset)
            }
            guard let local = bytes.read(at: offset, length: 30), local.uint32(0) == 0x0403_4B50 else {
                throw Malformed(description: "\(path) points at no local header")
            }
            let (end, overflow) = offset.addingReportingOverflow(
                30 + UInt64(local.uint16(26)) + UInt64(local.uint16(28)))
            let (dataEnd, overflowed) = end.addingReportingOverflow(compressed)
            guard !overflow, !overflowed, dataEnd <= directory.offset else {
                throw Malformed(description: "\(path) claims more bytes than the archive holds")
            }
            entries.append(
                Entry(
                    path: path, localHeaderOffset: offset, compressedSize: compressed,
                    uncompressedSize: uncompressed, end: dataEnd))
            cursor += 46 + UInt64(nameLength + extraLength + commentLength)
            guard cursor <= directoryEnd else {
                throw Malformed(description: "the zip archive's central directory is damaged")
            }
        }
        self.entries = entries
    }

    private static func centralDirectory(_ bytes: some ArchiveBytes) throws -> (
        offset: UInt64, size: UInt64, count: UInt64
    ) {
        // The end record is 22 bytes plus a comment of up to 65,535.
        let tailLength = Int(min(bytes.count, 22 + 65_535))
        guard tailLength >= 22, let tail = bytes.read(at: bytes.count - UInt64(tailLength), length: tailLength) else {
            throw Malformed(description: "not a zip archive")
        }
        guard
            let position = stride(from: tail.count - 22, through: 0, by: -1).first(where: {
                tail.uint32($0) == 0x0605_4B50
            })
        else { throw Malformed(description: "not a zip archive (no end of central directory)") }
        var count = UInt64(tail.uint16(position + 10))
        var size = UInt64(tail.uint32(position + 12))
        var offset = UInt64(tail.uint32(position + 16))
        if count == 0xFFFF || size == 0xFFFF_FFFF || offset == 0xFFFF_FFFF {
            let locatorAt = bytes.count - UInt64(tailLength) + UInt64(position)
            guard locatorAt >= 20, let locator = bytes.read(at: locatorAt - 20, length: 20),
                locator.uint32(0) == 0x0706_4B50,
                let record = bytes.read(at: locator.uint64(8), length: 56), record.uint32(0) == 0x0606_4B50
            else { throw Malformed(description: "the zip archive's ZIP64 end record is damaged") }
            count = record.uint64(32)
            size = record.uint64(40)
            offset = record.uint64(48)
        }
        let (end, overflow) = offset.addingReportingOverflow(size)
        guard !overflow, end <= bytes.count, count <= size / 46 else {
            throw Malformed(description: "the zip archive's central directory lies outside it")
        }
        return (offset, size, count)
    }

    private static func zip64Values(in extra: Data.SubSequence) -> [UInt64] {
        let extra = Data(extra)
        var index = 0
        while index + 4 <= extra.count {
            let id = extra.uint16(index)
            let length = Int(extra.uint16(index + 2))
            guard index + 4 + length <= extra.count else { break }
            if id == 0x0001 {
                return stride(from: index + 4, to: index + 4 + length - 7, by: 8).map { extra.uint64($0) }
            }
            index += 4 + length
        }
        return []
    }
}

extension Data {
    fileprivate func uint16(_ offset: Int) -> UInt16 {
        let start = startIndex + offset
        return UInt16(self[start]) | UInt16(self[start + 1]) << 8
    }

    fileprivate func uint32(_ offset: Int) -> UInt32 {
        UInt32(uint16(offset)) | UInt32(uint16(offset + 2)) << 16
    }

    fileprivate func uint64(_ offset: Int) -> UInt64 {
        UInt64(uint32(offset)) | UInt64(uint32(offset + 4)) << 32
    }
}
