import AWSCredentialChain
import AWSSigV4
import Foundation
import HoistTestSupport
import Logging
import Testing

/// `credential_process` as the AWS CLI runs it: split as a shell would, no shell, Version 1 JSON on stdout.
@Suite("credential_process")
struct CredentialProcessTests {
    let logger = Logger(label: "test")

    /// A profile `p` whose process is the test script in MODE, from a folder with a space in its name, so the
    /// command's quoting matters; `body` gets the chain and the file counting the script's runs.
    func withProcess(
        _ mode: String, configKeys: String = "", timeout: Duration = .seconds(60), _ body: (CredentialChain, URL) async throws -> Void
    ) async throws {
        try await withTemporaryDirectory { home in
            let folder = home.appendingPathComponent("my tools")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let script = folder.appendingPathComponent("credential_process.py")
            try FileManager.default.copyItem(at: Repository.root.appendingPathComponent("Tests/AWSTransportTests/credential_process.py"), to: script)
            let counter = home.appendingPathComponent("runs")
            try writeFile(
                "[profile p]\ncredential_process = \(Repository.python) \"\(script.path)\" \(mode) '\(counter.path)'\n\(configKeys)", to: ".aws/config", in: home)
            let environment = ["HOME": home.path, "AWS_EC2_METADATA_DISABLED": "true", "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
            try await body(CredentialChain(environment: environment, profile: "p", region: "us-east-1", logger: logger, processTimeout: timeout), counter)
        }
    }

    func runs(_ counter: URL) throws -> String { try String(contentsOf: counter, encoding: .utf8) }

    @Test("valid credentials are used until they near their Expiration, without running the process again")
    func valid() async throws {
        try await withProcess("long") { chain, counter in
            let first = try await chain.credentials()
            #expect(first == AWSCredentials(accessKeyID: "AKPROCESS1", secretAccessKey: "process-secret", sessionToken: "token-1"))
            #expect(try await chain.credentials() == first)
            #expect(try runs(counter) == "1")
            #expect(try await chain.source() == "profile p")
        }
    }

    @Test("calls arriving together (a deploy starts many) run the process once")
    func together() async throws {
        try await withProcess("long") { chain, counter in
            let keys = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<8 { group.addTask { try await chain.credentials().accessKeyID } }
                return try await group.reduce(into: Set<String>()) { $0.insert($1) }
            }
            #expect(keys == ["AKPROCESS1"])
            #expect(try runs(counter) == "1")
        }
    }

    @Test("the AWS CLI's order: keys in the credentials file, then the process, then keys in the config file")
    func order() async throws {
        try await withProcess("long", configKeys: "aws_access_key_id = AKCONFIG\naws_secret_access_key = config-secret\n") { chain, _ in
            let credentials = try await chain.credentials()
            #expect(credentials.accessKeyID == "AKPROCESS1", "the process comes before keys in the config file")
        }
        try await withProcess("long") { _, counter in
            let home = counter.deletingLastPathComponent()
            try writeFile("[p]\naws_access_key_id = AKFILE\naws_secret_access_key = file-secret\n", to: ".aws/credentials", in: home)
            let chain = CredentialChain(
                environment: ["HOME": home.path, "AWS_EC2_METADATA_DISABLED": "true"], profile: "p", region: "us-east-1", logger: logger)
            #expect(try await chain.credentials() == AWSCredentials(accessKeyID: "AKFILE", secretAccessKey: "file-secret"))
            #expect(!FileManager.default.fileExists(atPath: counter.path), "the process never ran")
        }
    }

    @Test("credentials inside the refresh margin are fetched again")
    func refreshed() async throws {
        try await withProcess("short") { chain, counter in
            let first = try await chain.credentials()
            let second = try await chain.credentials()
            #expect(first.accessKeyID == "AKPROCESS1")
            #expect(second.accessKeyID == "AKPROCESS2")
            #expect(try runs(counter) == "2")
        }
    }

    @Test("a process that never ends is stopped at its time limit, with one line saying so")
    func hanging() async throws {
        try await withProcess("hang", timeout: .milliseconds(500)) { chain, _ in
            do {
                _ = try await chain.credentials()
                Issue.record("a hanging process gave credentials")
            } catch let error as CredentialError {
                #expect("\(error)".contains("did not finish within 0.5 seconds"), "\(error)")
            }
        }
    }

    @Test("a failing process: one line with its exit status and what it wrote to stderr")
    func failing() async throws {
        try await withProcess("fail") { chain, _ in
            do {
                _ = try await chain.credentials()
                Issue.record("a failing process gave credentials")
            } catch {
                let text = "\(error)"
                #expect(text.hasPrefix("credential_process of profile 'p' failed: "), "\(text)")
                #expect(text.contains("exited with") && text.hasSuffix("token expired: run aws-vault login"), "\(text)")
                #expect(!text.contains("\n"))
            }
        }
    }

    @Test("output that is not the credentials JSON: one line saying what was expected")
    func malformed() async throws {
        try await withProcess("garbage") { chain, _ in
            await #expect(
                throws: CredentialError.processFailed(
                    profile: "p", detail: "\(Repository.python) did not print credentials JSON ({\"Version\": 1, \"AccessKeyId\": …, \"SecretAccessKey\": …})")
            ) { try await chain.credentials() }
        }
    }
}
