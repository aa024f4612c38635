import CZlib

/// Raw deflate (RFC 1951, no zlib header: zip stores bare deflate streams) and CRC-32, on the system zlib.
enum Deflate {
    /// zip's window: the largest, so each chunk may refer back the full 32 KiB into the one before it.
    static let windowSize = 32 * 1024

    /// Compresses `input` as one piece of a larger stream: primed with `dictionary` (the 32 KiB before it),
    /// ended with a sync flush (byte-aligned, not final) unless it is the last piece, which finishes the
    /// stream. Pieces made this way concatenate into one valid deflate stream (the pigz technique).
    static func compress(_ input: ArraySlice<UInt8>, dictionary: ArraySlice<UInt8>, isLast: Bool, level: Int32) throws(ZipError) -> [UInt8] {
        var stream = z_stream()
        // deflateInit2 is a C macro; its function takes the version and struct size so zlib can check them.
        var status = deflateInit2_(&stream, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else { throw .zlib(operation: "deflateInit2", code: status) }
        defer { deflateEnd(&stream) }
        if !dictionary.isEmpty {
            status = dictionary.withUnsafeBufferPointer { deflateSetDictionary(&stream, $0.baseAddress, uInt($0.count)) }
            guard status == Z_OK else { throw .zlib(operation: "deflateSetDictionary", code: status) }
        }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(input.count))) + 16)
        let flush = isLast ? Z_FINISH : Z_SYNC_FLUSH
        let produced: Int = input.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { destination in
                stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
                stream.avail_in = uInt(source.count)
                stream.next_out = destination.baseAddress
                stream.avail_out = uInt(destination.count)
                status = deflate(&stream, flush)
                return destination.count - Int(stream.avail_out)
            }
        }
        guard status == (isLast ? Z_STREAM_END : Z_OK), stream.avail_in == 0 else { throw .zlib(operation: "deflate", code: status) }
        output.removeLast(output.count - produced)
        return output
    }

    static func crc32(_ input: ArraySlice<UInt8>) -> UInt32 {
        input.withUnsafeBufferPointer { UInt32(CZlib.crc32(0, $0.baseAddress, uInt($0.count))) }
    }

    /// The CRC of two pieces joined, from the CRCs of each, so pieces can be checked in parallel.
    static func crc32Combine(_ first: UInt32, _ second: UInt32, secondLength: Int) -> UInt32 {
        UInt32(crc32_combine(uLong(first), uLong(second), off_t(secondLength)))
    }
}
