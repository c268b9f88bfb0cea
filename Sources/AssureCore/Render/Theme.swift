import Foundation
import Mustache

/// The templates and assets a site is rendered with: the built-in theme, with the project's
/// own `templates/FILE` replacing the built-in file of the same name.
public struct Theme: Sendable {
    public var library: TemplateLibrary
    /// Files copied to the output as they are (CSS, images), by path relative to `templates/`.
    public var assets: [String: Data]

    /// Templates every site needs: the page shell, one per kind of page, and the shell of a
    /// grant's sealed pages.
    public static let requiredTemplates = ["layout", "gated", "print"] + SitePage.Kind.allCases.map(\.template)

    /// The built-in theme's files, decoded from the binary.
    public static let builtInFiles: [String: Data] = {
        Dictionary(EmbeddedFolder.files(EmbeddedTheme.encodedFiles)) { first, _ in first }
    }()

    public static func load(overrides: [SourceFile]) -> (Theme?, [Diagnostic]) {
        var files = builtInFiles.mapValues { (data: $0, origin: "built-in theme") }
        let prefix = ProjectLayout.templates + "/"
        for file in overrides where file.path.hasPrefix(prefix) {
            let relative = String(file.path.dropFirst(prefix.count))
            files[relative] = (file.data, file.path)
        }
        var library = TemplateLibrary()
        var assets: [String: Data] = [:]
        var diagnostics: [Diagnostic] = []
        for (relative, file) in files.sorted(by: { $0.key < $1.key }) {
            guard relative.hasSuffix(".mustache") else {
                assets[relative] = file.data
                continue
            }
            let name = String(relative.dropLast(".mustache".count))
            let location = SourceLocation(
                path: file.origin == "built-in theme" ? "(built-in)/\(relative)" : file.origin)
            guard case .success(let source) = SourceText.decode(SourceFile(path: location.path, data: file.data)) else {
                diagnostics.append(.error(.templateError, at: location, "the template is empty or not UTF-8 text"))
                continue
            }
            do {
                library.register(try MustacheTemplate(string: source.text), named: name)
            } catch let error as MustacheTemplate.ParserError {
                diagnostics.append(
                    .error(
                        .templateError,
                        at: SourceLocation(
                            path: location.path, line: error.context.lineNumber, column: error.context.columnNumber),
                        "the template cannot be parsed: \(error.error)",
                        hint: "check that every {{#section}} has a matching {{/section}}"))
            } catch {
                diagnostics.append(.error(.templateError, at: location, "the template cannot be parsed: \(error)"))
            }
        }
        for name in requiredTemplates where !library.hasTemplate(named: name) && !diagnostics.hasErrors {
            diagnostics.append(
                .error(
                    .templateError, at: SourceLocation(path: "templates/\(name).mustache"),
                    "the theme has no `\(name)` template"))
        }
        guard !diagnostics.hasErrors else { return (nil, diagnostics) }
        return (Theme(library: library, assets: assets), diagnostics)
    }
}
