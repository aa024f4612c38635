import AWSSigV4
import AWSDynamoDB
import Foundation
import HoistTestSupport
import Logging
import Subprocess
import Testing

@Suite("hoist deploy, plan and destroy on bad input")
struct ProjectCommandTests {
    @Test("a bad hoist.yml is one line with file:line:column, exit 1, and no AWS call", arguments: [
        ("project_name: shop\nresources:\n  - type: aws_lambda\n    config:\n      memory: 20000\n", "error: bad.yml:5:15: memory 20000 is outside Lambda's 128-10240 MB\n"),
        ("project_name: shop\nresources:\n  - type: aws_dynamodb\n    config:\n      billing: PAY_PER_REQUEST\n", "error: bad.yml:5:7: unknown key 'billing' in aws_dynamodb config; valid keys: billing_mode, hash_key, range_key, global_secondary_indexes, point_in_time_recovery, deletion_protection\n"),
    ])
    func badConfig(yaml: String, message: String) async throws {
        try await withProject(yaml, file: "bad.yml") { moto, config in
            let before = try moto.requests().count
            for command in ["deploy", "plan", "destroy"] {
                let outcome = try await HoistBinary.run(
                    [command, "--config", config, "--yes"].filter { command == "destroy" || $0 != "--yes" },
                    environment: moto.environment)
                #expect(outcome.status == 1, "\(command): \(outcome.standardError)")
                #expect(outcome.standardError == message.replacingOccurrences(of: "bad.yml", with: config))
            }
            #expect(try moto.requests().count == before)
        }
    }

    @Test("init names a bad --project, --region or folder name and writes nothing")
    func badInit() async throws {
        try await withTemporaryDirectory { directory in
            let cases: [([String], String, Int32)] = [
                (["init", "--project", "My Project"], "Error: --project 'My Project' must be 1-40 lower-case letters, digits or dashes", 64),
                (["init", "--project", "shop", "--region", "mars-1"], "Error: --region 'mars-1' is not an AWS region name (like us-east-1 or eu-west-3)", 64),
                (["init"], "error: this folder's name 'bad_folder' cannot be the project name", 1),
            ]
            let folder = directory.appendingPathComponent("bad_folder")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for (arguments, message, status) in cases {
                let outcome = try await HoistBinary.run(arguments, workingDirectory: folder)
                #expect(outcome.status == status, "\(arguments): \(outcome.standardError)")
                #expect(outcome.standardError.contains(message), "\(arguments): \(outcome.standardError)")
                #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("hoist.yml").path))
            }
        }
    }

    @Test("a malformed endpoint from the flag or the environment stops the command before it builds or calls anything")
    func badEndpoint() async throws {
        try await withProject("project_name: shop\n") { moto, config in
            let before = try moto.requests().count
            let flag = try await HoistBinary.run(["deploy", "--config", config, "--endpoint-url", "ftp://x"], environment: moto.environment)
            #expect(flag.status == 64)
            #expect(flag.standardError.contains("--endpoint-url 'ftp://x' is not an http(s) URL"), "\(flag.standardError)")
            let variable = try await HoistBinary.run(
                ["update-code", "--config", config], environment: moto.environment.merging(["AWS_ENDPOINT_URL_LAMBDA": "localhost:5000"]) { $1 })
            #expect(variable.status == 1)
            #expect(variable.standardError == "error: AWS_ENDPOINT_URL_LAMBDA='localhost:5000' is not an http(s) URL; set it to something like http://127.0.0.1:5000 or unset it\n")
            for outcome in [flag, variable] { #expect(!outcome.standardError.contains("packaging")) }
            #expect(try moto.requests().count == before)
        }
    }

    @Test("no credentials, or a wrong secret, fail in one line before any swift build starts; good ones do start it")
    func credentialsBeforeBuild() async throws {
        try await withMotoServer { moto in
            try await withTemporaryDirectory { directory in
                // A `swift` first on PATH that leaves a mark, then runs the real one: it tells whether a build started.
                let real = try #require(
                    (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map { "\($0)/swift" }.first {
                        FileManager.default.isExecutableFile(atPath: $0)
                    })
                let mark = directory.appendingPathComponent("swift-ran")
                try writeFile("#!/bin/sh\ntouch '\(mark.path)'\nexec '\(real)' \"$@\"\n", to: "bin/swift", in: directory)
                try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory.appendingPathComponent("bin/swift").path)
                let project = directory.appendingPathComponent("project")
                try writeFile("project_name: creds\nresources:\n  - type: aws_lambda\n    config:\n      product: nothing\n", to: "hoist.yml", in: project)
                try writeFile(
                    "// swift-tools-version: 6.0\nimport PackageDescription\nlet package = Package(name: \"lib\", targets: [.target(name: \"Lib\")])\n", to: "Package.swift", in: project)
                try writeFile("public let value = 1\n", to: "Sources/Lib/Lib.swift", in: project)
                let path = "\(directory.path)/bin:\(ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")"
                var none = moto.environment
                none["AWS_ACCESS_KEY_ID"] = nil
                none["AWS_SECRET_ACCESS_KEY"] = nil
                let wrong = moto.environment.merging(["AWS_SECRET_ACCESS_KEY": "not-the-secret"]) { $1 }
                for (name, environment) in [("no credentials", none), ("a wrong secret", wrong)] {
                    for command in ["deploy", "plan", "update-code"] {
                        let outcome = try await HoistBinary.run([command], environment: environment.merging(["PATH": path]) { $1 }, workingDirectory: project)
                        #expect(outcome.status == 1, "\(name), \(command): \(outcome.standardError)")
                        #expect(outcome.standardError.hasPrefix("error: ") && outcome.standardError.filter { $0 == "\n" }.count == 1, "\(name): \(outcome.standardError)")
                        #expect(!FileManager.default.fileExists(atPath: mark.path), "\(name), \(command): swift build started")
                    }
                }
                let good = try await HoistBinary.run(["plan"], environment: moto.environment.merging(["PATH": path]) { $1 }, workingDirectory: project)
                #expect(good.standardError.hasSuffix("has no product named 'nothing'; add an executable product to its Package.swift\n"), "\(good.standardError)")
                #expect(FileManager.default.fileExists(atPath: mark.path), "with good credentials the build starts")
            }
        }
    }

    @Test("outputs of an environment never deployed says so and exits 1")
    func notDeployed() async throws {
        try await withProject("project_name: ghost\n") { moto, config in
            let outputs = try await HoistBinary.run(["outputs", "--env", "qa", "--config", config], environment: moto.environment)
            #expect(outputs.status == 1)
            #expect(outputs.standardError == "error: ghost-qa is not deployed; run `hoist deploy --env qa` first\n")
            #expect(outputs.standardOutput.isEmpty)
        }
    }

    @Test("destroy without --yes and without a terminal refuses, naming the flag")
    func destroyNeedsConfirmation() async throws {
        try await withProject("project_name: shop\n") { moto, config in
            let before = try moto.requests().count
            let outcome = try await HoistBinary.run(["destroy", "--config", config], environment: moto.environment)
            #expect(outcome.status == 1)
            #expect(outcome.standardError == "error: destroy deletes shop-dev and its data; pass --yes to confirm\n")
            #expect(try moto.requests().count == before)
        }
    }
}

@Suite("hoist help")
struct HelpTests {
    @Test("every command's --help carries an example that calls it", arguments: [
        "init", "plan", "deploy", "update-code", "destroy", "outputs", "logs", "metrics", "cost", "invoke", "curl", "status", "versions", "rollback", "promote", "state",
        "state pull", "state push", "state migrate", "policy", "local", "dev", "package", "whoami", "debug", "debug sign",
    ])
    func example(command: String) async throws {
        let outcome = try await HoistBinary.run(command.split(separator: " ").map(String.init) + ["--help"])
        #expect(outcome.status == 0)
        #expect(outcome.standardOutput.contains("Example: ") && outcome.standardOutput.contains("hoist \(command) "), "\(command): \(outcome.standardOutput)")
        try expectGolden(outcome.standardOutput, "help-\(command.replacingOccurrences(of: " ", with: "-")).txt")
    }

    @Test("--generate-completion-script writes a completion script for bash, zsh and fish naming every command", arguments: ["bash", "zsh", "fish"])
    func completion(shell: String) async throws {
        let outcome = try await HoistBinary.run(["--generate-completion-script", shell])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        for command in ["deploy", "update-code", "destroy", "invoke", "status", "logs"] {
            #expect(outcome.standardOutput.contains(command), "\(shell): \(command) missing")
        }
    }

    @Test("--help lists every command and exits 0", arguments: [["--help"], ["help"], []])
    func help(arguments: [String]) async throws {
        let outcome = try await HoistBinary.run(arguments)
        #expect(outcome.status == 0)
        for command in [
            "init", "plan", "deploy", "update-code", "destroy", "outputs", "logs", "metrics", "cost", "invoke", "curl", "status", "versions", "rollback", "promote", "state",
            "local", "dev", "package", "whoami", "debug",
        ] {
            #expect(outcome.standardOutput.contains("\n  \(command) "), "\(command) missing from help")
        }
    }
}

@Suite("hoist deploy and destroy through the binary")
struct DeployCommandTests {
    @Test("on a terminal the progress is one block redrawn in place; NO_COLOR keeps it and drops the colours")
    func liveProgress() async throws {
        try await withProject("project_name: tty\n") { moto, config in
            // `script` gives hoist a pseudo-terminal, as a user's shell would, and copies what it drew.
            let deploy = try await HoistBinary.runOnTerminal(["deploy", "--config", config], environment: moto.environment.merging(["NO_COLOR": "1"]) { $1 })
            #expect(deploy.status == 0, "\(deploy.standardOutput)")
            let screen = deploy.standardOutput
            #expect(screen.contains("\u{1B}[2K… create "), "running lines are drawn")
            #expect(screen.contains("\u{1B}[10F") || screen.contains("\u{1B}[9F"), "the block is redrawn over itself")
            #expect(screen.contains("+ create  function            tty-dev"))
            #expect(!screen.contains("\u{1B}[32m"), "NO_COLOR: no colour codes")

            let destroy = try await HoistBinary.run(["destroy", "--yes", "--config", config], environment: moto.environment, workingDirectory: Repository.root)
            #expect(destroy.status == 0, "\(destroy.standardError)")
            removeState(of: "tty-dev")
        }
    }

    @Test("a deploy killed mid-way (kill -9) leaves no lock behind: the next deploy converges without --force-unlock")
    func killedDeploy() async throws {
        // AWS's clock is held (real-AWS mode): the table stays CREATING and the role unassumable, so the deploy
        // is surely under way when the kill lands, however late a loaded machine reads its first `started` line.
        try await withProject("project_name: crash\n", realistic: realAWSTestScale) { moto, config in
            try await moto.holdAWSClock(true)
            // --json: each resource's start is a line on stderr, so hoist dies while it holds the lock, mid-apply.
            let killed = try await HoistBinary.run(["deploy", "--json", "--config", config], environment: moto.environment, sending: .kill) {
                $0.contains(#""event":"started""#)
            }
            try await moto.holdAWSClock(false)
            #expect(killed.status == -SIGKILL, "\(killed.lines)")
            let lock = Repository.root.appendingPathComponent("state/crash-dev.lock").path
            #expect(FileManager.default.fileExists(atPath: lock), "the dead run's lock file is still there")
            try await expectNextDeployConverges("crash-dev", config: config, moto: moto)
        }
    }

    @Test("Ctrl-C mid-deploy: the steps under way finish and are recorded, no later one starts, exit 130; the next deploy carries on")
    func interruptedDeploy() async throws {
        // AWS's clock is held (real-AWS mode) until hoist says it is stopping: the table stays CREATING and the
        // role unassumable, so the first wave is surely under way when the signal lands, however late a loaded
        // machine reads the first `started` line; released, the steps under way finish.
        try await withProject("project_name: halt\n", realistic: realAWSTestScale) { moto, config in
            try await moto.holdAWSClock(true)
            let run = try await HoistBinary.run(
                ["deploy", "--json", "--config", config], environment: moto.environment, sending: .interrupt, at: { $0.contains(#""event":"started""#) },
                thenAt: { $0.contains(#""event":"stopping""#) }, then: { try await moto.holdAWSClock(false) })
            try await moto.holdAWSClock(false)
            #expect(run.status == 130, "\(run.lines)")
            let events = run.lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: String] }
            #expect(events.contains { $0["event"] == "stopping" }, "\(run.lines)")
            let startedKinds = Set(events.filter { $0["event"] == "started" }.compactMap { $0["resource"] })
            let finishedKinds = Set(events.filter { $0["event"] == "finished" }.compactMap { $0["resource"] })
            #expect(startedKinds == finishedKinds, "every step under way finished: \(run.lines)")
            #expect(startedKinds.isSuperset(of: ["role", "table", "function-log-group", "api-log-group", "api"]), "the first wave was under way")
            #expect(!startedKinds.contains("route"), "the route, last of the chain, never started")
            #expect(run.lines.last?.hasPrefix("error: stopped before ") == true, "\(run.lines)")
            #expect(run.lines.last?.hasSuffix("run `hoist deploy --env dev` to carry on") == true, "\(run.lines)")
            let stateFile = Repository.root.appendingPathComponent("state/halt-dev.json")
            let state = try JSONSerialization.jsonObject(with: Data(contentsOf: stateFile)) as? [String: Any]
            let recorded = Set((state?["resources"] as? [String: Any] ?? [:]).keys)
            #expect(recorded == finishedKinds, "the state file records what finished")
            try await expectNextDeployConverges("halt-dev", config: config, moto: moto)
        }
    }

    @Test("--json: outputs as JSON on stdout, one JSON event per resource on stderr")
    func jsonProgress() async throws {
        try await withProject("project_name: cli\n") { moto, config in
            let plan = try await HoistBinary.run(["plan", "--detailed-exitcode", "--config", config], environment: moto.environment, workingDirectory: Repository.root)
            #expect(plan.status == 2, "--detailed-exitcode: changes to make: \(plan.standardError)")
            #expect(plan.standardOutput.hasSuffix("11 change(s)\n"), "\(plan.standardOutput)")
            #expect(plan.standardError.contains("note: the API cli-dev-api is public: anyone with its URL can call every route"), "\(plan.standardError)")
            let guarded = URL(fileURLWithPath: config).deletingLastPathComponent().appendingPathComponent("guarded.yml")
            try "project_name: cli\nresources:\n  - type: aws_apigateway_v2\n    config:\n      auth: {type: iam}\n".write(to: guarded, atomically: true, encoding: .utf8)
            let guardedPlan = try await HoistBinary.run(["plan", "--config", guarded.path], environment: moto.environment, workingDirectory: Repository.root)
            #expect(guardedPlan.status == 0 && !guardedPlan.standardError.contains("is public"), "\(guardedPlan.standardError)")
            let deploy = try await HoistBinary.run(["deploy", "--json", "--config", config], environment: moto.environment, workingDirectory: Repository.root)
            #expect(deploy.status == 0, "\(deploy.standardError)")
            let outputs = try JSONSerialization.jsonObject(with: Data(deploy.standardOutput.utf8)) as? [String: String]
            #expect(outputs?["tableName"] == "cli-dev-table")
            #expect(outputs?["functionARN"] == "arn:aws:lambda:us-east-1:\(moto.accountID):function:cli-dev")
            let events = deploy.standardError.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: String] }
            let finished = events.filter { $0["event"] == "finished" }
            #expect(Set(finished.compactMap { $0["resource"] }).count == 11)
            #expect(finished.allSatisfy { $0["action"] == "create" })

            let destroy = try await HoistBinary.run(["destroy", "--yes", "--json", "--config", config], environment: moto.environment, workingDirectory: Repository.root)
            #expect(destroy.status == 0, "\(destroy.standardError)")
            #expect(destroy.standardOutput == "destroyed cli-dev\n")
            removeState(of: "cli-dev")
        }
    }

    @Test("a swift on PATH that records its environment sees no AWS credential and no hoist secret during a deploy that builds")
    func buildSeesNoSecrets() async throws {
        try await withProject("project_name: shim\n") { moto, config in
            let folder = URL(fileURLWithPath: config).deletingLastPathComponent()
            let real = try #require((ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map { "\($0)/swift" }.first {
                FileManager.default.isExecutableFile(atPath: $0)
            })
            let seen = folder.appendingPathComponent("swift-environment")
            try writeFile("#!/bin/sh\nenv >> '\(seen.path)'\nexec '\(real)' \"$@\"\n", to: "bin/swift", in: folder)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.appendingPathComponent("bin/swift").path)
            let path = folder.appendingPathComponent("bin").path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "")
            let deploy = try await HoistBinary.run(
                ["deploy", "--config", config], environment: moto.environment.merging(["PATH": path, "HOIST_MFA_CODE": "123456", "HOIST_TOKEN": "tok"]) { $1 },
                workingDirectory: Repository.root)
            #expect(deploy.status == 0, "\(deploy.standardError)")
            let recorded = try String(contentsOf: seen, encoding: .utf8)
            #expect(recorded.contains("PATH="), "the shim ran")
            #expect(!recorded.contains("AWS_") && !recorded.contains(moto.credentials.secretAccessKey) && !recorded.contains("HOIST_MFA_CODE") && !recorded.contains("HOIST_TOKEN"))
            #expect(try await HoistBinary.run(["destroy", "--yes", "--config", config], environment: moto.environment, workingDirectory: Repository.root).status == 0)
            removeState(of: "shim-dev")
        }
    }

    @Test("real-AWS mode: progress says what a step waits for; destroy then deploy at once prints a table that exists and is ACTIVE")
    func realAWSLifecycle() async throws {
        try await withProject("project_name: slow\n", realistic: realAWSTestScale) { moto, config in
            let deploy = try await HoistBinary.run(["deploy", "--json", "--config", config], environment: moto.environment, workingDirectory: Repository.root)
            #expect(deploy.status == 0, "\(deploy.standardError)")
            func waitedForRole(_ run: HoistBinary.Outcome) -> Bool {
                run.standardError.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: String] }.contains {
                    $0["event"] == "waiting" && $0["resource"] == "function" && $0["for"] == "IAM role slow-dev-role to reach Lambda"
                }
            }
            let destroy = try await HoistBinary.run(["destroy", "--yes", "--config", config], environment: moto.environment, workingDirectory: Repository.root)
            #expect(destroy.status == 0, "\(destroy.standardError)")
            let again = try await HoistBinary.run(["deploy", "--json", "--config", config], environment: moto.environment, workingDirectory: Repository.root)
            #expect(again.status == 0, "\(again.standardError)")
            // Each deploy makes the role, so each may meet its propagation; on a loaded machine one of them can
            // reach CreateFunction after the (scaled) delay has passed.
            #expect(waitedForRole(deploy) || waitedForRole(again), "progress names the wait for the role")
            let outputs = try JSONSerialization.jsonObject(with: Data(again.standardOutput.utf8)) as? [String: String]
            #expect(outputs?["tableName"] == "slow-dev-table")
            let table = try await DynamoDBClient(client: moto.client()).describeTable("slow-dev-table", logger: Logger(label: "test"))
            #expect(table?.tableStatus == .active, "the table hoist printed exists and is usable")
            try await expectNextDeployConverges("slow-dev", config: config, moto: moto)
        }
    }
}

/// A moto server and a temporary folder holding `yaml` as the project file, whose path `body` gets.
private func withProject(_ yaml: String, file: String = "hoist.yml", realistic: Double? = nil, _ body: (MotoServer, String) async throws -> Void) async throws {
    try await withMotoServer(realistic: realistic) { moto in
        try await withTemporaryDirectory { directory in
            try writeFile(yaml, to: file, in: directory)
            try await body(moto, directory.appendingPathComponent(file).path)
        }
    }
}

/// After a deploy that did not finish: the next one succeeds and leaves nothing to change; then `stack` is torn
/// down and its state removed.
private func expectNextDeployConverges(_ stack: String, config: String, moto: MotoServer) async throws {
    let again = try await HoistBinary.run(["deploy", "--config", config], environment: moto.environment, workingDirectory: Repository.root)
    #expect(again.status == 0, "\(again.standardError)")
    let plan = try await HoistBinary.run(["plan", "--detailed-exitcode", "--config", config], environment: moto.environment, workingDirectory: Repository.root)
    #expect(plan.status == 0, "\(plan.standardError)")
    #expect(plan.standardOutput.hasSuffix("no changes\n"), "\(plan.standardOutput)")
    let destroy = try await HoistBinary.run(["destroy", "--yes", "--config", config], environment: moto.environment, workingDirectory: Repository.root)
    #expect(destroy.status == 0, "\(destroy.standardError)")
    removeState(of: stack)
}
