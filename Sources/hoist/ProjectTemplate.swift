import Foundation
import HoistEngine

/// The function package `hoist init` writes beside hoist.yml when the folder has none, so that `hoist
/// local` and `hoist deploy` work with no edit.
enum ProjectTemplate: String, CaseIterable {
    /// A minimal JSON handler.
    case hello
    /// The items API on the environment's table: the function this repository deploys.
    case items

    /// The executable product the package builds; hoist.yml names it.
    static let product = "Function"

    /// Where the function's package gets hoist's runtime library.
    enum RuntimePackage: Equatable {
        case path(String)
        case url(String)

        /// `--runtime-package`: an http(s) or ssh git URL, or a folder.
        init(_ text: String) {
            self = text.contains("://") || text.hasPrefix("git@") ? .url(text) : .path(text)
        }

        /// The package identity SwiftPM gives it: the last path component, without `.git`.
        var identity: String {
            let text: String
            switch self {
            case .path(let path): text = path
            case .url(let url): text = url
            }
            let last = text.split(separator: "/").last.map(String.init) ?? text
            return (last.hasSuffix(".git") ? String(last.dropLast(4)) : last).lowercased()
        }

        var dependency: String {
            switch self {
            case .path(let path): ".package(path: \(literal(path)))"
            case .url(let url): ".package(url: \(literal(url)), branch: \"main\")"
            }
        }

        private func literal(_ text: String) -> String {
            "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }

        /// The checkout this hoist was built from, which holds the runtime library; `nil` when it is gone
        /// (a binary copied to another machine).
        static var builtFrom: RuntimePackage? {
            let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            guard let manifest = FileManager.default.contents(atPath: root.appendingPathComponent("Package.swift").path),
                String(decoding: manifest, as: UTF8.self).contains("\"HoistRuntime\"")
            else { return nil }
            return .path(root.path)
        }
    }

    /// Package.swift, then the handler's source, as (path, text) relative to the project folder.
    func files(projectName: String, runtime: RuntimePackage) -> [(path: String, text: String)] {
        let products = ([".product(name: \"HoistRuntime\", package: \"\(runtime.identity)\")"]
            + (self == .items ? [".product(name: \"ItemsAPI\", package: \"\(runtime.identity)\")"] : []))
            .joined(separator: ", ")
        let manifest = """
            // swift-tools-version: 6.0
            // The function hoist deploys: its executable product is zipped as Lambda's `bootstrap`.
            import PackageDescription

            let package = Package(
                name: "\(projectName)",
                platforms: [.macOS(.v15)],
                dependencies: [
                    \(runtime.dependency),
                ],
                targets: [
                    .executableTarget(name: "\(Self.product)", dependencies: [\(products)]),
                ]
            )

            """
        return [("Package.swift", manifest), ("Sources/\(Self.product)/\(Self.product).swift", handler), (".gitignore", Self.gitignore)]
    }

    /// The build folder, and hoist's local state: it names the account and every resource, and its lock file is
    /// per machine. A team shares state through `state: {backend: s3}`, not through git.
    static let gitignore = ".build/\n# hoist's local state (account id, resource ids, lock): share it with state: {backend: s3, bucket: ...}\nstate/\n"

    private var handler: String {
        switch self {
        case .hello:
            """
            import HoistRuntime

            /// The function: answers every request with a JSON greeting. `init` runs once per cold start,
            /// `handle` once per request; replace them with your API. (Importing Foundation works too, and
            /// adds about 2 MB to the zip.)
            @main
            struct Function: APIHandler {
                struct Greeting: Encodable {
                    var message: String
                    var method: String
                    var path: String
                    var requestId: String
                }

                let greeting: String

                /// Settings come from hoist.yml's `environment`; a value `ssm:/path/name` arrives as that
                /// Parameter Store parameter's value (GREETING: ssm:/my-api/greeting).
                init() async throws {
                    greeting = ProcessEnvironment.current["GREETING"] ?? "hello from hoist"
                }

                func handle(_ request: APIGatewayV2Request, context: InvocationContext) async throws -> APIGatewayV2Response {
                    try .json(Greeting(message: greeting, method: request.method, path: request.rawPath, requestId: context.requestID))
                }
            }

            """
        case .items:
            """
            import HoistRuntime
            import ItemsAPI

            /// The function: the items API (GET/POST /items, GET/PUT/DELETE /items/{id}) on the environment's
            /// table, whose name hoist passes in TABLE_NAME. Answer your own routes in `handle` before it.
            @main
            struct Function: APIHandler {
                let items: ItemsFunction

                init() throws {
                    items = try ItemsFunction()
                }

                func handle(_ request: APIGatewayV2Request, context: InvocationContext) async throws -> APIGatewayV2Response {
                    try await items.handle(request, context: context)
                }
            }

            """
        }
    }
}
