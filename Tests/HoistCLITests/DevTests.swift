import AWSSigV4
import Foundation
import HoistLocal
import HoistTestSupport
import NIOHTTP1
import Subprocess
import Testing

#if canImport(System)
import System
#else
import SystemPackage
#endif

/// `hoist dev` as a developer uses it: a project from `hoist init`, saved the way editors save (a new file
/// renamed over the old), the answers read over HTTP and the deployed code with boto3.
@Suite("hoist dev")
struct DevTests {
    @Test(
        "a save is served and sent as code; a compile error is shown while the last good build serves; the fix is served; Ctrl-C stops it all",
        .timeLimit(.minutes(15)))
    func editLoop() async throws {
        try await withMotoServer { moto in
            try await withTemporaryDirectory { directory in
                let project = directory.appendingPathComponent("dev-api")
                try FileManager.default.createDirectory(at: project, withIntermediateDirectories: true)
                let made = try await HoistBinary.run(["init", "--runtime-package", Repository.root.path], environment: moto.environment, workingDirectory: project)
                try #require(made.status == 0, "\(made.standardError)")
                let deploy = try await HoistBinary.run(["deploy"], environment: moto.environment, workingDirectory: project)
                try #require(deploy.status == 0, "\(deploy.standardError)")

                let handler = project.appendingPathComponent("Sources/Function/Function.swift")
                func save(replacing old: String, with new: String) throws {
                    let text = try String(contentsOf: handler, encoding: .utf8)
                    try #require(text.contains(old), "\(old) is in the handler")
                    try Data(text.replacingOccurrences(of: old, with: new).utf8).write(to: handler, options: .atomic)
                }
                let local = LocalTests()
                func message(_ url: String) async throws -> String? {
                    let reply = try await local.send(.GET, url + "/greeting")
                    #expect(reply.status == 200)
                    return (reply.json as? [String: String])?["message"]
                }

                let result = try await Subprocess.run(
                    .path(FilePath(HoistBinary.path)), arguments: ["dev", "--port", "0", "--deploy"], environment: HoistBinary.environment(moto.environment),
                    workingDirectory: FilePath(project.path), input: .none, output: .sequence, error: .discarded
                ) { execution in
                    var lines = execution.standardOutput.strings().makeAsyncIterator()
                    var seen: [String] = []
                    func until(_ wanted: (String) -> Bool) async throws -> String {
                        while let line = try await lines.next() {
                            seen.append(line)
                            if wanted(line) { return line }
                        }
                        Issue.record("hoist dev ended; it printed: \(seen)")
                        throw CancellationError()
                    }
                    let url = String(try await until { $0.hasPrefix("serving ") }.split(separator: " ")[1])
                    _ = try await until { $0 == "unchanged: dev-api-dev already runs this code" }
                    #expect(try await message(url) == "hello from hoist")

                    try save(replacing: "\"hello from hoist\"", with: "\"hello from a save\"")
                    _ = try await until { $0.hasSuffix("; serving it") }
                    #expect(try await message(url) == "hello from a save", "\(seen)")
                    let updated = try await until { $0.hasPrefix("updated dev-api-dev: CodeSha256 ") }
                    let deployed = try await PythonScript.run(
                        "Tests/HoistCLITests/code_sha.py", arguments: [moto.endpoint, moto.credentials.accessKeyID, moto.credentials.secretAccessKey, "dev-api-dev"])
                    #expect(updated.hasSuffix(deployed.trimmingCharacters(in: .whitespacesAndNewlines)), "Lambda runs the saved code: \(updated), \(deployed)")

                    try save(replacing: "let greeting: String", with: "let greeting: String\n    let broken: Int = \"not a number\"")
                    _ = try await until { $0.hasPrefix("build failed after ") && $0.hasSuffix("the last good build keeps serving:") }
                    let error = try await until { $0.contains("error:") }
                    #expect(error.contains("Function.swift") && error.contains("cannot convert value of type 'String'"), "\(seen)")
                    #expect(try await message(url) == "hello from a save", "the last good build serves")

                    try save(replacing: "\n    let broken: Int = \"not a number\"", with: "")
                    try save(replacing: "\"hello from a save\"", with: "\"hello after a fix\"")
                    _ = try await until { $0.hasSuffix("; serving it") }
                    #expect(try await message(url) == "hello after a fix", "\(seen)")

                    // hoist.yml's environment is served as it is saved, with no build; a hoist.yml that does not
                    // parse is reported and the last good settings keep serving.
                    let configFile = project.appendingPathComponent("hoist.yml")
                    let config = try String(contentsOf: configFile, encoding: .utf8)
                    try Data(config.replacingOccurrences(of: "environment: {}", with: "environment:\n        GREETING: hello from hoist.yml").utf8).write(to: configFile, options: .atomic)
                    _ = try await until { $0 == "hoist.yml changed: serving with its environment" }
                    #expect(try await message(url) == "hello from hoist.yml", "\(seen)")
                    try Data(config.replacingOccurrences(of: "memory: 256", with: "memory: lots").utf8).write(to: configFile, options: .atomic)
                    let refused = try await until { $0.hasPrefix("hoist.yml: ") }
                    #expect(refused.contains("memory") && refused.hasSuffix("still serving with the settings it had"), "\(refused)")
                    #expect(try await message(url) == "hello from hoist.yml")
                    #expect(!seen.contains { $0.hasSuffix("building…") && $0.contains("hoist.yml") }, "a hoist.yml save builds nothing: \(seen)")
                    try Data(config.utf8).write(to: configFile, options: .atomic)
                    try execution.send(signal: .interrupt)
                    while try await lines.next() != nil {}
                }
                #expect(result.terminationStatus == .exited(0))

                let release = project.appendingPathComponent(".build/lambda/x86_64-unknown-linux-gnu/release")
                let left = try FileManager.default.contentsOfDirectory(atPath: release.path).filter { $0.contains(".dev-") }
                #expect(left.isEmpty, "the copies it served from are removed: \(left)")
                #expect(try processes(runningFrom: project).isEmpty, "no bootstrap outlives hoist dev")

                let destroy = try await HoistBinary.run(["destroy", "--yes"], environment: moto.environment, workingDirectory: project)
                #expect(destroy.status == 0, "\(destroy.standardError)")
            }
        }
    }

    @Test("a swap lets the call under way finish on the old bootstrap and hands the calls that come meanwhile to the new one", .timeLimit(.minutes(5)))
    func swapKeepsCalls() async throws {
        let python = Repository.python.hasPrefix("/") ? [Repository.python] : ["/usr/bin/env", "python3"]
        let script = Repository.root.appendingPathComponent("Tests/HoistCLITests/versioned_runtime.py").path
        let (taken, tookCall) = AsyncStream<Void>.makeStream()
        let (releases, release) = AsyncStream<Void>.makeStream()
        try await withTestHTTPServer(handler: { _, _ in
            tookCall.yield()
            for await _ in releases { break }
            return CannedResponse()
        }) { gate in
            let (replacements, replace) = AsyncStream<BootstrapProgram>.makeStream()
            let (urls, served) = AsyncStream<String>.makeStream()
            let server = LocalServer(
                command: python + [script, "one", gate.baseURL + "/gate"], environment: [:], port: 0, timeout: .seconds(60),
                functionARN: "arn:aws:lambda:us-east-1:000000000000:function:swap-dev", replacements: replacements)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await server.run { served.yield($0) } }
                var next = urls.makeAsyncIterator()
                let url = try #require(await next.next())
                let local = LocalTests()
                async let underway = local.send(.GET, url + "/first")
                for await _ in taken { break }
                replace.yield(BootstrapProgram(command: python + [script, "two"], environment: [:]))
                async let meanwhile = local.send(.GET, url + "/second")
                release.yield()
                let (first, second) = try await (underway, meanwhile)
                #expect(first.status == 200 && (first.json as? [String: String])?["version"] == "one", "the call under way ends on the old bootstrap")
                #expect(second.status == 200 && (second.json as? [String: String])?["version"] == "two", "a call during the swap goes to the new one")
                let later = try await local.send(.GET, url + "/third")
                #expect((later.json as? [String: String])?["version"] == "two")
                group.cancelAll()
            }
        }
    }

    /// The pids whose executable lies under `folder`, read from /proc.
    func processes(runningFrom folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: "/proc").filter { $0.allSatisfy(\.isNumber) }.filter { pid in
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/exe"))?.hasPrefix(folder.path) == true
        }
    }
}
