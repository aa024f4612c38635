import Foundation
import HoistTestSupport
import NIOHTTP1
import Testing

/// `hoist init` in an empty folder makes a project that runs and deploys with no edit.
@Suite("hoist init makes a working project")
struct InitTemplateTests {
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
                let again = try await HoistBinary.run(["init", "--template", template], environment: moto.environment, workingDirectory: project)
                #expect(again.status != 0 && again.standardError.contains("hoist.yml already exists"), "\(again.standardError)")

                let deploy = try await HoistBinary.run(["deploy", "--json"], environment: moto.environment, workingDirectory: project)
                try #require(deploy.status == 0, "\(deploy.standardError)")
                let outputs = try JSONSerialization.jsonObject(with: Data(deploy.standardOutput.utf8)) as? [String: String]
                #expect(outputs?["functionARN"] == "arn:aws:lambda:us-east-1:\(moto.accountID):function:\(template)-api-dev")

                let local = LocalTests()
                try await local.withHoistLocal([], environment: moto.environment, in: project) { url in
                    if template == "hello" {
                        let reply = try await local.send(.GET, url + "/anything")
                        #expect(reply.status == 200)
                        let body = reply.json as? [String: String]
                        #expect(body?["message"] == "hello from hoist")
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

                let destroy = try await HoistBinary.run(["destroy", "--yes"], environment: moto.environment, workingDirectory: project)
                #expect(destroy.status == 0, "\(destroy.standardError)")
                #expect(destroy.standardOutput == "destroyed \(template)-api-dev\n")
            }
        }
    }
}
