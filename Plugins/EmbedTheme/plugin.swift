import Foundation
import PackagePlugin

/// Embeds every file of the package's `templates/` folder (the default theme), `starter/` and
/// `starter-frameworks/` folders (what `assure init` writes), `catalogs/` folder (the
/// built-in framework catalogs) and `questionnaires/` folder (the built-in questionnaires)
/// into the target as a Swift source file, so they travel inside the `assure` binary.
@main
struct EmbedTheme: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let theme = context.package.directoryURL.appending(path: "templates")
        let starter = context.package.directoryURL.appending(path: "starter")
        let catalogs = context.package.directoryURL.appending(path: "catalogs")
        let starterFrameworks = context.package.directoryURL.appending(path: "starter-frameworks")
        let questionnaires = context.package.directoryURL.appending(path: "questionnaires")
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedFiles.swift")
        return [
            .buildCommand(
                displayName: "Embedding templates/, starter/, starter-frameworks/ and catalogs/",
                executable: try context.tool(named: "ThemeEmbedder").url,
                arguments: [
                    "EmbeddedTheme=\(theme.path)", "EmbeddedStarter=\(starter.path)",
                    "EmbeddedCatalogs=\(catalogs.path)", "EmbeddedStarterFrameworks=\(starterFrameworks.path)",
                    "EmbeddedQuestionnaires=\(questionnaires.path)",
                    output.path,
                ],
                inputFiles: [theme, starter, catalogs, starterFrameworks, questionnaires].flatMap(themeFiles(in:)),
                outputFiles: [output]
            )
        ]
    }

    private func themeFiles(in directory: URL) -> [URL] {
        guard
            let enumerator = FileManager.default.enumerator(
                at: directory, includingPropertiesForKeys: [.isRegularFileKey]
            )
        else { return [] }
        var files: [URL] = []
        for case let url as URL in enumerator
        where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
            files.append(url)
        }
        return files.sorted { $0.path < $1.path }
    }
}
