// swift-tools-version:6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "steadymail",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "steadymail", targets: ["steadymail"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
    ],
    targets: [
        // Layer 1: pure domain logic. Imports nothing but the standard library and Foundation.
        .target(name: "SteadymailDomain", swiftSettings: strict),
        // Layer 2: protocol state machines, fed bytes and events, no sockets.
        .target(
            name: "SteadymailSMTP",
            dependencies: [
                "SteadymailDomain",
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        // Layer 2: configuration model, YAML decoding, environment overrides, validation.
        .target(
            name: "SteadymailConfig",
            dependencies: [
                "SteadymailDomain",
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strict
        ),
        // Layer 2: Mustache templates (layouts, partials) rendered per subscriber into subject, HTML and text.
        .target(
            name: "SteadymailTemplates",
            dependencies: [
                "SteadymailDomain",
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            swiftSettings: strict
        ),
        // Layer 3: the storage protocol every backend satisfies, and group commit.
        .target(name: "SteadymailStorage", dependencies: ["SteadymailDomain"], swiftSettings: strict),
        // Layer 3: the SQLite backend (GRDB).
        .target(
            name: "SteadymailSQLite",
            dependencies: [
                "SteadymailDomain",
                "SteadymailStorage",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strict
        ),
        // Layer 4: I/O at the edges and the wiring of services: NIO listeners, TLS, control channel, lifecycle.
        .target(
            name: "SteadymailServer",
            dependencies: [
                "SteadymailDomain",
                "SteadymailSMTP",
                "SteadymailConfig",
                "SteadymailStorage",
                "SteadymailSQLite",
                "SteadymailTemplates",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: strict
        ),
        // Layer 5: the command line.
        .target(
            name: "SteadymailCLI",
            dependencies: [
                "SteadymailDomain",
                "SteadymailConfig",
                "SteadymailStorage",
                "SteadymailSQLite",
                "SteadymailServer",
                "SteadymailTemplates",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(name: "steadymail", dependencies: ["SteadymailCLI"], swiftSettings: strict),
        // Benchmark helpers (bench/queue_scale.sh): fills and times a queue database through QueueStore.
        .executableTarget(
            name: "steadymail-bench",
            dependencies: [
                "SteadymailDomain", "SteadymailStorage", "SteadymailSQLite",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),

        .testTarget(name: "SteadymailDomainTests", dependencies: ["SteadymailDomain"], swiftSettings: strict),
        .testTarget(
            name: "SteadymailSMTPTests",
            dependencies: [
                "SteadymailSMTP",
                "SteadymailDomain",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOTestUtils", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SteadymailTemplatesTests", dependencies: ["SteadymailTemplates", "SteadymailDomain"],
            swiftSettings: strict
        ),
        .testTarget(name: "SteadymailConfigTests", dependencies: ["SteadymailConfig", "SteadymailDomain"], swiftSettings: strict),
        .testTarget(
            name: "SteadymailStorageTests",
            dependencies: [
                "SteadymailStorage", "SteadymailSQLite", "SteadymailDomain",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SteadymailServerTests",
            dependencies: [
                "SteadymailServer", "SteadymailDomain", "SteadymailConfig", "SteadymailStorage", "SteadymailSQLite",
                "SteadymailTemplates",
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: strict
        ),
    ]
)
