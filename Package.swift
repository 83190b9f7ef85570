// swift-tools-version:6.0
import PackageDescription

/// `recite`: simulate data-recitation effects in language-model training.
/// Layers (arrows point down): recite → ReciteFigures → ReciteReport, ReciteAnalysis, ReciteLab → ReciteWorlds, ReciteCore
/// → CBLAS, CLapacke, CKernels (docs/architecture.md).
let package = Package(
    name: "recite",
    products: [
        .executable(name: "recite", targets: ["recite"]),
        .library(name: "ReciteCore", targets: ["ReciteCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    ],
    targets: [
        // MARK: - C libraries (Debian: libopenblas-dev, liblapacke-dev)
        .systemLibrary(
            name: "CBLAS", path: "Sources/CBLAS", pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(
            name: "CLapacke", path: "Sources/CLapacke", pkgConfig: "lapacke",
            providers: [.apt(["liblapacke-dev"])]),
        // Softmax row kernels in C, dispatched at run time to AVX-512 / AVX2+FMA / baseline.
        .target(name: "CKernels"),

        // MARK: - Library layers
        .target(name: "ReciteCore", dependencies: ["CBLAS", "CLapacke", "CKernels"]),
        .target(name: "ReciteWorlds", dependencies: ["ReciteCore"]),
        .target(name: "ReciteLab", dependencies: ["ReciteCore", "ReciteWorlds", "Yams"]),
        .target(name: "ReciteAnalysis", dependencies: ["ReciteCore"]),
        .target(name: "ReciteReport", dependencies: []),
        // One type per figure: finished rows → curves → claims → agreement → chart; the registry.
        .target(name: "ReciteFigures", dependencies: ["ReciteAnalysis", "ReciteReport", "ReciteLab"]),

        // MARK: - Command-line tool
        .executableTarget(
            name: "recite",
            dependencies: [
                "ReciteCore", "ReciteWorlds", "ReciteLab", "ReciteAnalysis", "ReciteReport", "ReciteFigures",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),

        // MARK: - Tests
        .testTarget(name: "ReciteCoreTests", dependencies: ["ReciteCore"]),
        .testTarget(name: "ReciteWorldsTests", dependencies: ["ReciteWorlds"]),
        .testTarget(name: "ReciteLabTests", dependencies: ["ReciteLab"]),
        .testTarget(name: "ReciteAnalysisTests", dependencies: ["ReciteAnalysis"]),
        .testTarget(name: "ReciteReportTests", dependencies: ["ReciteReport"]),
        .testTarget(name: "ReciteFiguresTests", dependencies: ["ReciteFigures", "ReciteLab", "ReciteAnalysis", "ReciteReport"]),
        .testTarget(name: "ReciteCLITests", dependencies: ["recite"]),
        // The published figures' shape claims, trained on reduced grids with seeds used nowhere else.
        .testTarget(name: "ReciteShapeTests", dependencies: ["ReciteFigures", "ReciteLab", "ReciteAnalysis"]),
    ]
)
