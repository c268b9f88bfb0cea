/// Where each page lives in the output, relative to the site root. Every page is at most one
/// folder deep, so links stay relative and work from `file://` with no server.
public enum SitePaths {
    public static let home = "index.html"
    public static let policies = "policies/index.html"
    public static let controls = "controls/index.html"
    public static let criteria = "criteria/index.html"
    public static let register = "register.html"
    public static let notFound = "404.html"
    public static let sitemap = "sitemap.xml"
    public static let robots = "robots.txt"
    public static let feed = "updates.xml"
    public static let securityTxt = ".well-known/security.txt"
    public static let coverageCSV = "coverage.csv"
    public static let coverageJSON = "coverage.json"

    public static func page(for node: NodeRef) -> String {
        switch node {
        case .document(let kind, let id): "\(kind.folder)/\(Slug.fileName(id)).html"
        case .criterion(let id): "criteria/\(Slug.fileName(id)).html"
        }
    }

    public static func principle(_ principle: PrincipleID) -> String { "principles/\(principle.rawValue).html" }

    /// Where a file from content/ is published: `content/policies/net.png` → `files/policies/net.png`.
    public static func asset(_ contentPath: String) -> String {
        "files/" + contentPath.dropFirst(ProjectLayout.content.count + 1)
    }

    /// The prefix that leads from a page back to the site root (`""` or `"../"`).
    public static func root(from path: String) -> String {
        String(repeating: "../", count: path.filter { $0 == "/" }.count)
    }
}
