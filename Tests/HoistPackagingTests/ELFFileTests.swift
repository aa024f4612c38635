import Foundation
import HoistPackaging
import HoistTestSupport
import Testing

@Suite("ELF checks")
struct ELFFileTests {
    /// The test runner itself: a dynamic x86-64 executable linked on this machine (glibc 2.36).
    static var dynamicBinary: [UInt8] {
        get throws { Array(try Data(contentsOf: URL(fileURLWithPath: "/proc/self/exe"))) }
    }

    let packager = FunctionPackager(packageRoot: Repository.root, outputDirectory: FileManager.default.temporaryDirectory)

    @Test("a dynamic binary built here needs glibc newer than 2.34, and the error names a symbol")
    func glibcTooNew() throws {
        let elf = try ELFFile(bytes: try Self.dynamicBinary)
        #expect(elf.machine == .x86_64)
        #expect(elf.isDynamic)
        let newest = try #require(elf.glibcRequirements(above: (2, 34)).first)
        #expect(!newest.symbol.isEmpty)
        #expect(throws: PackagingError.self) { try packager.check(try Self.dynamicBinary, path: "runner") }
        do {
            try packager.check(try Self.dynamicBinary, path: "runner")
        } catch {
            #expect("\(error)".contains("needs \(newest.version) (symbol '\(newest.symbol)')"))
        }
    }

    @Test("another CPU is refused by name")
    func wrongMachine() throws {
        var bytes = try Self.dynamicBinary
        bytes[18] = 183
        bytes[19] = 0
        #expect(try ELFFile(bytes: bytes).machine == .aarch64)
        do {
            try packager.check(bytes, path: "runner")
            Issue.record("an arm64 binary passed an x86_64 check")
        } catch {
            #expect("\(error)" == "the built bootstrap is for arm64, but the function is configured for x86_64; fix the architecture setting or the toolchain")
        }
    }

    @Test("what is not ELF is said to be so")
    func notELF() {
        #expect(throws: ELFFile.ParseError.notELF) { try ELFFile(bytes: Array("#!/bin/sh\necho hi\n".utf8) + [UInt8](repeating: 0, count: 64)) }
    }
}
