/// Writes deterministic zip archives: the same files give the same bytes, on any machine, at any time.
///
/// Lambda reports `CodeSha256` of the uploaded zip, and hoist skips an upload when it matches, so nothing
/// host- or time-dependent may leak in: entries are sorted by path, every timestamp is 1980-01-01 00:00 (the
/// DOS epoch), there are no extra fields, and chunking does not depend on the number of cores. Large files
/// are deflated in independent chunks across cores and joined into one stream (pigz's technique).
package struct ZipWriter: Sendable {
    /// zlib level 1–9; 0 stores.
    package var level: Int32
    /// Bytes per parallel deflate chunk; part of the output's identity, so it is fixed, not tuned per host.
    package var chunkSize: Int

    package static let defaultLevel: Int32 = 6
    package static let defaultChunkSize = 256 * 1024

    package init(level: Int32 = ZipWriter.defaultLevel, chunkSize: Int = ZipWriter.defaultChunkSize) {
        self.level = level
        self.chunkSize = chunkSize
    }

    /// A compressed entry, ready to be laid out.
    struct Packed: Sendable {
        var entry: ZipEntry
        var method: UInt16
        var crc: UInt32
        var data: [UInt8]
    }

    /// Throws `ZipError`, or `CancellationError` when the task is cancelled mid-way.
    package func archive(_ entries: [ZipEntry]) async throws -> [UInt8] {
        let sorted = entries.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        for (index, entry) in sorted.enumerated() {
            if index > 0, sorted[index - 1].path == entry.path { throw ZipError.duplicatePath(entry.path) }
            if entry.path.isEmpty || entry.path.hasPrefix("/") || entry.path.split(separator: "/").contains("..") { throw ZipError.invalidPath(entry.path) }
            if entry.contents.count > Int(UInt32.max) { throw ZipError.tooLarge("'\(entry.path)'") }
        }
        guard sorted.count < 0xFFFF else { throw ZipError.tooLarge("\(sorted.count) files") }
        var packed: [Packed] = []
        packed.reserveCapacity(sorted.count)
        for entry in sorted { packed.append(try await pack(entry)) }
        return try layout(packed)
    }

    func pack(_ entry: ZipEntry) async throws -> Packed {
        let contents = entry.contents
        guard level > 0, !contents.isEmpty else {
            return Packed(entry: entry, method: 0, crc: Deflate.crc32(contents[...]), data: contents)
        }
        let starts = Array(stride(from: 0, to: contents.count, by: chunkSize))
        let level = level
        let chunkSize = chunkSize
        let pieces = try await withThrowingTaskGroup(of: (Int, [UInt8], UInt32).self) { group in
                for (index, start) in starts.enumerated() {
                    group.addTask {
                        let end = min(start + chunkSize, contents.count)
                        let chunk = contents[start..<end]
                        let dictionary = contents[max(0, start - Deflate.windowSize)..<start]
                        let deflated = try Deflate.compress(chunk, dictionary: dictionary, isLast: end == contents.count, level: level)
                        return (index, deflated, Deflate.crc32(chunk))
                    }
                }
                var results = [(deflated: [UInt8], crc: UInt32)](repeating: ([], 0), count: starts.count)
                for try await (index, deflated, crc) in group { results[index] = (deflated, crc) }
                return results
            }
        var crc = pieces[0].crc
        for (index, piece) in pieces.enumerated().dropFirst() {
            crc = Deflate.crc32Combine(crc, piece.crc, secondLength: min(chunkSize, contents.count - starts[index]))
        }
        let deflatedSize = pieces.reduce(0) { $0 + $1.deflated.count }
        // Incompressible data is stored: deflate would only make it larger.
        guard deflatedSize < contents.count else { return Packed(entry: entry, method: 0, crc: crc, data: contents) }
        var data: [UInt8] = []
        data.reserveCapacity(deflatedSize)
        for piece in pieces { data.append(contentsOf: piece.deflated) }
        return Packed(entry: entry, method: 8, crc: crc, data: data)
    }

    /// Local headers and data, then the central directory, then its end record (APPNOTE.TXT 4.3).
    func layout(_ packed: [Packed]) throws(ZipError) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(packed.reduce(0) { $0 + $1.data.count + 2 * (46 + $1.entry.path.utf8.count) } + 22)
        var offsets: [UInt32] = []
        for item in packed {
            guard output.count <= Int(UInt32.max) else { throw .tooLarge("the archive") }
            offsets.append(UInt32(output.count))
            output.append(le32: 0x0403_4B50)
            output.append(le16: 20)
            appendCommonFields(item, to: &output)
            output.append(le16: 0)
            output.append(contentsOf: item.entry.path.utf8)
            output.append(contentsOf: item.data)
        }
        guard output.count <= Int(UInt32.max) else { throw .tooLarge("the archive") }
        let directoryStart = output.count
        for (item, offset) in zip(packed, offsets) {
            output.append(le32: 0x0201_4B50)
            output.append(le16: 0x0314)  // made by: Unix (3), spec 2.0, so readers honour the mode bits
            output.append(le16: 20)
            appendCommonFields(item, to: &output)
            output.append(le16: 0)  // extra field length
            output.append(le16: 0)  // comment length
            output.append(le16: 0)  // disk number
            output.append(le16: 0)  // internal attributes
            output.append(le32: (UInt32(0o100000) | UInt32(item.entry.mode & 0o7777)) << 16)  // S_IFREG | mode
            output.append(le32: offset)
            output.append(contentsOf: item.entry.path.utf8)
        }
        let directorySize = output.count - directoryStart
        guard output.count <= Int(UInt32.max) else { throw .tooLarge("the archive") }
        output.append(le32: 0x0605_4B50)
        output.append(le16: 0)
        output.append(le16: 0)
        output.append(le16: UInt16(packed.count))
        output.append(le16: UInt16(packed.count))
        output.append(le32: UInt32(directorySize))
        output.append(le32: UInt32(directoryStart))
        output.append(le16: 0)
        return output
    }

    /// Flags through name length, shared by local and central headers.
    private func appendCommonFields(_ item: Packed, to output: inout [UInt8]) {
        output.append(le16: item.entry.path.utf8.contains { $0 >= 0x80 } ? 0x0800 : 0)  // bit 11: the name is UTF-8
        output.append(le16: item.method)
        output.append(le16: 0)  // time 00:00:00
        output.append(le16: 0x0021)  // date 1980-01-01
        output.append(le32: item.crc)
        output.append(le32: UInt32(item.data.count))
        output.append(le32: UInt32(item.entry.contents.count))
        output.append(le16: UInt16(item.entry.path.utf8.count))
    }
}

extension [UInt8] {
    fileprivate mutating func append(le16 value: UInt16) {
        append(UInt8(truncatingIfNeeded: value))
        append(UInt8(truncatingIfNeeded: value >> 8))
    }

    fileprivate mutating func append(le32 value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }
}
