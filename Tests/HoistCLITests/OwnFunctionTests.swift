import AWSSigV4
import Foundation
import HoistTestSupport
import Testing

/// A user's own Swift package, outside this repository, with a product not named `bootstrap`: every edit
/// the build sees reaches Lambda, and nothing else uploads.
@Suite("hoist deploys your own function")
struct OwnFunctionTests {
    /// `app/` (executable target MyFunction on library target Greeting, which has a resource, and on the
    /// path package `../shared`; a second executable the product does not use) and `shared/`.
    static func writeProject(in root: URL) throws {
        let app = root.appendingPathComponent("app")
        try writeFile(
            """
            // swift-tools-version: 6.0
            import PackageDescription

            let package = Package(
                name: "app",
                dependencies: [.package(path: "../shared")],
                targets: [
                    .executableTarget(name: "MyFunction", dependencies: ["Greeting", .product(name: "Shared", package: "shared")]),
                    .target(name: "Greeting", resources: [.copy("greeting.txt")]),
                    .executableTarget(name: "Other"),
                ]
            )
            """, to: "Package.swift", in: app)
        try writeFile("import Greeting\nimport Shared\n\n// entry point\nprint(\"v1\", greeting(), sharedValue)\n", to: "Sources/MyFunction/main.swift", in: app)
        try writeFile("public func greeting() -> String { \"hello\" }\n", to: "Sources/Greeting/Greeting.swift", in: app)
        try writeFile("hi\n", to: "Sources/Greeting/greeting.txt", in: app)
        try writeFile("print(\"other\")\n", to: "Sources/Other/main.swift", in: app)
        try writeFile("# notes\n", to: "NOTES.md", in: app)
        try writeFile(
            """
            project_name: own
            resources:
              - id: api-function
                type: aws_lambda
                config:
                  path: .
                  product: MyFunction

            """, to: "hoist.yml", in: app)
        try writeFile(
            """
            // swift-tools-version: 6.0
            import PackageDescription

            let package = Package(name: "shared", products: [.library(name: "Shared", targets: ["Shared"])], targets: [.target(name: "Shared")])
            """, to: "Package.swift", in: root.appendingPathComponent("shared"))
        try writeFile("public let sharedValue = 42\n", to: "Sources/Shared/Shared.swift", in: root.appendingPathComponent("shared"))
    }

    static func edit(_ file: URL, _ old: String, _ new: String) throws {
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(text.contains(old), "\(file.path) holds '\(old)'")
        try text.replacingOccurrences(of: old, with: new).write(to: file, atomically: true, encoding: .utf8)
    }

    /// The deployed function's CodeSha256, read with boto3.
    static func deployedSha(_ moto: MotoServer) async throws -> String {
        try await PythonScript.run(
            "Tests/HoistCLITests/code_sha.py", arguments: [moto.endpoint, moto.credentials.accessKeyID, moto.credentials.secretAccessKey, "own-dev"]
        ).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test("each edit the product is built from is planned and uploaded; a same-line comment or an unused file uploads nothing; a copied folder deploys")
    func everyChangeReachesLambda() async throws {
        try await withMotoServer { moto in
            try await withTemporaryDirectory { root in
                try Self.writeProject(in: root)
                let app = root.appendingPathComponent("app")
                func hoist(_ arguments: [String], in folder: URL = app) async throws -> HoistBinary.Outcome {
                    try await HoistBinary.run(arguments, environment: moto.environment, workingDirectory: folder)
                }
                let first = try await hoist(["deploy"])
                try #require(first.status == 0, "\(first.standardError)")
                var deployed = try await Self.deployedSha(moto)

                let edits: [(what: String, file: URL, old: String, new: String, command: String)] = [
                    ("the executable target", app.appendingPathComponent("Sources/MyFunction/main.swift"), "\"v1\"", "\"v2\"", "deploy"),
                    ("a library target", app.appendingPathComponent("Sources/Greeting/Greeting.swift"), "\"hello\"", "\"hallo\"", "update-code"),
                    ("a path dependency", root.appendingPathComponent("shared/Sources/Shared/Shared.swift"), "42", "43", "deploy"),
                    ("a resource", app.appendingPathComponent("Sources/Greeting/greeting.txt"), "hi", "hello there", "update-code"),
                ]
                for edit in edits {
                    try Self.edit(edit.file, edit.old, edit.new)
                    let plan = try await hoist(["plan", "--detailed-exitcode"])
                    #expect(plan.status == 2, "an edit in \(edit.what) is planned: \(plan.standardOutput) \(plan.standardError)")
                    #expect(plan.standardOutput.contains("~ upload  function"), "\(edit.what): \(plan.standardOutput)")
                    let run = try await hoist([edit.command])
                    #expect(run.status == 0, "\(edit.what): \(run.standardError)")
                    let now = try await Self.deployedSha(moto)
                    #expect(now != deployed, "an edit in \(edit.what) reached Lambda")
                    deployed = now
                }

                try Self.edit(app.appendingPathComponent("Sources/MyFunction/main.swift"), "// entry point", "// the function's entry point")
                try Self.edit(app.appendingPathComponent("Sources/Other/main.swift"), "other", "another")
                try Self.edit(app.appendingPathComponent("NOTES.md"), "notes", "more notes")
                let plan = try await hoist(["plan", "--detailed-exitcode"])
                #expect(plan.status == 0, "\(plan.standardOutput) \(plan.standardError)")
                #expect(plan.standardOutput.hasSuffix("no changes\n"), "\(plan.standardOutput)")
                let update = try await hoist(["update-code"])
                #expect(update.standardOutput == "unchanged: own-dev already runs this code\n", "\(update.standardOutput) \(update.standardError)")
                #expect(try await Self.deployedSha(moto) == deployed)

                // Copied with its build folders, whose module caches name the old path; then edited, so it compiles.
                let copy = root.appendingPathComponent("copy")
                try FileManager.default.createDirectory(at: copy, withIntermediateDirectories: true)
                try FileManager.default.copyItem(at: app, to: copy.appendingPathComponent("app"))
                try FileManager.default.copyItem(at: root.appendingPathComponent("shared"), to: copy.appendingPathComponent("shared"))
                try Self.edit(copy.appendingPathComponent("app/Sources/MyFunction/main.swift"), "\"v2\"", "\"v3\"")
                let moved = try await hoist(["deploy"], in: copy.appendingPathComponent("app"))
                #expect(moved.status == 0, "\(moved.standardError)")
                #expect(try await Self.deployedSha(moto) != deployed, "the copy's edit reached Lambda")

                let destroy = try await hoist(["destroy", "--yes"])
                #expect(destroy.status == 0, "\(destroy.standardError)")
            }
        }
    }
}
