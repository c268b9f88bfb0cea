import Foundation

/// Byte searches over a string's UTF-8 with `memchr`: the generic
/// `firstIndex(of:)` and `split` on a UTF-8 view walk it index by index, and were a tenth of
/// parsing a document. A string that is not stored contiguously falls back to them.
enum ByteSearch {
    /// The first `byte` in `text` at or after `from`.
    /// The position of the first `byte` at or after `from` in `bytes`.
    static func firstIndex(of byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        guard from < bytes.count, let base = bytes.baseAddress,
            let hit = memchr(base + from, Int32(byte), bytes.count - from)
        else { return nil }
        return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
    }

    static func firstIndex(of byte: UInt8, in text: Substring, from: String.Index) -> String.Index? {
        let view = text.utf8
        let start = view.distance(from: view.startIndex, to: from)
        let found = view.withContiguousStorageIfAvailable { bytes -> Int? in
            guard start < bytes.count, let base = bytes.baseAddress,
                let hit = memchr(base + start, Int32(byte), bytes.count - start)
            else { return nil }
            return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
        }
        guard let found else { return view[from...].firstIndex(of: byte) }
        return found.map { view.index(view.startIndex, offsetBy: $0) }
    }

    /// The first occurrence of `needle` in `text`, on byte boundaries.
    static func firstRange(of needle: [UInt8], in text: Substring) -> Range<String.Index>? {
        guard !needle.isEmpty else { return nil }
        let view = text.utf8
        let found = view.withContiguousStorageIfAvailable { bytes -> Int? in
            guard let base = bytes.baseAddress else { return nil }
            return needle.withUnsafeBytes { pattern -> Int? in
                var offset = 0
                while bytes.count - offset >= pattern.count,
                    let hit = memchr(base + offset, Int32(needle[0]), bytes.count - offset - pattern.count + 1)
                {
                    let candidate = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                    if memcmp(base + candidate, pattern.baseAddress!, pattern.count) == 0 { return candidate }
                    offset = candidate + 1
                }
                return nil
            }
        }
        guard let found else { return fallbackRange(of: needle, in: view) }
        guard let offset = found else { return nil }
        let start = view.index(view.startIndex, offsetBy: offset)
        return start..<view.index(start, offsetBy: needle.count)
    }

    private static func fallbackRange(of needle: [UInt8], in view: Substring.UTF8View) -> Range<String.Index>? {
        var index = view.startIndex
        while let candidate = view[index...].firstIndex(of: needle[0]) {
            var end = candidate
            var matched = 0
            while matched < needle.count, end < view.endIndex, view[end] == needle[matched] {
                end = view.index(after: end)
                matched += 1
            }
            if matched == needle.count { return candidate..<end }
            index = view.index(after: candidate)
        }
        return nil
    }

    /// The lines of `text` (split at "\n", keeping empty ones), as substrings of it.
    static func lines(of text: String) -> [Substring] {
        let view = text.utf8
        let starts = view.withContiguousStorageIfAvailable { bytes -> [Int] in
            var starts = [0]
            guard let base = bytes.baseAddress else { return starts }
            var offset = 0
            while offset < bytes.count, let hit = memchr(base + offset, 0x0A, bytes.count - offset) {
                offset = base.distance(to: hit.assumingMemoryBound(to: UInt8.self)) + 1
                starts.append(offset)
            }
            return starts
        }
        guard let starts else {
            return view.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { Substring($0) }
        }
        let count = view.count
        return starts.indices.map { position in
            let start = view.index(view.startIndex, offsetBy: starts[position])
            let end = position + 1 < starts.count ? starts[position + 1] - 1 : count
            return text[start..<view.index(view.startIndex, offsetBy: end)]
        }
    }
}
