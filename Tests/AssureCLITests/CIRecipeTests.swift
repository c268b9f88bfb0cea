import AssureCore
import Foundation
import Testing
import Yams

/// The CI recipes in `docs/ci/`, run as their CI would run them: every shell step, in order,
/// against a real git repository with a `main` on a local `origin`, with the release tarball
/// made here from the built binary. Only the calls to GitHub's and GitLab's APIs are left out.
/// Both files are valid against their published schemas (check-jsonschema ships them).
@Suite("The CI recipes", .serialized)
struct CIRecipeTests {
    static let recipes = Paths.repository.appending(path: "docs/ci")

    /// A scratch folder with the example in a repository (`main`, pushed to a bare `origin`)
    /// and a release tarball of the built binary.
    struct Workspace {
        let folder: URL
        var repository: URL { folder.appending(path: "repository") }
        var tarball: URL { folder.appending(path: "assure.tar.gz") }
        var sha256: String

        init() throws {
            folder = FileManager.default.temporaryDirectory.appending(path: "assure-ci-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let binary = Paths.repository.appending(path: ".build/debug/assure")
            guard FileManager.default.isExecutableFile(atPath: binary.path) else {
                throw OutputError(description: "\(binary.path) is missing: scripts/test builds it first")
            }
            let release = folder.appending(path: "assure-0.1.0-linux-x86_64")
            try FileManager.default.createDirectory(at: release, withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: binary, to: release.appending(path: "assure"))
            try Self.shell(
                folder, "tar -czf assure.tar.gz assure-0.1.0-linux-x86_64 && rm -r assure-0.1.0-linux-x86_64")
            sha256 = AuditorBundle.sha256(try Data(contentsOf: folder.appending(path: "assure.tar.gz")))
            let example = try Paths.copy(FrameworkCLITests.example)
            try FileManager.default.moveItem(at: example, to: repository)
            try Self.shell(
                folder,
                """
                git -C repository init -q -b main && git -C repository add -A \
                && git -C repository commit -q -m programme \
                && git clone -q --bare repository origin.git \
                && git -C repository remote add origin ../origin.git && git -C repository fetch -q origin
                """)
        }

        /// A branch off main with one commit that makes a restricted control public.
        func widenOnABranch() throws {
            try Self.shell(
                repository,
                """
                git checkout -q -b widen \
                && sed -i 's/^audience: restricted$/audience: public/' content/controls/ac-04.md \
                && git commit -q -am 'AC-04 public'
                """)
        }

        @discardableResult
        static func shell(_ folder: URL, _ script: String, environment: [String: String] = [:]) throws
            -> (status: Int32, output: String)
        {
            var environment = environment
            environment["GIT_AUTHOR_NAME"] = "Casey"
            environment["GIT_AUTHOR_EMAIL"] = "casey@example.test"
            environment["GIT_COMMITTER_NAME"] = "Casey"
            environment["GIT_COMMITTER_EMAIL"] = "casey@example.test"
            return try runProcess(
                URL(fileURLWithPath: "/bin/bash"), ["-eo", "pipefail", "-c", "cd '\(folder.path)' && \(script)"],
                environment: environment)
        }
    }

    @Test func bothRecipesAreValidAgainstTheirPublishedSchemas() throws {
        for (file, schema) in [
            ("github-actions.yml", "vendor.github-workflows"), ("gitlab-ci.yml", "vendor.gitlab-ci"),
        ] {
            let result = try runProcess(
                URL(fileURLWithPath: "/usr/bin/env"),
                ["check-jsonschema", "--builtin-schema", schema, Self.recipes.appending(path: file).path])
            #expect(result.status == 0, "\(file): \(result.output)")
        }
    }

    /// The GitHub workflow's shell steps on a pull request that widens an audience: the check
    /// passes, the diff is written with its marker for the sticky comment, and the job fails;
    /// on main, the site is built.
    @Test func theGitHubWorkflowsStepsRunAsOnAPullRequestAndOnMain() throws {
        let workspace = try Workspace()
        defer { try? FileManager.default.removeItem(at: workspace.folder) }
        try workspace.widenOnABranch()
        let text = try String(contentsOf: Self.recipes.appending(path: "github-actions.yml"), encoding: .utf8)
        let workflow = try #require(try Yams.load(yaml: text) as? [String: Any])
        let jobs = try #require(workflow["jobs"] as? [String: Any])
        var environment = (workflow["env"] as? [String: Any] ?? [:]).mapValues { "\($0)" }
        environment["ASSURE_URL"] = "file://\(workspace.tarball.path)"
        environment["ASSURE_SHA256"] = workspace.sha256

        let review = try run(jobs["review"], in: workspace, environment: environment)
        #expect(review.statuses["Check"] == 0, "\(review.log)")
        #expect(review.statuses["Diff against the base branch"] == 0, "\(review.log)")
        #expect(review.outputs["diff"]?["status"] == "1", "\(review.outputs)")
        let comment = try String(
            contentsOf: workspace.folder.appending(path: "runner/assure-comment.md"), encoding: .utf8)
        #expect(comment.hasPrefix("<!-- assure-diff -->\n") && comment.contains("AC-04"), "\(comment)")
        #expect(review.statuses["Refuse a widened audience or lost coverage"] == 1)

        try Workspace.shell(workspace.repository, "git checkout -q main")
        let publish = try run(jobs["publish"], in: workspace, environment: environment)
        #expect(publish.statuses["Build the public site"] == 0, "\(publish.log)")
        #expect(FileManager.default.fileExists(atPath: workspace.repository.appending(path: "site/index.html").path))
    }

    /// Runs a job's `run:` steps as GitHub's runner would: bash with `-eo pipefail`, the step's
    /// `env:` with `${{ }}` expressions filled in, `$GITHUB_PATH` and `$GITHUB_OUTPUT` honoured,
    /// and a step's `if:` on an earlier step's output evaluated. `uses:` steps (checkout, the API
    /// comment, Pages) are what the test does itself or leaves out.
    func run(_ job: Any?, in workspace: Workspace, environment base: [String: String]) throws
        -> (statuses: [String: Int32], outputs: [String: [String: String]], log: String)
    {
        let steps = try #require((job as? [String: Any])?["steps"] as? [[String: Any]])
        let runner = workspace.folder.appending(path: "runner")
        try FileManager.default.createDirectory(at: runner, withIntermediateDirectories: true)
        var environment = base
        environment["RUNNER_TEMP"] = runner.path
        environment["GITHUB_PATH"] = runner.appending(path: "path").path
        environment["GITHUB_OUTPUT"] = runner.appending(path: "output").path
        var statuses: [String: Int32] = [:]
        var outputs: [String: [String: String]] = [:]
        var log = ""
        for step in steps {
            guard let script = step["run"] as? String, let name = step["name"] as? String else { continue }
            let expressions = { (text: String) -> String in
                var text = text.replacingOccurrences(of: "${{ github.base_ref }}", with: "main")
                for (id, values) in outputs {
                    for (key, value) in values {
                        text = text.replacingOccurrences(of: "${{ steps.\(id).outputs.\(key) }}", with: value)
                    }
                }
                return text
            }
            if let condition = step["if"] as? String {
                let parts = expressions("${{ \(condition) }}").components(separatedBy: " != ")
                if parts.count == 2,
                    parts[0].trimmingCharacters(in: .whitespaces) == parts[1].replacingOccurrences(of: "'", with: "")
                {
                    continue
                }
            }
            var stepEnvironment = environment
            for (key, value) in step["env"] as? [String: Any] ?? [:] { stepEnvironment[key] = expressions("\(value)") }
            let added = (try? String(contentsOfFile: environment["GITHUB_PATH"] ?? "", encoding: .utf8)) ?? ""
            let path = added.split(separator: "\n").reversed().joined(separator: ":")
            stepEnvironment["PATH"] = path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
            try? Data().write(to: runner.appending(path: "output"))
            let result = try Workspace.shell(workspace.repository, script, environment: stepEnvironment)
            statuses[name] = result.status
            log += "== \(name): \(result.status)\n\(result.output)\n"
            if let id = step["id"] as? String {
                let written = (try? String(contentsOf: runner.appending(path: "output"), encoding: .utf8)) ?? ""
                outputs[id] = Dictionary(
                    written.split(separator: "\n").compactMap { line -> (String, String)? in
                        let pair = line.split(separator: "=", maxSplits: 1).map(String.init)
                        return pair.count == 2 ? (pair[0], pair[1]) : nil
                    }
                ) { _, last in last }
            }
        }
        return (statuses, outputs, log)
    }

    /// The GitLab recipe's `before_script` and `script`, one shell as GitLab runs them: a merge
    /// request that widens an audience fails and leaves the diff for the note; one that does
    /// not passes; Pages builds the site into `public/`.
    @Test func theGitLabRecipesScriptsRunAsOnAMergeRequestAndOnMain() throws {
        let workspace = try Workspace()
        defer { try? FileManager.default.removeItem(at: workspace.folder) }
        let text = try String(contentsOf: Self.recipes.appending(path: "gitlab-ci.yml"), encoding: .utf8)
        let recipe = try #require(try Yams.load(yaml: text) as? [String: Any])
        var environment = (recipe["variables"] as? [String: Any] ?? [:]).mapValues { "\($0)" }
        environment["ASSURE_URL"] = "file://\(workspace.tarball.path)"
        environment["ASSURE_SHA256"] = workspace.sha256
        environment["CI_MERGE_REQUEST_TARGET_BRANCH_NAME"] = "main"
        let before = (recipe["default"] as? [String: Any])?["before_script"] as? [String] ?? []
        func script(_ job: String) -> String {
            let lines = ((recipe[job] as? [String: Any])?["script"] as? [String]) ?? []
            return (before + lines).joined(separator: "\n")
        }
        #expect(!before.isEmpty && !script("review").isEmpty)

        try Workspace.shell(workspace.repository, "git checkout -q -b quiet && git commit -q --allow-empty -m nothing")
        let quiet = try Workspace.shell(workspace.repository, script("review"), environment: environment)
        #expect(quiet.status == 0, "\(quiet.output)")

        try Workspace.shell(workspace.repository, "git checkout -q main")
        try workspace.widenOnABranch()
        let widened = try Workspace.shell(workspace.repository, script("review"), environment: environment)
        #expect(widened.status == 1, "\(widened.output)")
        let diff = try String(contentsOf: workspace.repository.appending(path: "assure-diff.md"), encoding: .utf8)
        #expect(diff.contains("AC-04"), "\(diff)")

        try Workspace.shell(workspace.repository, "git checkout -q main")
        let pages = try Workspace.shell(workspace.repository, script("pages"), environment: environment)
        #expect(pages.status == 0, "\(pages.output)")
        #expect(FileManager.default.fileExists(atPath: workspace.repository.appending(path: "public/index.html").path))
    }
}
