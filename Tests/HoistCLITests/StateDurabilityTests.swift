import Foundation
import HoistTestSupport
import Testing

/// A state write is durable: the file is synced before it is renamed into place, and the folder after, so
/// neither the new state nor its rename can be lost to a power cut. Watched with strace on `hoist state push`,
/// which writes the local state and calls no AWS.
@Suite("local state durability")
struct StateDurabilityTests {
    @Test("after renaming the new state into place, hoist syncs the state folder itself")
    func syncsFolder() async throws {
        try await withTemporaryDirectory { directory in
            try writeFile("project_name: fs\n", to: "hoist.yml", in: directory)
            try writeFile(
                #"{"version":1,"project":"fs","environment":"dev","account":"123456789012","region":"us-east-1","resources":{}}"#, to: "pushed.json",
                in: directory)
            let trace = directory.appendingPathComponent("trace")
            let outcome = try await HoistBinary.runTool(
                "/usr/bin/strace",
                ["-f", "-o", trace.path, "-e", "trace=openat,rename,renameat,renameat2,fsync", HoistBinary.path, "state", "push", "pushed.json", "--config", "hoist.yml"],
                environment: ["AWS_REGION": "us-east-1"], workingDirectory: directory)
            #expect(outcome.status == 0, "\(outcome.standardError)")
            let lines = try String(contentsOf: trace, encoding: .utf8).split(separator: "\n").map(String.init)
            let renamed = try #require(lines.lastIndex { $0.contains("rename") && $0.contains("fs-dev.json\"") && !$0.contains(".backup") }, "\(lines.suffix(20))")
            // The folder opened after that rename, and synced: `openat(..., "<dir>/state", O_RDONLY|O_DIRECTORY...) = N` then `fsync(N)`.
            let opened = lines[renamed...].compactMap { line -> String? in
                guard line.contains("openat("), line.contains("/state\""), line.contains("O_DIRECTORY"), let result = line.split(separator: "=").last else { return nil }
                return result.trimmingCharacters(in: .whitespaces)
            }
            #expect(opened.contains { descriptor in lines[renamed...].contains { $0.contains("fsync(\(descriptor))") && $0.hasSuffix("= 0") } }, "\(lines[renamed...].prefix(20))")
        }
    }
}
