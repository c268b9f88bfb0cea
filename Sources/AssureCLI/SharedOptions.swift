import ArgumentParser
import AssureCore
import Foundation

/// The day review dates are judged against: `--as-of`, else `SOURCE_DATE_EPOCH`, else today.
/// The only place Assure reads the wall clock.
struct AsOfOption: ParsableArguments {
    @Option(
        name: .customLong("as-of"),
        help: ArgumentHelp(
            "Judge review dates as of this day (YYYY-MM-DD). Defaults to SOURCE_DATE_EPOCH, else today.",
            valueName: "date"))
    var asOf: String?

    func validate() throws {
        if let asOf, CalendarDate(iso: asOf) == nil {
            throw ValidationError("--as-of must be a real date written YYYY-MM-DD, not \(asOf)")
        }
    }

    func resolve(environment: [String: String] = ProcessInfo.processInfo.environment, now: Date = Date()) throws
        -> CalendarDate
    {
        if let asOf, let date = CalendarDate(iso: asOf) { return date }
        if let seconds = try SourceDateEpoch.validated(environment) {
            return CalendarDate(secondsSince1970: seconds)
        }
        return CalendarDate(secondsSince1970: Int64(now.timeIntervalSince1970.rounded(.down)))
    }
}

extension SourceDateEpoch {
    /// The seconds `SOURCE_DATE_EPOCH` names, or a usage error (exit 64) saying what is wrong.
    static func validated(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Int64? {
        do {
            return try seconds(in: environment)
        } catch let invalid as SourceDateEpoch.Invalid {
            throw ValidationError(invalid.description)
        }
    }
}

extension DiagnosticFormat: ExpressibleByArgument {}
extension CoverageReport.Format: ExpressibleByArgument {}

/// Where the access secret comes from: `--access-secret-file`, else `ASSURE_ACCESS_SECRET`.
/// Never from `content/` or `templates/`, which are committed and published from.
struct AccessSecretOption: ParsableArguments {
    static let environmentVariable = "ASSURE_ACCESS_SECRET"
    /// The file name `assure init`'s .gitignore keeps out of git.
    static let conventionalFile = ".assure-access-secret"

    @Option(
        name: .customLong("access-secret-file"),
        help: ArgumentHelp(
            "A file holding the secret access grants derive their keys from (else ASSURE_ACCESS_SECRET).",
            valueName: "file"))
    var file: String?

    /// The secret, nil when none is given; a usage error when it is unusable.
    func resolve(project: URL, environment: [String: String] = ProcessInfo.processInfo.environment) throws
        -> AccessSecret?
    {
        let text: String
        let source: String
        if let file {
            let url = URL(fileURLWithPath: file).standardizedFileURL.resolvingSymlinksInPath()
            for folder in [ProjectLayout.content, ProjectLayout.templates] {
                let inside = project.appending(path: folder).standardizedFileURL.resolvingSymlinksInPath().path + "/"
                if url.path.hasPrefix(inside) {
                    throw ValidationError(
                        "the access secret may not live in \(folder)/ (\(file)): it is committed and published from; "
                            + "keep it outside the repository or in a CI secret")
                }
            }
            guard let data = FileManager.default.contents(atPath: url.path) else {
                throw ValidationError("cannot read the access secret file \(file)")
            }
            try Self.refuseIfCommittable(url, written: file)
            guard let decoded = String(data: data, encoding: .utf8) else {
                throw ValidationError("the access secret file \(file) is not UTF-8 text")
            }
            text = decoded
            source = file
        } else if let value = environment[Self.environmentVariable], !value.isEmpty {
            text = value
            source = Self.environmentVariable
        } else {
            return nil
        }
        guard let secret = AccessSecret(text) else {
            throw ValidationError(
                "the access secret in \(source) is shorter than \(AccessSecret.minimumLength) characters; "
                    + "make one with `openssl rand -base64 48`")
        }
        return secret
    }
}

extension AccessSecretOption {
    /// A secret file git tracks, or that lies in a git work tree without being ignored, is one
    /// `git add` away from the history, where it would stay: refused, with how to move it.
    static func refuseIfCommittable(_ url: URL, written file: String) throws {
        let git = Git(folder: url.deletingLastPathComponent())
        let answer = try? git.text(["rev-parse", "--show-toplevel"])
        guard let top = answer?.trimmingCharacters(in: .whitespacesAndNewlines), !top.isEmpty else { return }
        let name = url.lastPathComponent
        let move =
            "move it outside the repository (such as ~/.config/assure/access-secret), or name it "
            + "\(conventionalFile) in the project folder, which the .gitignore `assure init` writes keeps out of git"
        if (try? git.run(["ls-files", "--error-unmatch", "--", name])) != nil {
            throw ValidationError(
                "the access secret \(file) is tracked by the git repository at \(top): once committed, anyone with "
                    + "the history can open every grant. Remove it from git (`git rm --cached \(name)`), make a new "
                    + "secret if it was ever committed, and " + move)
        }
        do {
            try git.run(["check-ignore", "-q", "--", name])
        } catch let failure as Git.Failure where failure.status == 1 {
            throw ValidationError(
                "the access secret \(file) is inside the git work tree at \(top) and not ignored, so `git add` "
                    + "would commit it: " + move + ", or add it to .gitignore")
        } catch {
            // git could not say (an unusual repository): the content/ and templates/ check stands.
        }
    }
}
