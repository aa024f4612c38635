import AWSSigV4
import Crypto
import Foundation
import HoistTestSupport
import NIOHTTP1
import Subprocess
import Testing

#if canImport(System)
import System
#else
import SystemPackage
#endif

/// `hoist init` in an empty folder makes a project that runs and deploys with no edit.
@Suite("hoist init makes a working project")
struct InitTemplateTests {
    @Test("without --template, init writes the hello handler: the write API is chosen deliberately")
    func defaultTemplate() async throws {
        try await withTemporaryDirectory { directory in
            let project = directory.appendingPathComponent("plain-api")
            try FileManager.default.createDirectory(at: project, withIntermediateDirectories: true)
            let made = try await HoistBinary.run(["init", "--runtime-package", Repository.root.path], environment: ["AWS_REGION": "us-east-1"], workingDirectory: project)
            try #require(made.status == 0, "\(made.standardError)")
            let handler = try String(contentsOf: project.appendingPathComponent("Sources/Function/Function.swift"), encoding: .utf8)
            #expect(handler.contains("answers every request with a JSON greeting") && !handler.contains("ItemsAPI"), "\(handler)")
        }
    }

    @Test("the same project in two folders packages to the same CodeSha256, and no build path is left in the binary")
    func reproducible() async throws {
        try await withTemporaryDirectory { directory in
            var packaged: [(sha: String, zip: String)] = []
            for parent in ["one", "two/deeper"] {
                let project = directory.appendingPathComponent(parent).appendingPathComponent("same-api")
                try FileManager.default.createDirectory(at: project, withIntermediateDirectories: true)
                let made = try await HoistBinary.run(["init", "--runtime-package", Repository.root.path], environment: ["AWS_REGION": "us-east-1"], workingDirectory: project)
                try #require(made.status == 0, "\(made.standardError)")
                let package = try await HoistBinary.run(["package", "--json"], environment: ["AWS_REGION": "us-east-1"], workingDirectory: project)
                try #require(package.status == 0, "\(package.standardError)")
                let output = try #require(try JSONSerialization.jsonObject(with: Data(package.standardOutput.utf8)) as? [String: Any])
                packaged.append((try #require(output["codeSha256"] as? String), try #require(output["zipPath"] as? String)))
            }
            #expect(packaged[0].sha == packaged[1].sha, "a second clone or a CI runner uploads nothing new")
            let unzipped = directory.appendingPathComponent("unzipped")
            let unzip = try await HoistBinary.runTool("/usr/bin/unzip", ["-o", "-q", packaged[0].zip, "bootstrap", "-d", unzipped.path], environment: [:])
            try #require(unzip.status == 0, "\(unzip.standardError)")
            let binary = try Data(contentsOf: unzipped.appendingPathComponent("bootstrap"))
            for path in [directory.path, Repository.root.path] { #expect(binary.range(of: Data(path.utf8)) == nil, "\(path) is in the binary") }
        }
    }

    @Test("init --template, then hoist local answers a request and deploy / destroy succeed", arguments: ["hello", "items"])
    func template(_ template: String) async throws {
        try await withMotoServer { moto in
            try await withTemporaryDirectory { directory in
                let project = directory.appendingPathComponent("\(template)-api")
                try FileManager.default.createDirectory(at: project, withIntermediateDirectories: true)
                let made = try await HoistBinary.run(
                    ["init", "--template", template, "--runtime-package", Repository.root.path], environment: moto.environment, workingDirectory: project)
                try #require(made.status == 0, "\(made.standardError)")
                for file in ["hoist.yml", "Package.swift", "Sources/Function/Function.swift"] {
                    #expect(FileManager.default.fileExists(atPath: project.appendingPathComponent(file).path), "init wrote \(file)")
                }
                let ignored = try String(contentsOf: project.appendingPathComponent(".gitignore"), encoding: .utf8).split(separator: "\n")
                #expect(ignored.contains(".build/") && ignored.contains("state/"), "the state (account and resource ids) stays out of git: \(ignored)")
                let again = try await HoistBinary.run(["init", "--template", template], environment: moto.environment, workingDirectory: project)
                #expect(again.status != 0 && again.standardError.contains("hoist.yml already exists"), "\(again.standardError)")

                // hello's greeting is a secret in Parameter Store, referenced from hoist.yml.
                let secret = "hi from Parameter Store"
                let configFile = project.appendingPathComponent("hoist.yml")
                if template == "hello" {
                    try await parameter(moto, ["put", "/hello-api/greeting", secret])
                    try reference("ssm:/hello-api/greeting", in: configFile)
                }

                let deploy = try await HoistBinary.run(["deploy", "--json"], environment: moto.environment, workingDirectory: project)
                try #require(deploy.status == 0, "\(deploy.standardError)")
                let outputs = try JSONSerialization.jsonObject(with: Data(deploy.standardOutput.utf8)) as? [String: String]
                #expect(outputs?["functionARN"] == "arn:aws:lambda:us-east-1:\(moto.accountID):function:\(template)-api-dev")
                if template == "hello" {
                    let deployed = try #require(
                        try JSONSerialization.jsonObject(with: Data(try await parameter(moto, ["deployed", "hello-api-dev"]).utf8)) as? [String: Any])
                    #expect((deployed["variables"] as? [String: String])?["GREETING"] == "ssm:/hello-api/greeting", "Lambda keeps the reference, not the value")
                    let statements = (deployed["policy"] as? [String: Any])?["Statement"] as? [[String: Any]]
                    #expect(statements?.count == 1, "the AWS managed key needs no kms statement: \(String(describing: statements))")
                    #expect(statements?.first?["Action"] as? String == "ssm:GetParameters")
                    #expect(statements?.first?["Resource"] as? [String] == ["arn:aws:ssm:us-east-1:\(moto.accountID):parameter/hello-api/greeting"])
                    let state = try String(contentsOf: project.appendingPathComponent("state/hello-api-dev.json"), encoding: .utf8)
                    for text in [deploy.standardOutput, deploy.standardError, state] { #expect(!text.contains(secret), "the value is never printed or recorded") }
                }

                let local = LocalTests()
                try await local.withHoistLocal([], environment: moto.environment, in: project) { url in
                    if template == "hello" {
                        let reply = try await local.send(.GET, url + "/anything")
                        #expect(reply.status == 200)
                        let body = reply.json as? [String: String]
                        #expect(body?["message"] == secret, "the bootstrap read the parameter at cold start")
                        #expect(body?["path"] == "/anything")
                    } else {
                        let created = try await local.send(.POST, url + "/items", #"{"name": "first"}"#)
                        #expect(created.status == 201, "\(String(describing: created.json))")
                        let id = try #require((created.json as? [String: Any])?["id"] as? String)
                        let read = try await local.send(.GET, url + "/items/\(id)")
                        #expect(read.status == 200)
                        #expect((read.json as? [String: Any])?["name"] as? String == "first")
                    }
                }

                if template == "hello" {
                    // The deployed code itself: moto runs no function, so the zip Lambda holds (the same CodeSha256)
                    // is unpacked and its bootstrap run behind hoist local's Runtime API, with the deployed environment.
                    let zip = project.appendingPathComponent(".build/hoist/x86_64/function.zip")
                    let deployed = try #require(
                        try JSONSerialization.jsonObject(with: Data(try await parameter(moto, ["deployed", "hello-api-dev"]).utf8)) as? [String: Any])
                    #expect(Data(SHA256.hash(data: try Data(contentsOf: zip))).base64EncodedString() == deployed["codeSha256"] as? String, "the zip Lambda holds")
                    let unpacked = directory.appendingPathComponent("deployed")
                    let unzip = try await Subprocess.run(
                        .path("/usr/bin/unzip"), arguments: ["-o", zip.path, "bootstrap", "-d", unpacked.path], output: .discarded, error: .string(limit: 4096))
                    try #require(unzip.terminationStatus.isSuccess, "\(unzip.standardError ?? "")")
                    try await local.withHoistLocal(["--command", unpacked.appendingPathComponent("bootstrap").path], environment: moto.environment, in: project) { url in
                        let reply = try await local.send(.GET, url + "/deployed")
                        #expect((reply.json as? [String: String])?["message"] == secret, "the deployed bootstrap read the parameter at cold start")
                    }

                    try reference("ssm:/hello-api/missing", in: configFile)
                    let plan = try await HoistBinary.run(["plan"], environment: moto.environment, workingDirectory: project)
                    #expect(plan.status == 1, "\(plan.standardOutput)")
                    #expect(
                        plan.standardError.split(separator: "\n").last?.hasPrefix("error: hoist.yml references ssm:/hello-api/missing, which Parameter Store in us-east-1 does not have") == true,
                        "\(plan.standardError)")
                }

                let destroy = try await HoistBinary.run(["destroy", "--yes"], environment: moto.environment, workingDirectory: project)
                #expect(destroy.status == 0, "\(destroy.standardError)")
                #expect(destroy.standardOutput == "destroyed \(template)-api-dev\n")
            }
        }
    }

    /// Runs parameter.py (boto3) with `arguments`; returns what it printed.
    @discardableResult
    func parameter(_ moto: MotoServer, _ arguments: [String]) async throws -> String {
        try await PythonScript.run(
            "Tests/HoistCLITests/parameter.py", arguments: [moto.endpoint, moto.credentials.accessKeyID, moto.credentials.secretAccessKey] + arguments)
    }

    /// Sets the function's environment in hoist.yml to GREETING: `value`.
    func reference(_ value: String, in file: URL) throws {
        let text = try String(contentsOf: file, encoding: .utf8)
        let environment = try #require(text.range(of: #"      environment:[^\n]*(\n        GREETING:[^\n]*)?"#, options: .regularExpression))
        try text.replacingCharacters(in: environment, with: "      environment:\n        GREETING: \(value)").write(to: file, atomically: true, encoding: .utf8)
    }
}
