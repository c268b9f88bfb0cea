// swift-tools-version: 6.0
// A libFuzzer target over Assure's parsers, kept out of the main package: it builds only with
// `-sanitize=fuzzer`, which supplies its `main`. Run it with `scripts/fuzz`.
import PackageDescription

let package = Package(
    name: "AssureFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "Assure", path: "..")],
    targets: [
        .executableTarget(
            name: "AssureFuzz",
            dependencies: [.product(name: "AssureCore", package: "Assure")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
