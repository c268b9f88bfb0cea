// swift-tools-version: 6.0
// A libFuzzer target over Assure's parsers, kept out of the main package: it links only with
// `-sanitize=fuzzer`, which supplies libFuzzer. Run it with `scripts/fuzz`.
import PackageDescription

let package = Package(
    name: "AssureFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "Assure", path: "..")],
    targets: [
        .target(name: "CLibFuzzer"),
        .executableTarget(
            name: "AssureFuzz",
            dependencies: ["CLibFuzzer", .product(name: "AssureCore", package: "Assure")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
