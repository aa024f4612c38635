import HoistTestSupport
import Testing

/// The quick form of `scripts/chaos`: the built hoist under injected failed and lost answers and under
/// kill -9, each run followed by a clean one and counted with boto3.
@Suite("Chaos, quick form")
struct ChaosTests {
    @Test("deploy and destroy under faults and kill -9 converge, with no duplicate, no orphan, every file whole, no temp file left")
    func quick() async throws {
        let output = try await PythonScript.run("scripts/chaos.py", arguments: ["--seeds", "2", "--kills", "2", "--hoist", HoistBinary.path])
        let summary = output.split(separator: "\n").last.map(String.init) ?? ""
        #expect(summary.hasPrefix("chaos: 4/4 converged, 0 duplicates, 0 orphans, 4/4 with valid files, 0 temp files left"), "\(output)")
    }
}
