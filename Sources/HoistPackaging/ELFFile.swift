/// What hoist checks in the built `bootstrap` before zipping it: the CPU it is for, and whether (and on which
/// glibc) it depends on a dynamic loader. Amazon Linux 2023 has glibc 2.34; a binary that needs a newer
/// symbol version fails at start with a message Lambda users rarely see.
package struct ELFFile: Sendable, Equatable {
    package enum Machine: Sendable, Equatable, CustomStringConvertible {
        case x86_64
        case aarch64
        case other(UInt16)

        package var description: String {
            switch self {
            case .x86_64: "x86_64"
            case .aarch64: "arm64"
            case .other(let value): "ELF machine \(value)"
            }
        }
    }

    package var machine: Machine
    /// Whether a program interpreter (dynamic loader) is named: `false` for a static executable.
    package var isDynamic: Bool
    /// Each glibc symbol version needed, with one symbol that needs it (`GLIBC_2.35` → `__libc_start_main`).
    package var glibcRequirements: [String: String]

    package enum ParseError: Error, Equatable, CustomStringConvertible {
        case notELF
        case unsupported(String)
        case truncated

        package var description: String {
            switch self {
            case .notELF: "not an ELF file"
            case .unsupported(let what): "unsupported ELF: \(what)"
            case .truncated: "the ELF file is truncated"
            }
        }
    }

    package init(bytes: [UInt8]) throws(ParseError) {
        guard bytes.count >= 64, bytes[0] == 0x7F, bytes[1] == 0x45, bytes[2] == 0x4C, bytes[3] == 0x46 else { throw .notELF }
        guard bytes[4] == 2 else { throw .unsupported("32-bit") }
        guard bytes[5] == 1 else { throw .unsupported("big-endian") }
        let reader = Reader(bytes: bytes)
        let machineCode = try reader.u16(18)
        machine = machineCode == 62 ? .x86_64 : machineCode == 183 ? .aarch64 : .other(machineCode)

        let programHeaders = Int(try reader.u64(32))
        let programHeaderSize = Int(try reader.u16(54))
        let programHeaderCount = Int(try reader.u16(56))
        var interpreter = false
        for index in 0..<programHeaderCount where try reader.u32(programHeaders + index * programHeaderSize) == 3 {  // PT_INTERP
            interpreter = true
        }
        isDynamic = interpreter

        // Section headers: find .gnu.version_r (needed versions), .gnu.version (per-symbol) and .dynsym.
        let sectionHeaders = Int(try reader.u64(40))
        let sectionHeaderSize = Int(try reader.u16(58))
        let sectionCount = Int(try reader.u16(60))
        struct Section {
            var type: UInt32
            var offset: Int
            var size: Int
            var link: Int
            var info: Int
            var entrySize: Int
        }
        var sections: [Section] = []
        for index in 0..<sectionCount {
            let base = sectionHeaders + index * sectionHeaderSize
            sections.append(
                Section(
                    type: try reader.u32(base + 4), offset: Int(try reader.u64(base + 24)), size: Int(try reader.u64(base + 32)),
                    link: Int(try reader.u32(base + 40)), info: Int(try reader.u32(base + 44)), entrySize: Int(try reader.u64(base + 56))))
        }
        var versionNames: [UInt16: String] = [:]
        if let needed = sections.first(where: { $0.type == 0x6FFF_FFFE }), needed.link < sections.count {  // SHT_GNU_verneed
            let strings = sections[needed.link]
            var entry = needed.offset
            for _ in 0..<needed.info {
                let auxCount = Int(try reader.u16(entry + 2))
                var aux = entry + Int(try reader.u32(entry + 8))
                for _ in 0..<auxCount {
                    let other = try reader.u16(aux + 6) & 0x7FFF
                    versionNames[other] = try reader.string(strings.offset + Int(try reader.u32(aux + 8)))
                    aux += Int(try reader.u32(aux + 12))
                }
                entry += Int(try reader.u32(entry + 12))
            }
        }
        var requirements: [String: String] = [:]
        for name in versionNames.values where name.hasPrefix("GLIBC_") { requirements[name] = "" }
        if let versions = sections.first(where: { $0.type == 0x6FFF_FFFF }),  // SHT_GNU_versym
            let symbols = sections.first(where: { $0.type == 11 }), symbols.link < sections.count, symbols.entrySize > 0  // SHT_DYNSYM
        {
            let strings = sections[symbols.link]
            for index in 0..<(symbols.size / symbols.entrySize) {
                let version = try reader.u16(versions.offset + index * 2) & 0x7FFF
                guard let name = versionNames[version], name.hasPrefix("GLIBC_"), requirements[name]?.isEmpty == true else { continue }
                requirements[name] = try reader.string(strings.offset + Int(try reader.u32(symbols.offset + index * symbols.entrySize)))
            }
        }
        glibcRequirements = requirements
    }

    /// The glibc versions above `limit` (like `2.34`), newest first, each with a symbol that needs it.
    package func glibcRequirements(above limit: (Int, Int)) -> [(version: String, symbol: String)] {
        glibcRequirements.compactMap { name, symbol -> (version: String, symbol: String, key: (Int, Int))? in
            let parts = name.dropFirst("GLIBC_".count).split(separator: ".").compactMap { Int($0) }
            guard parts.count >= 2 else { return nil }
            let key = (parts[0], parts[1])
            return key > limit ? (name, symbol, key) : nil
        }
        .sorted { $0.key > $1.key }
        .map { ($0.version, $0.symbol) }
    }

    private struct Reader {
        let bytes: [UInt8]

        func check(_ offset: Int, _ count: Int) throws(ParseError) {
            guard offset >= 0, offset + count <= bytes.count else { throw .truncated }
        }
        func u16(_ offset: Int) throws(ParseError) -> UInt16 {
            try check(offset, 2)
            return UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
        }
        func u32(_ offset: Int) throws(ParseError) -> UInt32 {
            try check(offset, 4)
            return (0..<4).reduce(0) { $0 | UInt32(bytes[offset + $1]) << (8 * UInt32($1)) }
        }
        func u64(_ offset: Int) throws(ParseError) -> UInt64 {
            try check(offset, 8)
            return (0..<8).reduce(0) { $0 | UInt64(bytes[offset + $1]) << (8 * UInt64($1)) }
        }
        func string(_ offset: Int) throws(ParseError) -> String {
            try check(offset, 1)
            guard let end = bytes[offset...].firstIndex(of: 0) else { throw .truncated }
            return String(decoding: bytes[offset..<end], as: UTF8.self)
        }
    }
}
