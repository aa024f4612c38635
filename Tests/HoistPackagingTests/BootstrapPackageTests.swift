import AWSDynamoDB
import AWSIAM
import AWSLambda
import AWSTransport
import Foundation
import HoistPackaging
import HoistTestSupport
import Logging
import Subprocess
import Testing

#if canImport(System)
import System
#else
import SystemPackage
#endif

/// Builds the real bootstrap once (release, static) and checks what Lambda will get.
@Suite("The packaged bootstrap", .serialized)
struct BootstrapPackageTests {
    static let output = FileManager.default.temporaryDirectory.appendingPathComponent("hoist-package-tests")
    let packager = FunctionPackager(packageRoot: Repository.root, outputDirectory: Self.output)

    @Test("is a static x86-64 executable linking neither Foundation nor the regex engine, zipped as bootstrap with mode 0755, and a rebuild changes nothing")
    func staticAndDeterministic() async throws {
        let first = try await packager.package()
        let binary = try await packager.build.run()
        let bytes = try Data(contentsOf: binary)
        let elf = try ELFFile(bytes: Array(bytes))
        #expect(elf.machine == .x86_64)
        #expect(!elf.isDynamic, "the bootstrap must not need a dynamic loader")
        // A linked Swift module leaves its name in the type metadata even when stripped: FoundationEssentials
        // and its collections were 4.5 MB of 15.8, the regex libraries 1.3 MB.
        for module in ["FoundationEssentials", "_FoundationCollections", "_StringProcessing", "_RegexParser"] {
            #expect(bytes.range(of: Data(module.utf8)) == nil, "the bootstrap links \(module)")
        }
        let zip = try Data(contentsOf: URL(fileURLWithPath: first.zipPath))
        #expect(FunctionPackager.codeSha256(Array(zip)) == first.codeSha256)
        #expect(first.zipSize == zip.count)

        let second = try await packager.package()
        #expect(!second.changed, "unchanged sources make no new zip")
        #expect(second.codeSha256 == first.codeSha256)
        #expect(try Data(contentsOf: URL(fileURLWithPath: second.zipPath)) == zip)

        // A zip changed on disk since it was written is not taken on its record's word: it is made again.
        try Data("not the zip".utf8).write(to: URL(fileURLWithPath: first.zipPath))
        let third = try await packager.package()
        #expect(third.changed && third.codeSha256 == first.codeSha256)
        #expect(try Data(contentsOf: URL(fileURLWithPath: third.zipPath)) == zip)
    }

    /// Serves the Runtime API to the bootstrap: two events, then a long poll; posts go to `posted`.
    func runtimeAPI(events: [String], posted: AsyncStream<(String, String)>.Continuation) -> @Sendable (RecordedRequest, Int) async -> CannedResponse {
        let served = LockedBox(0)
        return { request, _ in
            switch request.method {
            case "GET" where request.uri == "/2018-06-01/runtime/invocation/next":
                let index = served.mutate { value -> Int in
                    value += 1
                    return value
                }
                if index <= events.count {
                    return CannedResponse(
                        headers: [(name: "Lambda-Runtime-Aws-Request-Id", value: "req-\(index)"), (name: "Lambda-Runtime-Deadline-Ms", value: "4102444800000")],
                        body: events[index - 1])
                }
                // Later `next` calls are long polls: they stay open until the test ends and cancels the server.
                try? await Task.sleep(for: .seconds(600))
                return CannedResponse(status: 500)
            case "POST":
                posted.yield((request.uri, String(decoding: request.body, as: UTF8.self)))
                return CannedResponse(status: 202)
            default:
                return CannedResponse(status: 404)
            }
        }
    }

    @Test("answers an event through the Runtime API, reports a bad event as an invocation error and goes on")
    func reachesRuntimeAPI() async throws {
        let binary = try await packager.build.run()
        let (posts, posted) = AsyncStream.makeStream(of: (String, String).self)
        let event = #"{"version":"2.0","routeKey":"$default","rawPath":"/nothing","requestContext":{"requestId":"api-1","http":{"method":"GET","path":"/nothing"}}}"#
        try await withTestHTTPServer(handler: runtimeAPI(events: [event, "not an event", event], posted: posted)) { server in
            let environment: [Environment.Key: String] = [
                "AWS_LAMBDA_RUNTIME_API": server.baseURL.replacingOccurrences(of: "http://", with: ""), "TABLE_NAME": "items", "AWS_REGION": "us-east-1",
                "AWS_ACCESS_KEY_ID": "AKID", "AWS_SECRET_ACCESS_KEY": "secret", "AWS_ENDPOINT_URL_DYNAMODB": "http://127.0.0.1:1",
            ]
            _ = try await Subprocess.run(.path(FilePath(binary.path)), environment: .custom(environment), input: .none, output: .discarded, error: .discarded) { execution in
                var iterator = posts.makeAsyncIterator()
                let first = await iterator.next()
                #expect(first?.0 == "/2018-06-01/runtime/invocation/req-1/response")
                #expect(first?.1.contains(#""statusCode":404"#) == true)
                let second = await iterator.next()
                #expect(second?.0 == "/2018-06-01/runtime/invocation/req-2/error")
                // The Runtime API's error format: `<category>.<reason>` as the type, a stack trace list.
                let report = try JSONSerialization.jsonObject(with: Data((second?.1 ?? "").utf8)) as? [String: Any]
                #expect(report?["errorType"] as? String == "Function.DecodingError" && report?["stackTrace"] is [Any], "\(second?.1 ?? "")")
                let third = await iterator.next()
                #expect(third?.0 == "/2018-06-01/runtime/invocation/req-3/response", "the loop goes on after a failed invocation")
                try execution.send(signal: .terminate)
            }
        }
    }

    @Test("reaches DynamoDB over TLS, trusting only the CA it is given", arguments: [true, false])
    func reachesDynamoDBOverTLS(trusted: Bool) async throws {
        let binary = try await packager.build.run()
        try await withMotoServer { moto in
            try await withTemporaryDirectory { directory in
                let certificates = try await TestCertificates.make(in: directory)
                _ = try await DynamoDBClient(client: moto.client()).createTable(
                    CreateTableInput(
                        tableName: "items", attributeDefinitions: [AttributeDefinition(attributeName: "pk", attributeType: .s), AttributeDefinition(attributeName: "sk", attributeType: .s)],
                        keySchema: [KeySchemaElement(attributeName: "pk", keyType: .hash), KeySchemaElement(attributeName: "sk", keyType: .range)], billingMode: .payPerRequest),
                    logger: Logger(label: "test"))
                let upstream = moto.endpoint.replacingOccurrences(of: "http://", with: "")
                try await withPythonServer(
                    script: "Tests/HoistPackagingTests/tls_proxy.py", arguments: [certificates.certificate, certificates.key, upstream], ready: [String: Int].self
                ) { proxy in
                    let (posts, posted) = AsyncStream.makeStream(of: (String, String).self)
                    let event = #"{"version":"2.0","routeKey":"$default","rawPath":"/items","requestContext":{"requestId":"api-1","http":{"method":"GET","path":"/items"}}}"#
                    try await withTestHTTPServer(handler: runtimeAPI(events: [event], posted: posted)) { server in
                        let environment: [Environment.Key: String] = [
                            "AWS_LAMBDA_RUNTIME_API": server.baseURL.replacingOccurrences(of: "http://", with: ""), "TABLE_NAME": "items", "AWS_REGION": "us-east-1",
                            "AWS_ACCESS_KEY_ID": moto.environment["AWS_ACCESS_KEY_ID"] ?? "", "AWS_SECRET_ACCESS_KEY": moto.environment["AWS_SECRET_ACCESS_KEY"] ?? "",
                            "AWS_ENDPOINT_URL_DYNAMODB": "https://localhost:\(proxy["port"] ?? 0)",
                            "AWS_CA_BUNDLE": trusted ? certificates.authority : certificates.otherAuthority,
                        ]
                        let run = try await Subprocess.run(
                            .path(FilePath(binary.path)), environment: .custom(environment), input: .none, output: .discarded, error: .string(limit: 1 << 16)
                        ) { execution in
                            var iterator = posts.makeAsyncIterator()
                            let answer = await iterator.next()
                            try execution.send(signal: .terminate)
                            return answer
                        }
                        let answer = run.closureResult
                        #expect(answer?.0 == "/2018-06-01/runtime/invocation/req-1/response")
                        if trusted {
                            #expect(answer?.1.contains(#""statusCode":200"#) == true, "\(answer?.1 ?? "")")
                            #expect(answer?.1.contains(#"\"items\":[]"#) == true, "\(answer?.1 ?? "")")
                        } else {
                            #expect(answer?.1.contains(#""statusCode":500"#) == true, "\(answer?.1 ?? "")")
                            #expect(run.standardError.contains("is not trusted"), "\(run.standardError)")
                        }
                    }
                }
            }
        }
    }

    @Test("a missing TABLE_NAME is reported as an init error")
    func initError() async throws {
        let binary = try await packager.build.run()
        let (posts, posted) = AsyncStream.makeStream(of: (String, String).self)
        try await withTestHTTPServer(handler: runtimeAPI(events: [], posted: posted)) { server in
            let result = try await Subprocess.run(
                .path(FilePath(binary.path)), environment: .custom(["AWS_LAMBDA_RUNTIME_API": server.baseURL.replacingOccurrences(of: "http://", with: "")]),
                output: .discarded, error: .string(limit: 1 << 16))
            #expect(result.terminationStatus == .exited(1))
            #expect(result.standardError.contains("TABLE_NAME"))
            posted.finish()
            var iterator = posts.makeAsyncIterator()
            #expect(await iterator.next()?.0 == "/2018-06-01/runtime/init/error")
        }
    }

    @Test("Lambda (moto) reports the same CodeSha256 hoist computed")
    func codeSha256MatchesLambda() async throws {
        let package = try await packager.package()
        let zip = try Data(contentsOf: URL(fileURLWithPath: package.zipPath))
        try await withMotoServer { moto in
            let logger = Logger(label: "test")
            let role = try await IAMClient(client: moto.client()).createRole(
                CreateRoleInput(roleName: "packaging-role", assumeRolePolicyDocument: #"{"Version":"2012-10-17","Statement":[]}"#), logger: logger)
            let function = try await LambdaClient(client: moto.client()).createFunction(
                EncodedJSON(
                    CreateFunctionInput(
                        functionName: "packaging", runtime: .providedAL2023, role: role.arn, handler: "bootstrap", code: FunctionCode(zipFile: zip),
                        timeout: 30, memorySize: 256, architectures: [.x86_64]), client: moto.client()),
                logger: logger)
            #expect(function.codeSha256 == package.codeSha256)
            #expect(function.codeSize == package.zipSize)
        }
    }

    @Test("a compile error stops the build and shows the compiler's message")
    func buildFailure() async throws {
        try await withTemporaryDirectory { root in
            try writeFile(
                """
                // swift-tools-version: 6.0
                import PackageDescription
                let package = Package(name: "broken", products: [.executable(name: "bootstrap", targets: ["Bootstrap"])], targets: [.executableTarget(name: "Bootstrap")])
                """, to: "Package.swift", in: root)
            try writeFile("let x: Int = \"not a number\"\n", to: "Sources/Bootstrap/main.swift", in: root)
            let broken = FunctionPackager(packageRoot: root, outputDirectory: root.appendingPathComponent("out"))
            do {
                _ = try await broken.package()
                Issue.record("a broken build produced a package")
            } catch let error as PackagingError {
                #expect("\(error)".contains("main.swift:1:14: error: cannot convert value of type 'String' to specified type 'Int'"))
            }
        }
    }
}
