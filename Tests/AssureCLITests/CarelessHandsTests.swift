import Foundation
import Testing

@testable import AssureCLI
@testable import AssureCore

/// What a careless user can point Assure at, and what it must refuse (issue "Careless hands
/// and hostile input"). Each test names the item it covers.
@Suite("Careless hands: output folders, theme files, unreadable content")
struct CarelessHandsTests {
    func project() throws -> URL { try Paths.copy("golden") }

    func write(_ text: String, to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    // MARK: - 1. The output folder

    @Test("1. --output never replaces a folder Assure did not build")
    func refusesFoldersItDidNotBuild() async throws {
        let root = try project()
        defer { try? FileManager.default.removeItem(at: root) }
        // A home folder: documents and keys.
        let home = root.appending(path: "home")
        try write("my notes", to: home.appending(path: "notes.txt"))
        try write("secret key", to: home.appending(path: ".ssh/id_ed25519"))
        let result = await assure("build", "--project", root.path, "--output", home.path)
        #expect(result.status == 1)
        #expect(result.errors.contains("holds files Assure did not write"), "\(result.errors)")
        #expect(try String(contentsOf: home.appending(path: ".ssh/id_ed25519"), encoding: .utf8) == "secret key")
        #expect(try String(contentsOf: home.appending(path: "notes.txt"), encoding: .utf8) == "my notes")
    }

    @Test(
        "1. --output never touches .git, templates/, the project or its ancestors",
        arguments: [
            (".git", "git repository's .git folder"),
            (".git/objects", "git repository's .git folder"),
            ("templates", "is inside templates/"),
            ("templates/assets", "is inside templates/"),
            (".", "is the project folder or contains it"),
            ("..", "is the project folder or contains it"),
            ("content", "is inside content/"),
        ])
    func refusesTheRepositoryAndSources(output: String, message: String) async throws {
        let root = try project()
        defer { try? FileManager.default.removeItem(at: root) }
        try write("[core]\n", to: root.appending(path: ".git/config"))
        try write("theme", to: root.appending(path: "templates/assets/custom.css"))
        let before = Paths.tree(root)
        let result = await assure("build", "--project", root.path, "--output", root.appending(path: output).path)
        #expect(result.status == 1)
        #expect(result.errors.contains(message), "\(result.errors)")
        #expect(Paths.tree(root) == before)
    }

    @Test("1. A repository's work tree is refused even when its .git is all it holds")
    func refusesAWorkTree() async throws {
        let root = try project()
        defer { try? FileManager.default.removeItem(at: root) }
        let other = root.appending(path: "other-repository")
        try write("[core]\n", to: other.appending(path: ".git/config"))
        let result = await assure("build", "--project", root.path, "--output", other.path)
        #expect(result.status == 1)
        #expect(result.errors.contains("is a git repository"), "\(result.errors)")
        #expect(FileManager.default.fileExists(atPath: other.appending(path: ".git/config").path))
    }

    @Test("1. A new, an empty or an Assure-built folder is replaced; the marker says whose it is")
    func replacesItsOwnSites() async throws {
        let root = try project()
        defer { try? FileManager.default.removeItem(at: root) }
        let empty = root.appending(path: "empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        for output in [root.appending(path: "new/site"), empty] {
            #expect(await assure("build", "--project", root.path, "--output", output.path, "-q").status == 0)
            #expect(FileManager.default.fileExists(atPath: output.appending(path: DirectoryDestination.marker).path))
            // Built once, it is Assure's: a second build replaces it, and a stray file goes.
            try write("stray", to: output.appending(path: "stray.html"))
            #expect(await assure("build", "--project", root.path, "--output", output.path, "-q").status == 0)
            #expect(!FileManager.default.fileExists(atPath: output.appending(path: "stray.html").path))
        }
        // A site an earlier Assure built, without the marker, is recognised by its generator tag.
        let legacy = root.appending(path: "legacy")
        try write("<html><head><meta name=\"generator\" content=\"Assure\">", to: legacy.appending(path: "index.html"))
        #expect(await assure("build", "--project", root.path, "--output", legacy.path, "-q").status == 0)
    }

    // MARK: - 15. Interrupted builds

    @Test("15. Folders an interrupted build left behind are removed by the next build")
    func leftoversOfInterruptedBuildsAreRemoved() async throws {
        let root = try project()
        defer { try? FileManager.default.removeItem(at: root) }
        // A process that has exited: its number is free, so its folders are nobody's.
        let finished = Process()
        finished.executableURL = URL(fileURLWithPath: "/bin/true")
        try finished.run()
        finished.waitUntilExit()
        let dead = finished.processIdentifier
        for kind in ["new", "old"] {
            let leftover = root.appending(path: ".site.assure-\(kind)-\(dead)")
            try write("half a site", to: leftover.appending(path: "index.html"))
            try write("", to: leftover.appending(path: DirectoryDestination.marker))
        }
        // A build still running elsewhere (this test's own parent process is alive) is left alone.
        let running = root.appending(path: ".site.assure-new-\(getppid())")
        try write("", to: running.appending(path: DirectoryDestination.marker))
        #expect(await assure("build", "--project", root.path, "-q").status == 0)
        let hidden = try FileManager.default.contentsOfDirectory(atPath: root.path).filter { $0.hasPrefix(".site") }
        #expect(hidden == [".site.assure-new-\(getppid())"])
    }

    @Test("15. Replacing a site swaps the folders in one step: the site is never missing")
    func theSwapIsAtomic() async throws {
        let root = try project()
        defer { try? FileManager.default.removeItem(at: root) }
        let destination = DirectoryDestination(output: root.appending(path: "site"), project: root)
        try await destination.replace(with: [OutputFile(path: "index.html", data: Data("one".utf8))])
        // Another thread looks for the site the whole time the second build swaps it in.
        let site = root.appending(path: "site/index.html").path
        let watching = Task.detached { () -> Int in
            var missing = 0
            for _ in 0..<20_000 where !FileManager.default.fileExists(atPath: site) { missing += 1 }
            return missing
        }
        for round in 0..<50 {
            try await destination.replace(with: [OutputFile(path: "index.html", data: Data("round \(round)".utf8))])
        }
        #expect(await watching.value == 0)
    }

    // MARK: - 18. Unwritable output

    @Test("18. An output folder that cannot be written gets a sentence naming it")
    func readOnlyOutputIsExplained() async throws {
        let root = try project()
        defer { try? FileManager.default.removeItem(at: root) }
        let locked = root.appending(path: "locked")
        try FileManager.default.createDirectory(at: locked, withIntermediateDirectories: true)
        try NobodyRunner.share(root)
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: locked.path)
        let result = try NobodyRunner.run([
            "build", "--project", root.path, "--output", locked.appending(path: "site").path,
        ])
        #expect(result.status == 1)
        #expect(
            result.output.contains(
                "error: cannot create the site beside \(locked.path)/site: Permission denied in \(locked.path)"),
            "\(result.output)")
        #expect(!result.output.contains("NSCocoaErrorDomain") && !result.output.contains("Error Domain"))
    }

    // MARK: - 2. templates/

    @Test("2. Only templates/assets/ is published, and a templates/ link out of the project is refused")
    func templatesPublishOnlyAssets() async throws {
        let root = try project()
        defer { try? FileManager.default.removeItem(at: root) }
        try write("API_KEY=hunter2", to: root.appending(path: "templates/deploy.env"))
        try write("notes to self", to: root.appending(path: "templates/notes.txt"))
        try write("body { color: teal }", to: root.appending(path: "templates/assets/extra.css"))
        let built = await assure("build", "--project", root.path)
        #expect(built.status == 0, "\(built.errors)")
        #expect(built.errors.contains("templates/deploy.env: warning: not a template and not under templates/assets/"))
        let site = Paths.tree(root.appending(path: "site"))
        #expect(site["assets/extra.css"] != nil)
        #expect(!site.keys.contains { $0.contains("deploy.env") || $0.contains("notes.txt") })
        #expect(!site.values.contains { String(decoding: $0, as: UTF8.self).contains("hunter2") })

        // templates -> a folder outside the project holding a key.
        let outside = FileManager.default.temporaryDirectory.appending(path: "assure-keys-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: outside) }
        try write("PRIVATE KEY", to: outside.appending(path: "assets/id_rsa"))
        try FileManager.default.removeItem(at: root.appending(path: "templates"))
        try FileManager.default.createSymbolicLink(at: root.appending(path: "templates"), withDestinationURL: outside)
        let linked = await assure("build", "--project", root.path)
        #expect(linked.status == 1)
        #expect(
            linked.errors.contains("templates: error: templates/ is a symbolic link leading out of the project"),
            "\(linked.errors)")
        #expect(
            !Paths.tree(root.appending(path: "site")).values.contains {
                String(decoding: $0, as: UTF8.self).contains("PRIVATE KEY")
            })
    }

    // MARK: - 7. Nothing vanishes

    @Test("7. A file name that is not UTF-8 is an error, not a skipped policy")
    func invalidFileNamesAreReported() async throws {
        let root = try project()
        defer { try? FileManager.default.removeItem(at: root) }
        // `café.md` written in Latin-1: the byte E9 alone is not UTF-8.
        let path = Array((root.path + "/content/policies/caf").utf8) + [0xE9] + Array(".md".utf8) + [0]
        let descriptor = path.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_CREAT | O_WRONLY, 0o644) }
        }
        try #require(descriptor >= 0)
        close(descriptor)
        let result = await assure("check", "--project", root.path)
        #expect(result.status == 1)
        #expect(
            result.output.contains("content/policies/caf\\xE9.md: error: the file name is not valid UTF-8"),
            "\(result.output)")
    }

    @Test("7. An unreadable folder is an error naming it (run as an unprivileged user)")
    func unreadableFoldersAreReported() async throws {
        let root = try project()
        defer { try? FileManager.default.removeItem(at: root) }
        try NobodyRunner.share(root)
        let hidden = root.appending(path: "content/policies/private")
        try write("---\nid: POL-X\n---\n", to: hidden.appending(path: "x.md"))
        try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: hidden.path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hidden.path) }
        let result = try NobodyRunner.run([
            "build", "--project", root.path, "--output", root.appending(path: "out").path,
        ])
        #expect(result.status == 1)
        #expect(
            result.output.contains(
                "content/policies/private: error: cannot read content/policies/private: Permission denied"),
            "\(result.output)")
        #expect(!FileManager.default.fileExists(atPath: root.appending(path: "out").path))
    }

    @Test("16. A document over the size limit is refused with a clear error, not read")
    func oversizedFilesAreRefused() async throws {
        let root = try project()
        defer { try? FileManager.default.removeItem(at: root) }
        let big = "---\ntitle: Big\n---\n" + String(repeating: "A line of a very long page.\n", count: 320_000)
        try write(big, to: root.appending(path: "content/pages/big.md"))
        let result = await assure("check", "--project", root.path)
        #expect(result.status == 1)
        #expect(
            result.output.contains(
                "content/pages/big.md: error: the file is 8.5 MiB, over the limit of 8.0 MiB; it is not read"),
            "\(result.output)")
        #expect(result.output.contains("[file-too-large]"))
    }
}

/// Runs the built `assure` as the unprivileged user `nobody` when the tests run as root, so
/// that file permissions apply as they would for a person.
enum NobodyRunner {
    static let binary = Paths.repository.appending(path: ".build/debug/assure")

    /// Lets `nobody` into a test's folder: the folder and its parents up to the temporary folder.
    static func share(_ folder: URL) throws {
        let fileManager = FileManager.default
        let enumerator = fileManager.enumerator(atPath: folder.path)!
        try fileManager.setAttributes([.posixPermissions: 0o777], ofItemAtPath: folder.path)
        while let path = enumerator.nextObject() as? String {
            let full = folder.appending(path: path).path
            var isDirectory: ObjCBool = false
            fileManager.fileExists(atPath: full, isDirectory: &isDirectory)
            try fileManager.setAttributes(
                [.posixPermissions: isDirectory.boolValue ? 0o777 : 0o666], ofItemAtPath: full)
        }
    }

    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        #expect(
            FileManager.default.isExecutableFile(atPath: binary.path),
            "build the binary first: swift build --product assure")
        // A copy nobody can run, whatever the permissions of the checkout's folders.
        let copy = FileManager.default.temporaryDirectory.appending(path: "assure-nobody-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: copy, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: copy) }
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: copy.path)
        try FileManager.default.copyItem(at: binary, to: copy.appending(path: "assure"))
        guard getuid() == 0 else { return try runProcess(copy.appending(path: "assure"), arguments) }
        let unprivileged = ["--reuid=65534", "--regid=65534", "--clear-groups", copy.appending(path: "assure").path]
        return try runProcess(URL(fileURLWithPath: "/usr/bin/setpriv"), unprivileged + arguments)
    }
}
