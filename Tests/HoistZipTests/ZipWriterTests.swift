import Crypto
import Foundation
import HoistTestSupport
import HoistZip
import Subprocess
import Testing

#if canImport(System)
import System
#else
import SystemPackage
#endif

@Suite("Zip writer, checked by unzip, zipinfo and Python's zipfile")
struct ZipWriterTests {
    struct Checked: Decodable {
        struct Entry: Decodable {
            var name: String
            var size: Int
            var sha256: String
            var mode: Int
            var method: Int
            var createSystem: Int
            var dateTime: [Int]
        }
        var firstBadFile: String?
        var entries: [Entry]
    }

    /// Pseudo-random bytes from a seed, so the incompressible case is the same every run.
    static func noise(count: Int, seed: UInt64) -> [UInt8] {
        var state = seed
        var bytes = [UInt8](repeating: 0, count: count)
        for index in bytes.indices {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            bytes[index] = UInt8(truncatingIfNeeded: state >> 33)
        }
        return bytes
    }

    /// About 100 MB of text-like data: a 64 KiB block of words with noise, repeated with a changing counter.
    static let large: [UInt8] = {
        let words = Array("function bootstrap lambda swift runtime invocation response request table item ".utf8)
        var block: [UInt8] = []
        let noise = Self.noise(count: 4096, seed: 7)
        while block.count < 65_536 { block += words + noise[(block.count % 4000)..<(block.count % 4000 + 16)] }
        var data: [UInt8] = []
        data.reserveCapacity(100 * 1_048_576 + 65_536)
        var counter = 0
        while data.count < 100 * 1_048_576 {
            data += block
            data += Array(String(counter).utf8)
            counter += 1
        }
        return data
    }()

    static func sha256(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    func write(_ entries: [ZipEntry], in directory: URL, name: String = "test.zip", level: Int32 = ZipWriter.defaultLevel) async throws -> URL {
        let bytes = try await ZipWriter(level: level).archive(entries)
        let url = directory.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url
    }

    func tool(_ name: String, _ arguments: [String]) async throws -> (status: Int32, output: String) {
        let result = try await Subprocess.run(.name(name), arguments: Arguments(arguments), output: .string(limit: 16 << 20), error: .string(limit: 1 << 20))
        guard case .exited(let code) = result.terminationStatus else { return (-1, result.standardError) }
        return (code, result.standardOutput + result.standardError)
    }

    func check(_ url: URL, against entries: [ZipEntry]) async throws {
        let unzip = try await tool("unzip", ["-t", url.path])
        #expect(unzip.status == 0, "\(unzip.output)")
        #expect(unzip.output.contains("No errors detected"))
        let output = try await PythonScript.run("Tests/HoistZipTests/zip_check.py", arguments: [url.path])
        let checked = try JSONDecoder().decode(Checked.self, from: Data(output.utf8))
        #expect(checked.firstBadFile == nil)
        let expected = entries.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        #expect(checked.entries.map(\.name) == expected.map(\.path))
        for (entry, read) in zip(expected, checked.entries) {
            #expect(read.size == entry.contents.count)
            #expect(read.sha256 == Self.sha256(entry.contents), "\(entry.path)")
            #expect(read.mode == 0o100000 | Int(entry.mode))
            #expect(read.createSystem == 3)
            #expect(read.dateTime == [1980, 1, 1, 0, 0, 0])
        }
    }

    @Test("empty, one-byte, incompressible and executable files read back intact, bootstrap as -rwxr-xr-x")
    func smallFiles() async throws {
        try await withTemporaryDirectory { directory in
            let entries = [
                ZipEntry(path: "bootstrap", contents: Array(repeating: 0x90, count: 300_000) + Self.noise(count: 5000, seed: 1), mode: 0o755),
                ZipEntry(path: "empty.txt", contents: []),
                ZipEntry(path: "one.bin", contents: [42]),
                ZipEntry(path: "noise.bin", contents: Self.noise(count: 700_000, seed: 2)),
                ZipEntry(path: "config/settings.json", contents: Array(#"{"table":"items"}"#.utf8)),
                ZipEntry(path: "données/é.txt", contents: Array("unicode name".utf8)),
            ]
            let url = try await write(entries, in: directory)
            try await check(url, against: entries)
            let zipinfo = try await tool("zipinfo", [url.path, "bootstrap"])
            #expect(zipinfo.output.hasPrefix("-rwxr-xr-x"), "\(zipinfo.output)")
            let noise = try await tool("zipinfo", [url.path, "noise.bin"])
            #expect(noise.output.contains(" stor "), "incompressible data is stored: \(noise.output)")
        }
    }

    @Test("a 100 MB file, deflated in parallel chunks, is one valid stream with one CRC")
    func largeFile() async throws {
        try await withTemporaryDirectory { directory in
            let entries = [ZipEntry(path: "large.txt", contents: Self.large)]
            let url = try await write(entries, in: directory)
            try await check(url, against: entries)
            let size = try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int ?? 0
            #expect(size < Self.large.count / 4)
        }
    }

    @Test("many files")
    func manyFiles() async throws {
        try await withTemporaryDirectory { directory in
            let entries = (0..<2000).map { ZipEntry(path: "dir\($0 % 7)/file-\($0).txt", contents: Array("content \($0)\n".utf8)) }
            try await check(try await write(entries, in: directory), against: entries)
        }
    }

    @Test("the same files give the same bytes, whatever their order")
    func deterministic() async throws {
        let entries = [
            ZipEntry(path: "bootstrap", contents: Self.noise(count: 600_000, seed: 3).map { $0 & 0x0F }, mode: 0o755),
            ZipEntry(path: "a.txt", contents: Array("a".utf8)),
        ]
        let first = try await ZipWriter().archive(entries)
        let second = try await ZipWriter().archive(entries.reversed())
        #expect(first == second)
        var changed = entries
        changed[1].contents = Array("b".utf8)
        #expect(try await ZipWriter().archive(changed) != first)
    }

    @Test("bad entry names and duplicates are refused by name")
    func badEntries() async {
        await #expect(throws: ZipError.duplicatePath("a")) { try await ZipWriter().archive([ZipEntry(path: "a", contents: []), ZipEntry(path: "a", contents: [1])]) }
        await #expect(throws: ZipError.invalidPath("../etc/passwd")) { try await ZipWriter().archive([ZipEntry(path: "../etc/passwd", contents: [])]) }
        await #expect(throws: ZipError.invalidPath("/abs")) { try await ZipWriter().archive([ZipEntry(path: "/abs", contents: [])]) }
    }
}
