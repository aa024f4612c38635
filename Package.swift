// swift-tools-version: 6.2
import PackageDescription

/// Every target gets the same strict settings, so no module is a softer room than another.
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "hoist",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "hoist", targets: ["hoist"]),
        .executable(name: "bootstrap", targets: ["Bootstrap"]),
        // What a function's own package depends on (`hoist init` writes such a package): the handler API and
        // runtime loop, and the items API as a handler.
        .library(name: "HoistRuntime", targets: ["HoistRuntime"]),
        .library(name: "ItemsAPI", targets: ["ItemsAPI"]),
    ],
    dependencies: [
        // One minor version: the CLI's signer hashes through swift-crypto's C module (BoringSHA256), which is not its public API.
        .package(url: "https://github.com/apple/swift-crypto.git", .upToNextMinor(from: "4.5.2")),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/swiftlang/swift-subprocess.git", from: "1.0.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/swift-extras/swift-extras-base64.git", from: "1.2.0"),
    ],
    targets: [
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .target(name: "HoistZip", dependencies: ["CZlib"], swiftSettings: strict),
        .target(name: "Deadline", swiftSettings: strict),
        .target(
            name: "HoistPackaging",
            dependencies: [
                "HoistZip", "Deadline", .product(name: "Crypto", package: "swift-crypto"), .product(name: "Subprocess", package: "swift-subprocess"),
            ],
            swiftSettings: strict
        ),
        // The signer links no cryptography: its SHA-256 is the caller's (BoringSSL for the CLI, mbedTLS for the function).
        .target(name: "AWSSigV4", swiftSettings: strict),
        .target(name: "AWSSigV4BoringSSL", dependencies: ["AWSSigV4", .product(name: "Crypto", package: "swift-crypto")], swiftSettings: strict),
        // JSON without Foundation: the function's bootstrap links it (and this transport), and Foundation's coders
        // were most of the bootstrap's bytes.
        .target(name: "LeanJSON", swiftSettings: strict),
        .target(
            name: "AWSTransport",
            dependencies: ["AWSSigV4", "LeanJSON", .product(name: "ExtrasBase64", package: "swift-extras-base64"), .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        .target(
            name: "AsyncHTTPTransport",
            dependencies: [
                "AWSTransport", .product(name: "AsyncHTTPClient", package: "async-http-client"), .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .target(name: "AWSQuery", dependencies: ["AWSTransport", "AWSSigV4"], swiftSettings: strict),
        .target(name: "AWSSTS", dependencies: ["AWSTransport", "AWSQuery"], path: "Sources/Services/STS", swiftSettings: strict),
        .target(name: "AWSIAM", dependencies: ["AWSTransport", "AWSQuery"], path: "Sources/Services/IAM", swiftSettings: strict),
        .target(name: "AWSLambda", dependencies: ["AWSTransport"], path: "Sources/Services/Lambda", swiftSettings: strict),
        .target(name: "AWSAPIGatewayV2", dependencies: ["AWSTransport"], path: "Sources/Services/APIGatewayV2", swiftSettings: strict),
        .target(name: "AWSDynamoDB", dependencies: ["AWSTransport"], path: "Sources/Services/DynamoDB", swiftSettings: strict),
        .target(name: "AWSLogs", dependencies: ["AWSTransport"], path: "Sources/Services/Logs", swiftSettings: strict),
        .target(name: "AWSSSO", dependencies: ["AWSTransport"], path: "Sources/Services/SSO", swiftSettings: strict),
        .target(name: "AWSSSM", dependencies: ["AWSTransport"], path: "Sources/Services/SSM", swiftSettings: strict),
        .target(name: "AWSCognito", dependencies: ["AWSTransport"], path: "Sources/Services/Cognito", swiftSettings: strict),
        .target(name: "AWSCloudWatch", dependencies: ["AWSTransport"], path: "Sources/Services/CloudWatch", swiftSettings: strict),
        .target(name: "AWSSNS", dependencies: ["AWSTransport", "AWSQuery"], path: "Sources/Services/SNS", swiftSettings: strict),
        .target(name: "AWSS3", dependencies: ["AWSTransport", "AWSSigV4"], path: "Sources/Services/S3", swiftSettings: strict),
        .target(name: "AWSACM", dependencies: ["AWSTransport"], path: "Sources/Services/ACM", swiftSettings: strict),
        .target(name: "AWSRoute53", dependencies: ["AWSTransport", "AWSQuery"], path: "Sources/Services/Route53", swiftSettings: strict),
        .target(
            name: "AWSCredentialChain",
            dependencies: [
                "AWSTransport", "AsyncHTTPTransport", "AWSSTS", "AWSSSO", "AWSSigV4", "AWSSigV4BoringSSL", "Deadline", .product(name: "Logging", package: "swift-log"),
                .product(name: "Subprocess", package: "swift-subprocess"), .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "HoistEngine",
            dependencies: [
                "AWSTransport", "AWSSTS", "AWSIAM", "AWSLambda", "AWSAPIGatewayV2", "AWSDynamoDB", "AWSLogs", "AWSSSM", "AWSS3", "AWSCognito", "AWSCloudWatch", "AWSSNS", "AWSACM", "AWSRoute53", "HoistPackaging",
                .product(name: "Yams", package: "Yams"), .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "HoistLocal",
            dependencies: [
                "LambdaContract", "AWSSigV4", .product(name: "Crypto", package: "swift-crypto"), .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"), .product(name: "Subprocess", package: "swift-subprocess"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "hoist",
            dependencies: [
                "AWSSigV4", "AWSSigV4BoringSSL", "AWSTransport", "AsyncHTTPTransport", "AWSCredentialChain", "HoistPackaging", "HoistZip", "HoistEngine", "HoistLocal", "LambdaContract",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "hoist-bench-sigv4",
            dependencies: ["AWSSigV4", "AWSSigV4BoringSSL"],
            path: "Benchmarks/SigV4",
            swiftSettings: strict
        ),
        .systemLibrary(name: "CMbedTLS", path: "lambda/Sources/CMbedTLS", providers: [.apt(["libmbedtls-dev"])]),
        .target(name: "LeanHTTP", dependencies: ["AWSTransport", "CMbedTLS"], path: "lambda/Sources/LeanHTTP", swiftSettings: strict),
        .target(name: "MbedSHA256", dependencies: ["AWSSigV4", "CMbedTLS"], path: "lambda/Sources/MbedSHA256", swiftSettings: strict),
        // The contract between hoist and the function: the payload 2.0 types and the Runtime API's names.
        .target(
            name: "LambdaContract", dependencies: ["LeanJSON", .product(name: "ExtrasBase64", package: "swift-extras-base64")], path: "lambda/Sources/LambdaContract",
            swiftSettings: strict
        ),
        .target(name: "HoistRuntime", dependencies: ["AWSTransport", "AWSSigV4", "MbedSHA256", "AWSSSM", "LeanHTTP", "LambdaContract", "LeanJSON", .product(name: "Logging", package: "swift-log")], path: "lambda/Sources/HoistRuntime", swiftSettings: strict),
        .target(
            name: "ItemsAPI",
            dependencies: [
                "AWSDynamoDB", "AWSTransport", "AWSSigV4", "LeanHTTP", "HoistRuntime", "LeanJSON", .product(name: "ExtrasBase64", package: "swift-extras-base64"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "lambda/Sources/ItemsAPI",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "Bootstrap",
            dependencies: ["HoistRuntime", "ItemsAPI"],
            path: "lambda/Sources/Bootstrap",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "hoist-bench-zip",
            dependencies: ["HoistZip"],
            path: "Benchmarks/Zip",
            swiftSettings: strict
        ),
        .target(
            name: "HoistTestSupport",
            dependencies: [
                "AWSTransport", "AsyncHTTPTransport", "AWSQuery", "AWSSigV4", "AWSSigV4BoringSSL", "HoistLocal",
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/HoistTestSupport",
            swiftSettings: strict
        ),
        .testTarget(
            name: "AWSSigV4Tests",
            dependencies: ["AWSSigV4", "AWSSigV4BoringSSL", "MbedSHA256", "HoistTestSupport", .product(name: "Crypto", package: "swift-crypto")],
            exclude: ["Fixtures", "botocore_sign.py"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "AWSTransportTests",
            dependencies: [
                "AWSTransport", "AsyncHTTPTransport", "LeanHTTP", "AWSCredentialChain", "AWSQuery", "AWSSSO", "HoistTestSupport", "AWSSigV4BoringSSL",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            exclude: ["credential_process.py"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "IntegrationTests",
            dependencies: [
                "AWSTransport", "AsyncHTTPTransport", "LeanHTTP", "AWSCredentialChain", "AWSSTS", "AWSIAM", "AWSLambda", "AWSAPIGatewayV2",
                "AWSDynamoDB", "AWSLogs", "AWSSigV4", "AWSSigV4BoringSSL", "HoistTestSupport",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["launcher_check.py", "real_aws_check.py"],
            swiftSettings: strict
        ),
        .testTarget(name: "LeanJSONTests", dependencies: ["LeanJSON"], swiftSettings: strict),
        .testTarget(
            name: "LeanHTTPTests",
            dependencies: ["LeanHTTP", "AWSTransport", "HoistTestSupport", .product(name: "Subprocess", package: "swift-subprocess")],
            exclude: ["lean_http_server.py"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "HoistZipTests",
            dependencies: [
                "HoistZip", "HoistTestSupport", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Subprocess", package: "swift-subprocess"),
            ],
            exclude: ["zip_check.py"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "HoistPackagingTests",
            dependencies: [
                "HoistPackaging", "HoistTestSupport", "AWSIAM", "AWSLambda", "AWSDynamoDB", "AWSTransport",
                .product(name: "Logging", package: "swift-log"), .product(name: "Subprocess", package: "swift-subprocess"),
            ],
            exclude: ["tls_proxy.py"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "HoistEngineTests",
            dependencies: [
                "HoistEngine", "HoistTestSupport", "AWSTransport", "AWSSigV4", "AWSAPIGatewayV2", "AWSLambda", "AWSLogs", "AWSIAM", "AWSDynamoDB",
                "AWSQuery", "AWSS3", .product(name: "Logging", package: "swift-log"), .product(name: "Yams", package: "Yams"),
            ],
            exclude: [
                "stack_check.py", "hold_lock.py", "out_of_band.py", "deployer_user.py", "release_act.py", "monitoring_act.py", "domain_check.py",
                "monitoring_check.py", "Golden",
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ItemsAPITests",
            dependencies: [
                "ItemsAPI", "HoistRuntime", "HoistLocal", "AWSDynamoDB", "AWSTransport", "HoistTestSupport",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "HoistCLITests",
            dependencies: [
                "AWSSigV4", "AWSSigV4BoringSSL", "AWSDynamoDB", "AWSIAM", "HoistEngine", "HoistRuntime", "HoistTestSupport",
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"), .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            exclude: [
                "items_check.py", "crashing_runtime.py", "slow_runtime.py", "code_sha.py", "log_events.py", "lambda_function.py", "drift.py", "parameter.py", "s3_objects.py",
                "echo_runtime.py", "jwt_issuer.py", "cognito_token.py", "raw_http.py", "versioned_runtime.py", "metric_data.py",
                "Golden",
            ],
            swiftSettings: strict
        ),
    ]
)
