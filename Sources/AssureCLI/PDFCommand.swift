import ArgumentParser
import AssureCore
import Foundation

extension PrintBook.Selection: ExpressibleByArgument {}

struct PDFCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pdf",
        abstract: "Write the policies (or every document) as one PDF, through headless Chromium.",
        discussion: """
            A cover (organisation, date, commit), the contents with page numbers, and each document \
            on a new page with its fields, running headers and page numbers; links between \
            documents lead inside the PDF. Only what the audience's site shows is in it: the \
            public edition lists restricted documents by title. Chromium (Debian's `chromium`) \
            lays it out, found on PATH or given with --chromium; without it the command says \
            how to install it and exits 64, never writing a lesser PDF. The PDF's dates are \
            the commit's, so the same commit prints the same bytes.
            """
    )

    @OptionGroup var projectOptions: ProjectOptions
    @OptionGroup var asOfOption: AsOfOption

    @Option(help: "Whose edition: auditor (every document but internal ones) or public.")
    var audience: SiteAudience = .auditor

    @Option(name: .shortAndLong, help: ArgumentHelp("The PDF to write.", valueName: "file.pdf"))
    var output: String = "policies.pdf"

    @Option(help: "What it holds: policies, or all documents.")
    var documents: PrintBook.Selection = .policies

    @Option(help: ArgumentHelp("The Chromium (or Chrome) to print with.", valueName: "path"))
    var chromium: String?

    func run() async throws {
        let root = projectOptions.projectURL
        let outputURL = URL(fileURLWithPath: output).standardizedFileURL
        for folder in [ProjectLayout.content, ProjectLayout.templates] {
            if outputURL.path.hasPrefix(root.appending(path: folder).standardizedFileURL.path + "/") {
                throw ValidationError("the PDF cannot be written inside \(folder)/, which is published from")
            }
        }
        let browser = try Chromium.locate(chromium)
        let git = GitRepository(root: root)
        let asOf = try asOfOption.resolve()
        let pipeline = BuildPipeline(project: DiskProject(root: root), asOf: asOf, sourceControl: git)
        let model = try await pipeline.model()
        guard let portal = model.portal, let theme = model.theme else { throw BuildFailure(model.diagnostics) }
        let date = pipeline.contentDate
        let book = PrintBook(
            view: AudienceFilter(audience: audience).apply(to: portal), selection: documents,
            date: CalendarDate(date), commit: git.revision()?.commit)
        guard !book.documents.isEmpty else {
            throw OutputError(
                description:
                    "the \(audience.rawValue) edition has no \(documents == .policies ? "policy" : "document") to print"
            )
        }
        let anchors = book.documents.map { PrintBook.anchor($0.node) }
        // The first printing tells where each document starts; the second prints those pages
        // in the contents, which has as many lines either way, so nothing moves.
        var pages: [String: Int] = [:]
        var pdf = Data()
        for _ in 0..<3 {
            pdf = try browser.print(html: try book.html(theme: theme, pages: pages), files: book.files)
            let found = PDFPages.destinations(in: pdf)
            guard anchors.allSatisfy({ found[$0] != nil }) else {
                throw OutputError(description: "Chromium's PDF does not say where each document starts")
            }
            if found == pages { break }
            pages = found
        }
        try AtomicFile.write(PDFPages.dated(pdf, date), to: outputURL)
        let count = PDFPages.pageCount(of: pdf)
        Console.current.write(
            "Wrote \(output): \(book.documents.count) documents on \(count) pages, the \(audience.rawValue) edition")
    }
}

/// Headless Chromium, printing a page to PDF. It runs with a profile of its own, loads the
/// book from a temporary folder, and reads nothing else: the book names no other host.
struct Chromium {
    let executable: URL

    static let names = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]

    /// The browser given, else the first on PATH; a usage error (exit 64) saying how to get one.
    static func locate(_ given: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws
        -> Chromium
    {
        if let given {
            guard FileManager.default.isExecutableFile(atPath: given) else {
                throw ValidationError("--chromium \(given) is not an executable file")
            }
            return Chromium(executable: URL(fileURLWithPath: given))
        }
        for folder in (environment["PATH"] ?? "").split(separator: ":") {
            for name in names where FileManager.default.isExecutableFile(atPath: "\(folder)/\(name)") {
                return Chromium(executable: URL(fileURLWithPath: "\(folder)/\(name)"))
            }
        }
        throw ValidationError(
            "assure pdf lays the PDF out with headless Chromium, and none was found on PATH ("
                + names.joined(separator: ", ") + "). Install it (Debian and Ubuntu: `sudo apt-get install chromium`; "
                + "macOS: install Google Chrome) or pass --chromium PATH.")
    }

    /// The PDF of `html`, with `files` beside it at their relative paths.
    func print(html: String, files: [OutputFile]) throws -> Data {
        let folder = FileManager.default.temporaryDirectory.appending(path: "assure-pdf-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        for file in files + [OutputFile(path: "book.html", data: Data(html.utf8))] {
            let url = folder.appending(path: "book/" + file.path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try file.data.write(to: url)
        }
        let output = folder.appending(path: "book.pdf")
        var arguments = [
            "--headless", "--disable-gpu", "--no-pdf-header-footer", "--no-first-run", "--disable-extensions",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--user-data-dir=\(folder.appending(path: "profile").path)", "--print-to-pdf=\(output.path)",
        ]
        // Chromium will not run as root inside its sandbox (a container, a CI job).
        if geteuid() == 0 { arguments.append("--no-sandbox") }
        arguments.append(folder.appending(path: "book/book.html").absoluteString)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let errors = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try process.run()
        let messages = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0, let pdf = FileManager.default.contents(atPath: output.path), !pdf.isEmpty
        else {
            let tail = String(decoding: messages, as: UTF8.self).split(separator: "\n").suffix(5).joined(
                separator: "\n")
            throw OutputError(
                description: "\(executable.path) did not print the PDF (exit \(process.terminationStatus)):\n\(tail)")
        }
        return pdf
    }
}
