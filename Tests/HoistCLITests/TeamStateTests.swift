import AWSSigV4
import Foundation
import HoistTestSupport
import Subprocess
import Testing

/// One environment shared through S3 state, as a team and its CI would: hoist processes started together,
/// a holder killed mid-deploy, and the moves between local and S3 state.
@Suite("team state on S3")
struct TeamStateTests {
    @Test("migrate, then two deploys started together ten times: one waits or fails naming the holder, the state is never lost; a killed holder is named until --force-unlock")
    func sharedEnvironment() async throws {
        // AWS's real timing: the killed deploy's function update is under way for seconds when the signal lands;
        // against an instant moto a loaded machine can finish the whole deploy first.
        try await withMotoServer(realistic: realAWSTestScale) { moto in
            try await withTemporaryDirectory { directory in
                func objects(_ arguments: [String]) async throws -> String {
                    try await PythonScript.run(
                        "Tests/HoistCLITests/s3_objects.py", arguments: [moto.endpoint, moto.credentials.accessKeyID, moto.credentials.secretAccessKey] + arguments)
                }
                let config = directory.appendingPathComponent("hoist.yml")
                func hoist(_ arguments: [String]) async throws -> HoistBinary.Outcome {
                    try await HoistBinary.run(arguments + ["--config", config.path], environment: moto.environment, workingDirectory: Repository.root)
                }
                func remoteState() async throws -> [String: Any] {
                    try #require(try JSONSerialization.jsonObject(with: Data(try await objects(["get", "team-state", "teams/team-dev.json"]).utf8)) as? [String: Any])
                }
                // First on this machine's state/, then moved to the team's bucket.
                try writeFile("project_name: team\n", to: "hoist.yml", in: directory)
                defer { removeState(of: "team-dev") }
                #expect(try await hoist(["deploy"]).status == 0)
                _ = try await objects(["create-bucket", "team-state"])
                try writeFile("project_name: team\nstate: {backend: s3, bucket: team-state, key: teams}\n", to: "hoist.yml", in: directory)
                let migrate = try await hoist(["state", "migrate"])
                #expect(migrate.status == 0, "\(migrate.standardError)")
                let local = Repository.root.appendingPathComponent("state/team-dev.json")
                #expect(!FileManager.default.fileExists(atPath: local.path) && FileManager.default.fileExists(atPath: local.path + ".migrated"))
                try? FileManager.default.removeItem(atPath: local.path + ".migrated")
                #expect((try await remoteState()["resources"] as? [String: Any])?.count == 11)
                let pulled = try await hoist(["state", "pull"])
                #expect(try JSONSerialization.jsonObject(with: Data(pulled.standardOutput.utf8)) as? NSDictionary == (try await remoteState()) as NSDictionary)

                var refusals = 0
                for trial in 1...10 {
                    async let one = hoist(["deploy"])
                    async let other = hoist(["deploy"])
                    let outcomes = try await [one, other]
                    #expect(outcomes.contains { $0.status == 0 }, "trial \(trial): \(outcomes.map(\.standardError))")
                    for outcome in outcomes where outcome.status != 0 {
                        let line = outcome.standardError.split(separator: "\n").last.map(String.init) ?? ""
                        #expect(
                            line.range(of: #"^error: another hoist holds s3://team-state/teams/team-dev\.lock \(.+, pid \d+ on .+ since .+\); wait for it to finish"#, options: .regularExpression) != nil,
                            "trial \(trial): \(outcome.standardError)")
                        refusals += 1
                    }
                    #expect((try await remoteState()["resources"] as? [String: Any])?.count == 11, "trial \(trial): the state is whole")
                    await #expect(throws: (any Error).self, "trial \(trial): the lock is released") { try await objects(["get", "team-state", "teams/team-dev.lock"]) }
                }
                #expect(refusals > 0, "two deploys started together overlapped at least once in ten trials")

                // A holder killed mid-deploy leaves its lock, named until --force-unlock.
                try writeFile("project_name: team\nstate: {backend: s3, bucket: team-state, key: teams}\nresources:\n  - type: aws_lambda\n    config:\n      memory: 512\n", to: "hoist.yml", in: directory)
                // AWS's clock is held: the function's update stays InProgress, so the kill lands mid-deploy.
                try await moto.holdAWSClock(true)
                let killed = try await HoistBinary.run(
                    ["deploy", "--json", "--config", config.path], environment: moto.environment, sending: .kill) { $0.contains(#""event":"started""#) }
                try await moto.holdAWSClock(false)
                #expect(killed.status == -SIGKILL, "\(killed.lines)")
                let blocked = try await hoist(["deploy"])
                #expect(blocked.status == 1)
                #expect(blocked.standardError.contains("another hoist holds s3://team-state/teams/team-dev.lock ("), "\(blocked.standardError)")
                #expect(blocked.standardError.hasSuffix("if that run was killed, run with --force-unlock\n"), "\(blocked.standardError)")
                let forced = try await hoist(["deploy", "--force-unlock"])
                #expect(forced.status == 0, "\(forced.standardError)")
                #expect(try await hoist(["plan", "--detailed-exitcode"]).status == 0)

                // push: a pulled state goes back under the lock; another environment's is refused.
                let saved = directory.appendingPathComponent("team-dev.json")
                try Data(try await hoist(["state", "pull"]).standardOutput.utf8).write(to: saved)
                let pushed = try await hoist(["state", "push", saved.path])
                #expect(pushed.status == 0 && pushed.standardOutput == "pushed \(saved.path) to s3://team-state/teams/team-dev.json\n", "\(pushed.standardError)")
                let wrong = try await hoist(["state", "push", "--env", "prod", saved.path])
                #expect(wrong.status == 1 && wrong.standardError.contains("is the state of team-dev, not team-prod"), "\(wrong.standardError)")

                let destroy = try await hoist(["destroy", "--yes"])
                #expect(destroy.status == 0, "\(destroy.standardError)")
                await #expect(throws: (any Error).self, "destroy removes the state object") { try await objects(["get", "team-state", "teams/team-dev.json"]) }
            }
        }
    }
}
