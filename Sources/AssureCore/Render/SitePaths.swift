/// Where each page lives in the output, relative to the site root. Every link between pages is
/// relative (see `root(from:)`), so a site works from `file://` with no server.
public enum SitePaths {
    public static let home = "index.html"
    public static let policies = "policies/index.html"
    public static let controls = "controls/index.html"
    public static let criteria = "criteria/index.html"
    /// The answer library, grouped by questionnaire domain.
    public static let answers = "answers/index.html"
    public static let register = "register.html"
    /// The auditor site's evidence of operation: an overview, one page per control, exceptions.
    public static let evidence = "evidence/index.html"
    public static let exceptions = "evidence/exceptions.html"
    public static func evidence(for control: String) -> String { "evidence/\(Slug.fileName(control)).html" }
    /// A control's records as CSV, the population an auditor samples from.
    public static func population(for control: String) -> String { "evidence/\(Slug.fileName(control))-population.csv" }
    public static let notFound = "404.html"
    /// The search page, the index it reads (a script, so it loads from `file://`) and the script.
    public static let search = "search.html"
    public static let searchIndex = "search-index.js"
    public static let searchScript = "assets/search.js"
    /// The script that opens a grant's sealed pages with the key from the link.
    public static let accessScript = "assets/access.js"
    public static let sitemap = "sitemap.xml"
    public static let robots = "robots.txt"
    public static let feed = "updates.xml"
    public static let updates = "updates/index.html"
    public static let securityTxt = ".well-known/security.txt"
    public static let coverageCSV = "coverage.csv"
    public static let coverageJSON = "coverage.json"
    /// The organisation's colours, when `site.accent` sets them.
    public static let brandStylesheet = "assets/brand.css"

    public static func page(for node: NodeRef) -> String {
        switch node {
        case .document(let kind, let id): "\(kind.folder)/\(Slug.fileName(id)).html"
        case .criterion(let key):
            "\(frameworkFolder(String(key.prefix { $0 != ":" })))/"
                + "\(Slug.fileName(String(key.drop { $0 != ":" }.dropFirst()))).html"
        }
    }

    private static func frameworkFolder(_ catalog: String) -> String { "criteria/\(Slug.fileName(catalog))" }

    /// A framework's page: its criteria by group.
    public static func framework(_ catalog: String) -> String { "\(frameworkFolder(catalog))/index.html" }

    /// The Statement of Applicability of a framework that has one (ISO/IEC 27001), as a page and as CSV.
    public static func statementOfApplicability(_ catalog: String) -> String {
        "\(frameworkFolder(catalog))/statement-of-applicability.html"
    }
    public static func statementOfApplicabilityCSV(_ catalog: String) -> String {
        "\(frameworkFolder(catalog))/statement-of-applicability.csv"
    }

    /// Where a file from content/ is published: `content/policies/net.png` → `files/policies/net.png`.
    public static func asset(_ contentPath: String) -> String {
        "files/" + contentPath.dropFirst(ProjectLayout.content.count + 1)
    }

    /// The prefix that leads from a page back to the site root (`""` or `"../"`).
    public static func root(from path: String) -> String {
        String(repeating: "../", count: path.filter { $0 == "/" }.count)
    }
}
