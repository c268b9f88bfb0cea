import Foundation
import PackagePlugin

/// Embeds every file of the package's `templates/` folder (the default theme), `starter/`
/// folder (what `assure init` writes) and `catalogs/` folder (the built-in framework catalogs)
/// into the target as a Swift source file, so all three travel inside the `assure` binary.
@main
struct EmbedTheme: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let theme = context.package.directoryURL.appending(path: "templates")
        let starter = context.package.directoryURL.appending(path: "starter")
        let catalogs = context.package.directoryURL.appending(path: "catalogs")
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedFiles.swift")
        return [
            .buildCommand(
                displayName: "Embedding templates/, starter/ and catalogs/",
                executable: try context.tool(named: "ThemeEmbedder").url,
                arguments: [
                    "EmbeddedTheme=\(theme.path)", "EmbeddedStarter=\(starter.path)",
                    "EmbeddedCatalogs=\(catalogs.path)", output.path,
                ],
                inputFiles: themeFiles(in: theme) + themeFiles(in: starter) + themeFiles(in: catalogs),
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
