import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A fast walk of a folder with `readdir` and `lstat`: thousands of files in a few
/// milliseconds, where Foundation's resource values take ten times as long.
package enum FileTree {
    package enum Kind: Sendable, Hashable { case file, directory, symlink, other }

    package struct Entry: Sendable, Hashable {
        /// Path relative to the walked folder, `/`-separated.
        package var path: String
        package var kind: Kind
        package var size: Int64
        /// Modification time in nanoseconds since 1970.
        package var modified: Int64
    }

    /// Something below the folder that could not be listed or named: never skipped silently.
    package struct Problem: Sendable, Hashable {
        /// Path relative to the walked folder (`""` for the folder itself); bytes that are not
        /// UTF-8 are shown as `\xFF`.
        package var path: String
        package var reason: String
    }

    package struct Listing: Sendable, Hashable {
        package var entries: [Entry] = []
        package var problems: [Problem] = []
    }

    /// Every entry below `folder`, hidden ones (starting with `.`) skipped, links not followed.
    /// Folders that cannot be opened, entries that cannot be examined and names that are not
    /// UTF-8 are listed as problems. A folder that does not exist lists as empty.
    package static func walk(_ folder: String) -> Listing {
        var listing = Listing()
        walk(folder, prefix: "", into: &listing)
        if listing.problems.first == Problem(path: "", reason: String(cString: strerror(ENOENT))) {
            return Listing()
        }
        return listing
    }

    package static let invalidNameReason = "the name is not valid UTF-8"

    private static let nameOffset = MemoryLayout<dirent>.offset(of: \dirent.d_name)!

    private static func walk(_ folder: String, prefix: String, into listing: inout Listing) {
        guard let directory = opendir(folder) else {
            listing.problems.append(Problem(path: String(prefix.dropLast()), reason: String(cString: strerror(errno))))
            return
        }
        defer { closedir(directory) }
        var names: [String] = []
        errno = 0
        while let entry = readdir(directory) {
            // The C library packs records to the length of their names (`d_reclen`), so the name
            // is read in place up to its NUL, never copied as the whole fixed-size array.
            let start = UnsafeRawPointer(entry).advanced(by: nameOffset).assumingMemoryBound(to: CChar.self)
            let bytes = UnsafeRawBufferPointer(start: start, count: strlen(start))
            guard bytes.first != UInt8(ascii: ".") else { continue }
            if let name = String(validating: bytes, as: UTF8.self) {
                names.append(name)
            } else {
                listing.problems.append(Problem(path: prefix + escaped(bytes), reason: invalidNameReason))
            }
        }
        if errno != 0 {
            listing.problems.append(Problem(path: String(prefix.dropLast()), reason: String(cString: strerror(errno))))
        }
        for name in names.sorted() {
            let full = folder + "/" + name
            let relative = prefix + name
            guard let entry = entry(at: full, named: relative) else {
                listing.problems.append(Problem(path: relative, reason: String(cString: strerror(errno))))
                continue
            }
            listing.entries.append(entry)
            if entry.kind == .directory { walk(full, prefix: relative + "/", into: &listing) }
        }
    }

    /// One entry, examined without following a link; nil (with `errno` set) when it cannot be.
    package static func entry(at full: String, named relative: String) -> Entry? {
        var info = stat()
        guard lstat(full, &info) == 0 else { return nil }
        let kind: Kind
        switch info.st_mode & S_IFMT {
        case S_IFREG: kind = .file
        case S_IFDIR: kind = .directory
        case S_IFLNK: kind = .symlink
        default: kind = .other
        }
        #if canImport(Darwin)
        let modified = Int64(info.st_mtimespec.tv_sec) * 1_000_000_000 + Int64(info.st_mtimespec.tv_nsec)
        #else
        let modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        #endif
        return Entry(path: relative, kind: kind, size: Int64(info.st_size), modified: modified)
    }

    /// A name that is not UTF-8, with each byte outside printable ASCII written `\xHH`.
    static func escaped(_ bytes: UnsafeRawBufferPointer) -> String {
        bytes.map { byte in
            (0x20..<0x7F).contains(byte) && byte != UInt8(ascii: "\\")
                ? String(UnicodeScalar(byte))
                : "\\x" + (byte < 0x10 ? "0" : "") + String(byte, radix: 16, uppercase: true)
        }.joined()
    }
}
