import Foundation
import Testing

/// Compares `text` with the golden file `Golden/<name>` beside the test file that calls it. With
/// `HOIST_RECORD_GOLDEN=1` in the environment the file is written instead and the check fails, so a recording
/// run is never mistaken for a passing one (argument-parser's `assertSnapshot` works the same way).
package func expectGolden(_ text: String, _ name: String, filePath: String = #filePath, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let file = URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("Golden").appendingPathComponent(name)
    if ProcessInfo.processInfo.environment["HOIST_RECORD_GOLDEN"] == "1" {
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: file, atomically: true, encoding: .utf8)
        Issue.record("recorded \(file.path); run again without HOIST_RECORD_GOLDEN to check it", sourceLocation: sourceLocation)
        return
    }
    guard let golden = try? String(contentsOf: file, encoding: .utf8) else {
        Issue.record("no golden file \(file.path); record it with HOIST_RECORD_GOLDEN=1", sourceLocation: sourceLocation)
        return
    }
    #expect(text == golden, "differs from \(file.lastPathComponent); if the change is meant, record it with HOIST_RECORD_GOLDEN=1", sourceLocation: sourceLocation)
}
