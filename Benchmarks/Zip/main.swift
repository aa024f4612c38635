import Foundation
import HoistZip

// Zips one file as `bootstrap` (mode 0755) with hoist's writer, `runs` times, and prints the best wall time
// and the size as JSON. scripts/bench-zip runs it beside Info-ZIP and Python's zipfile.

let arguments = CommandLine.arguments
guard arguments.count >= 2, let contents = FileManager.default.contents(atPath: arguments[1]) else {
    print("usage: hoist-bench-zip FILE [LEVEL] [RUNS] [OUTPUT]")
    exit(64)
}
let level = Int32(arguments.count > 2 ? arguments[2] : "6") ?? 6
let runs = Int(arguments.count > 3 ? arguments[3] : "5") ?? 5
let entries = [ZipEntry(path: "bootstrap", contents: Array(contents), mode: 0o755)]
let clock = ContinuousClock()
var best = Duration.seconds(1_000_000)
var size = 0
for _ in 0..<runs {
    let start = clock.now
    let zip = try await ZipWriter(level: level).archive(entries)
    // The write is part of the job, as it is for the peers.
    try Data(zip).write(to: URL(fileURLWithPath: arguments.count > 4 ? arguments[4] : "/dev/null"))
    best = min(best, clock.now - start)
    size = zip.count
}
let seconds = Double(best.components.seconds) + Double(best.components.attoseconds) / 1e18
print(#"{"seconds": \#(seconds), "size": \#(size)}"#)
