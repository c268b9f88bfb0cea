import AssureCore
import CLibFuzzer
import Foundation

// libFuzzer drives the program: it calls `fuzz` with each input it makes.
var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv, fuzz))

/// One input: its first byte picks the file it becomes, the rest is that file's bytes, in an
/// otherwise valid project. Everything from loading to validating runs on it (`assure check`),
/// and the site is rendered for both audiences when it checks clean; any crash is a bug.
func fuzz(_ start: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    guard let start, count > 0 else { return 0 }
    let bytes = UnsafeBufferPointer(start: start, count: count)
    let slots = [
        "content/policies/fuzz.md", "content/assure.yml", "content/data/faq.yml",
        "content/catalogs/fuzz.yml", "content/controls/fuzz.md", "content/pages/fuzz.md",
        "content/evidence/AC-01.yml", "content/catalogs/mappings/fuzz.yml", "content/access/fuzz.yml",
    ]
    var project = FuzzProject.base
    project.files[slots[Int(bytes[0]) % slots.count]] = Data(bytes.dropFirst())
    var pipeline = BuildPipeline(project: project, asOf: CalendarDate(iso: "2026-06-30")!)
    // With a secret, a grant that checks clean is sealed into the public site too.
    pipeline.accessSecret = AccessSecret("a fuzzing secret that is long enough")
    // libFuzzer calls in synchronously; the pipeline is async, so wait for it here.
    let done = DispatchSemaphore(value: 0)
    Task {
        if await !pipeline.check().diagnostics.hasErrors {
            for audience in [SiteAudience.public, .auditor] {
                _ = try? await pipeline.build(audience: audience, into: MemoryDestination())
            }
        }
        done.signal()
    }
    done.wait()
    return 0
}

enum FuzzProject {
    static let base = InMemoryProject(texts: [
        "content/assure.yml": """
        organization: {name: Fuzz Co, website: https://fuzz.example}
        principles: [security, availability]
        report: {type: type-2, status: in-progress, period: {start: 2026-01-01, end: 2026-06-30}}
        exclusions: {CC6.4: Carved out to the cloud provider.}
        contact: {email: trust@fuzz.example}
        base_url: https://trust.fuzz.example
        """,
        "content/policies/access.md": """
        ---
        id: POL-AC
        title: Access Control
        owner: CISO
        version: "1.0"
        effective: 2026-01-01
        audience: public
        criteria: [CC6.1]
        ---
        # Access Control

        See [[AC-01]] and [the control](../controls/ac.md#scope).
        """,
        "content/controls/restricted.md": """
        ---
        id: AC-02
        title: Privileged access
        owner: IT
        criteria: [CC6.3]
        policies: [POL-AC]
        status: implemented
        family: access-control
        audience: restricted
        evidence: [Tickets]
        ---
        Privileged access is [[POL-AC]]'s hardest part; see [[AC-01]].
        """,
        "content/access/acme.yml": """
        customer: ACME Corp
        nda: REF-12
        granted: 2026-01-01
        expires: 2026-12-31
        documents: [AC-02]
        """,
        "content/controls/ac.md": """
        ---
        id: AC-01
        title: Access reviews
        owner: IT
        criteria: [CC6.1, CC6.2, A1.1]
        policies: [POL-AC]
        status: implemented
        family: access-control
        audience: public
        evidence: [Review tickets]
        ---
        ## Scope

        | System | Reviewer |
        |---|---|
        | Production | CTO |
        """,
    ])
}
