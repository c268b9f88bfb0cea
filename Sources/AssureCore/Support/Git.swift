import Foundation

/// One commit that touched a document.
public struct Revision: Sendable, Hashable, Codable {
    public var commit: String
    public var date: CalendarDate
    public var author: String
    public var subject: String

    public var shortCommit: String { String(commit.prefix(10)) }
}

/// Runs the system's `git` in a project folder. Reads only: never checks out, never writes.
package struct Git: Sendable {
    package let folder: URL

    package init(folder: URL) { self.folder = folder }

    package struct Failure: Error, CustomStringConvertible, Sendable {
        package var description: String
        /// git's exit status; 0 when git could not be started or answered nonsense.
        package var status: Int32 = 0
    }

    /// Settings that would have git run a command the repository's configuration names: a
    /// repository received as an archive must not run its author's code. Content filters are
    /// switched off separately, by name (`status` would run them).
    static let safetyOptions = [
        "-c", "core.fsmonitor=false", "-c", "core.hooksPath=/dev/null", "-c", "core.pager=cat",
        "-c", "log.showSignature=false", "-c", "diff.external=", "-c", "core.sshCommand=false",
        "-c", "protocol.allow=never", "-c", "core.untrackedCache=false", "--no-pager",
    ]

    /// `-c filter.NAME.clean= ...` for every content filter the configuration defines, so that
    /// comparing the work tree with the index never runs one.
    /// Nil when the configuration cannot be listed: then nothing that would run a filter may run.
    package func filterOverrides() -> [String]? {
        let listing: String
        do {
            listing = try text([
                "config", "--null", "--name-only", "--get-regexp", "^filter\\..*\\.(clean|smudge|process)$",
            ])
        } catch let failure as Failure where failure.status == 1 {
            return []  // git config's answer for "no such setting"
        } catch {
            return nil
        }
        return listing.split(separator: "\0").flatMap {
            ["-c", "\($0)=", "-c", "\($0.split(separator: ".").dropLast().joined(separator: ".")).required=false"]
        }
    }

    /// Runs git and returns its standard output; throws with its standard error on failure.
    @discardableResult
    package func run(_ arguments: [String], input: Data? = nil) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", folder.path] + Self.safetyOptions + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["GIT_OPTIONAL_LOCKS"] = "0"
        environment["LC_ALL"] = "C"
        environment["GIT_TERMINAL_PROMPT"] = "0"
        process.environment = environment
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        let stdin = Pipe()
        process.standardInput = input == nil ? FileHandle.nullDevice : stdin
        do { try process.run() } catch {
            throw Failure(description: "git cannot be started: \(error.localizedDescription)")
        }
        // Feed and drain at the same time so neither pipe fills up and blocks git.
        let (data, message) = PipePump.exchange(
            input: input, to: input == nil ? nil : stdin.fileHandleForWriting,
            output: output.fileHandleForReading.fileDescriptor, errors: errors.fileHandleForReading.fileDescriptor)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let text = String(decoding: message, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw Failure(
                description: text.isEmpty ? "git \(arguments.first ?? "") failed" : text,
                status: process.terminationStatus)
        }
        return data
    }

    /// The text output of a git command.
    package func text(_ arguments: [String]) throws -> String {
        String(decoding: try run(arguments), as: UTF8.self)
    }

    /// The project folder's path inside the repository (`""` at the top, `docs/trust/` below it).
    package func prefix() throws -> String {
        try text(["rev-parse", "--show-prefix"]).trimmingCharacters(in: .newlines)
    }

    package func isRepository() -> Bool {
        (try? text(["rev-parse", "--is-inside-work-tree"]).hasPrefix("true")) ?? false
    }

    /// The full commit ID a revision (`main`, `HEAD~2`, a tag) names.
    package func commit(_ revision: String) throws -> String {
        guard !revision.hasPrefix("-") else { throw Failure(description: "not a revision: \(revision)") }
        do {
            return try text(["rev-parse", "--verify", "--quiet", "\(revision)^{commit}"])
                .trimmingCharacters(in: .whitespacesAndNewlines)
        } catch {
            throw Failure(description: "\(revision) is not a commit in this repository")
        }
    }
}

/// Writes a child's standard input while reading its output and errors, in one loop over
/// `poll`: no thread of its own, and no pipe can fill up and stall the child.
enum PipePump {
    /// `inputHandle` is closed once `input` is written, so the child sees its end.
    static func exchange(input: Data?, to inputHandle: FileHandle?, output: Int32, errors: Int32) -> (Data, Data) {
        var outputData = Data()
        var errorData = Data()
        let pending = input ?? Data()
        var sent = 0
        var writer = inputHandle?.fileDescriptor
        var readers: [Int32: Bool] = [output: true, errors: true]
        func finishWriting() {
            try? inputHandle?.close()
            writer = nil
        }
        if let writer { _ = fcntl(writer, F_SETFL, fcntl(writer, F_GETFL) | O_NONBLOCK) }
        if pending.isEmpty { finishWriting() }
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while readers.values.contains(true) || writer != nil {
            var watched = readers.filter(\.value).keys.sorted().map {
                pollfd(fd: $0, events: Int16(POLLIN), revents: 0)
            }
            if let writer { watched.append(pollfd(fd: writer, events: Int16(POLLOUT), revents: 0)) }
            guard poll(&watched, nfds_t(watched.count), -1) >= 0 else {
                if errno == EINTR { continue }
                break
            }
            for entry in watched where entry.revents != 0 {
                if entry.fd == writer {
                    let written = pending.withUnsafeBytes { bytes in
                        write(entry.fd, bytes.baseAddress! + sent, min(bytes.count - sent, 64 * 1024))
                    }
                    if written > 0 { sent += written }
                    if written < 0 && errno != EAGAIN && errno != EINTR || sent == pending.count { finishWriting() }
                    continue
                }
                let count = read(entry.fd, &buffer, buffer.count)
                if count > 0 {
                    if entry.fd == output {
                        outputData.append(contentsOf: buffer[0..<count])
                    } else {
                        errorData.append(contentsOf: buffer[0..<count])
                    }
                } else if count == 0 || (errno != EAGAIN && errno != EINTR) {
                    readers[entry.fd] = false
                }
            }
        }
        return (outputData, errorData)
    }
}

extension Git {
    /// The project's `content/` and `templates/` as they were at a commit, read with one
    /// `git ls-tree` and one `git cat-file --batch`, whatever the number of files.
    package func project(at revision: String) throws -> InMemoryProject {
        let commit = try self.commit(revision)
        let prefix = try self.prefix()
        let listing = try run([
            "ls-tree", "-r", "-z", "--full-tree", commit, "--",
            prefix + ProjectLayout.content, prefix + ProjectLayout.templates,
        ])
        var objects: [(path: String, object: String)] = []
        var links: [String] = []
        for record in listing.split(separator: 0) {
            let text = String(decoding: record, as: UTF8.self)
            guard let tab = text.firstIndex(of: "\t") else { continue }
            let meta = text[..<tab].split(separator: " ")
            let path = String(text[text.index(after: tab)...].dropFirst(prefix.count))
            guard meta.count == 3, meta[1] == "blob" else { continue }
            if meta[0] == "120000" { links.append(path) } else { objects.append((path, String(meta[2]))) }
        }
        let request = Data(objects.map { $0.object + "\n" }.joined().utf8)
        let blobs = objects.isEmpty ? Data() : try run(["cat-file", "--batch"], input: request)
        var files: [String: Data] = [:]
        var cursor = blobs.startIndex
        for (path, _) in objects {
            guard let newline = blobs[cursor...].firstIndex(of: 0x0A) else { break }
            let header = String(decoding: blobs[cursor..<newline], as: UTF8.self).split(separator: " ")
            let start = blobs.index(after: newline)
            guard header.count == 3, let size = Int(header[2]), size >= 0, start + size <= blobs.endIndex else {
                throw Failure(description: "git cat-file returned an unexpected answer for \(path)")
            }
            files[path] = Data(blobs[start..<(start + size)])
            cursor = start + size + 1
        }
        var project = InMemoryProject(files: files)
        project.escapingLinks = Set(links)
        return project
    }

    /// Every commit that touched each of `paths` (project-relative), newest first, following
    /// renames, from one `git log` over the content folder. The log is NUL-separated (`-z`):
    /// no commit subject can forge a field, and paths arrive as written, never quoted.
    package func history(of paths: [String]) throws -> [String: [Revision]] {
        let prefix = try self.prefix()
        let marker = "assure-commit"
        // The whole repository's log, not just content/: a file moved in from elsewhere keeps
        // its history only if the log can see where it came from. Paths are from the top.
        let log = try run([
            "log", "-z", "-M", "--name-status", "--no-color", "--format=\(marker)%x00%H%x00%as%x00%an%x00%s",
        ])
        var tokens = log.split(separator: 0, omittingEmptySubsequences: false).map {
            String(decoding: $0, as: UTF8.self)
        }[...]
        // Each document is tracked under the path it had in the commit being read.
        var tracking: [String: String] = [:]
        for path in paths { tracking[prefix + path] = path }
        var result: [String: [Revision]] = [:]
        var revision: Revision?
        while let token = tokens.popFirst() {
            // A status token, or the marker of the next commit, may follow a newline.
            let word = token.hasPrefix("\n") ? String(token.dropFirst()) : token
            if word == marker {
                guard tokens.count >= 4 else { break }
                let fields = Array(tokens.prefix(4))
                tokens = tokens.dropFirst(4)
                revision = CalendarDate(iso: fields[1]).map {
                    Revision(commit: fields[0], date: $0, author: fields[2], subject: fields[3])
                }
                continue
            }
            guard let status = word.first, "AMDTRCUXB".contains(status) else { continue }
            let pathCount = status == "R" || status == "C" ? 2 : 1
            guard tokens.count >= pathCount else { break }
            let changed = Array(tokens.prefix(pathCount))
            tokens = tokens.dropFirst(pathCount)
            guard let revision else { continue }
            let current = changed[pathCount - 1]
            guard let document = tracking[current] else { continue }
            result[document, default: []].append(revision)
            if status == "R" {
                tracking.removeValue(forKey: current)
                tracking[changed[0]] = document
            } else if status == "A" {
                // Before it was added, the path belonged to something else.
                tracking.removeValue(forKey: current)
            }
        }
        return result
    }
}

extension Git {
    /// Whether the repository is a shallow clone, its history cut off (a CI checkout's default).
    package func isShallow() -> Bool {
        (try? text(["rev-parse", "--is-shallow-repository"]).hasPrefix("true")) ?? false
    }

    /// The last `limit` commits of HEAD's first-parent line that touched `content/`, oldest
    /// first, each with the files it changed there, and `content/` as it was before the first of
    /// them: one `git log`, then one `git ls-tree` and one `git cat-file --batch` for the files.
    package func contentHistory(limit: Int) throws -> ContentHistory {
        let prefix = try self.prefix()
        let marker = "assure-commit"
        let log = try run([
            "log", "-z", "--first-parent", "--no-renames", "--name-status", "--no-color", "-n", String(limit),
            // The pathspec is relative to the project folder git runs in; the paths it prints are
            // from the top of the repository.
            "--format=\(marker)%x00%H%x00%ct%x00%P", "--", ProjectLayout.content,
        ])
        var commits: [(commit: String, date: Date, parent: String?, paths: [(String, deleted: Bool)])] = []
        var tokens = log.split(separator: 0, omittingEmptySubsequences: false).map {
            String(decoding: $0, as: UTF8.self)
        }[...]
        while let token = tokens.popFirst() {
            let word = token.hasPrefix("\n") ? String(token.dropFirst()) : token
            if word == marker {
                guard tokens.count >= 3 else { break }
                let fields = Array(tokens.prefix(3))
                tokens = tokens.dropFirst(3)
                let seconds = TimeInterval(fields[1]) ?? 0
                let parent = fields[2].split(separator: " ").first.map(String.init)
                commits.append((fields[0], Date(timeIntervalSince1970: seconds), parent, []))
                continue
            }
            guard let status = word.first, "AMDT".contains(status), let path = tokens.popFirst(), !commits.isEmpty
            else { continue }
            // A path git cannot be asked for on one line of `cat-file --batch` is left out.
            guard path.hasPrefix(prefix), !path.contains("\n") else { continue }
            commits[commits.count - 1].paths.append((String(path.dropFirst(prefix.count)), status == "D"))
        }
        commits.reverse()
        var base: [String: Data] = [:]
        if let parent = commits.first?.parent {
            base = try project(at: parent).files.filter { $0.key.hasPrefix(ProjectLayout.content + "/") }
        }
        let wanted = commits.flatMap { commit in
            commit.paths.filter { !$0.deleted }.map { "\(commit.commit):\(prefix)\($0.0)" }
        }
        let blobs = try objects(wanted)
        return ContentHistory(
            base: base,
            commits: commits.map { commit in
                var changes: [String: Data?] = [:]
                for (path, deleted) in commit.paths {
                    changes[path] = deleted ? .some(nil) : .some(blobs["\(commit.commit):\(prefix)\(path)"])
                }
                return ContentHistory.Commit(commit: commit.commit, date: commit.date, changes: changes)
            })
    }

    /// The contents of `names` (`COMMIT:PATH`), from one `git cat-file --batch`; a name git
    /// does not find is left out.
    private func objects(_ names: [String]) throws -> [String: Data] {
        guard !names.isEmpty else { return [:] }
        let output = try run(["cat-file", "--batch"], input: Data(names.map { $0 + "\n" }.joined().utf8))
        var result: [String: Data] = [:]
        var cursor = output.startIndex
        for name in names {
            guard let newline = output[cursor...].firstIndex(of: 0x0A) else { break }
            let header = String(decoding: output[cursor..<newline], as: UTF8.self).split(separator: " ")
            cursor = output.index(after: newline)
            // `NAME missing`, or `SHA TYPE SIZE` and the object.
            guard header.count == 3, let size = Int(header[2]), size >= 0, cursor + size <= output.endIndex else {
                continue
            }
            if header[1] == "blob" { result[name] = Data(output[cursor..<(cursor + size)]) }
            cursor += size + 1
        }
        return result
    }
}
