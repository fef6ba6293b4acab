// swift-tools-version:6.0
import PackageDescription

// Data flows one way: SiteGen -> Compute, SiteGen -> Plotting. Compute and Plotting know nothing of each other
// or of SiteGen, so numerics and drawing can be tested (and reused) alone.
let package = Package(
    name: "sitegen",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "sitegen", targets: ["SitegenCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/JohnSundell/Ink", from: "0.6.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        .systemLibrary(name: "CBLAS", path: "Sources/CBLAS", pkgConfig: "openblas",
                       providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CCairo", path: "Sources/CCairo", pkgConfig: "cairo",
                       providers: [.apt(["libcairo2-dev"])]),
        .systemLibrary(name: "CPNG", path: "Sources/CPNG", pkgConfig: "libpng16",
                       providers: [.apt(["libpng-dev"])]),
        // giflib: the site's animations (Debian's libgif-dev ships libgif.pc).
        .systemLibrary(name: "CGIF", path: "Sources/CGIF", pkgConfig: "libgif",
                       providers: [.apt(["libgif-dev"])]),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib",
                       providers: [.apt(["zlib1g-dev"])]),
        // Vector kernels for CPUs with AVX2 / AVX-512, chosen at run time (the Swift code targets baseline x86-64).
        .target(name: "CKernels", path: "Sources/CKernels"),
        .target(
            name: "Compute",
            dependencies: ["CBLAS", "CZlib", "CKernels", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .target(name: "Plotting", dependencies: ["CCairo", "CPNG", "CGIF"]),
        .target(
            name: "SiteGen",
            dependencies: [
                "Compute", "Plotting",
                .product(name: "Ink", package: "Ink"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .executableTarget(
            name: "SitegenCLI",
            dependencies: ["SiteGen", "Compute", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Sources/CLI"
        ),
        .testTarget(name: "ComputeTests", dependencies: ["Compute", "CKernels"], resources: [.copy("Fixtures")]),
        .testTarget(name: "PlottingTests", dependencies: ["Plotting"]),
        .testTarget(name: "SiteGenTests", dependencies: ["SiteGen"]),
    ],
    swiftLanguageModes: [.v5]
)
