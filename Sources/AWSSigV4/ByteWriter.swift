/// Appends bytes into memory sized up front.
///
/// Signing builds three short texts per request; writing them through a pointer into one temporary
/// allocation avoids the uniqueness check and growth test that `[UInt8].append` pays on every byte, which
/// was most of the signer's time. Each caller computes a bound for what it writes; overrunning it traps.
struct ByteWriter {
    private let base: UnsafeMutablePointer<UInt8>
    private let capacity: Int
    private(set) var count = 0

    init(_ buffer: UnsafeMutableBufferPointer<UInt8>) {
        // A zero-capacity buffer may have no address; give it one that is never written through.
        base = buffer.baseAddress ?? UnsafeMutablePointer(bitPattern: 1)!
        capacity = buffer.count
    }

    /// What has been written so far.
    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        precondition(count < capacity, "ByteWriter overrun")
        base[count] = byte
        count += 1
    }

    @inline(__always)
    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        precondition(bytes.count <= capacity - count, "ByteWriter overrun")
        if let source = bytes.baseAddress {
            UnsafeMutableRawPointer(base + count).copyMemory(from: source, byteCount: bytes.count)
        }
        count += bytes.count
    }

    @inline(__always)
    mutating func append(_ string: String) {
        string.withUTF8Bytes { append(UnsafeRawBufferPointer($0)) }
    }

    /// Lower-case hex, as every hash and signature in SigV4 is written.
    @inline(__always)
    mutating func appendHex(_ raw: UnsafeRawBufferPointer) {
        precondition(2 * raw.count <= capacity - count, "ByteWriter overrun")
        // A local cursor: stores through `base` could alias `count`, which would keep it out of a register.
        let output = base + count
        for (index, byte) in raw.enumerated() {
            output[2 * index] = Self.hexDigit(byte >> 4)
            output[2 * index + 1] = Self.hexDigit(byte & 0x0F)
        }
        count += 2 * raw.count
    }

    /// Lower-case hex of a digest.
    @inline(__always)
    mutating func appendHex(_ digest: SHA256Bytes) {
        digest.withUnsafeBytes { appendHex($0) }
    }

    @inline(__always)
    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? nibble &+ 48 : nibble &+ 87
    }
}

extension String {
    /// Runs `body` over the string's UTF-8 without copying when its storage is contiguous (native strings are).
    @inline(__always)
    func withUTF8Bytes<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let result = utf8.withContiguousStorageIfAvailable(body) { return result }
        return Array(utf8).withUnsafeBufferPointer(body)
    }

    /// A string of at most `capacity` UTF-8 bytes written through a `ByteWriter`.
    init(writingAtMost capacity: Int, _ write: (inout ByteWriter) -> Void) {
        self.init(unsafeUninitializedCapacity: Swift.max(capacity, 1)) { buffer in
            var writer = ByteWriter(buffer)
            write(&writer)
            return writer.count
        }
    }
}

extension Array where Element == UInt8 {
    /// An array of at most `capacity` bytes written through a `ByteWriter`.
    init(writingAtMost capacity: Int, _ write: (inout ByteWriter) -> Void) {
        self.init(unsafeUninitializedCapacity: capacity) { buffer, initialized in
            var writer = ByteWriter(buffer)
            write(&writer)
            initialized = writer.count
        }
    }
}
