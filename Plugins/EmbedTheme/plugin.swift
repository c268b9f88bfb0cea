import Foundation
import PackagePlugin

/// Embeds every file of the package's `templates/` folder into the target as a Swift
/// source file, so the built-in theme travels inside the `assure` binary.
@main
struct EmbedTheme: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let themeDirectory = context.package.directoryURL.appending(path: "templates")
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedTheme.swift")
        let inputs = themeFiles(in: themeDirectory)
        return [
            .buildCommand(
                displayName: "Embedding the default theme from templates/",
                executable: try context.tool(named: "ThemeEmbedder").url,
                arguments: [themeDirectory.path, output.path],
                inputFiles: inputs,
                outputFiles: [output]
            )
        ]
    }

    private func themeFiles(in directory: URL) -> [URL] {
        guard let enumerator = FileManager.default.enumerator(
            at: directory, includingPropertiesForKeys: [.isRegularFileKey]
        ) else { return [] }
        var files: [URL] = []
        for case let url as URL in enumerator
        where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
            files.append(url)
        }
        return files.sorted { $0.path < $1.path }
    }
}
