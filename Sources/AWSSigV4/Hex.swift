import Crypto
import FoundationEssentials

enum Hex {
    private static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Lower-case hex, as every hash and signature in SigV4 is written. Digests are read through their raw
    /// bytes: iterating a swift-crypto digest as a sequence copies it into an array first.
    @inline(__always)
    static func encode(_ digest: some ContiguousBytes, into output: inout [UInt8]) {
        digest.withUnsafeBytes { bytes in
            for byte in bytes {
                output.append(digits[Int(byte >> 4)])
                output.append(digits[Int(byte & 0x0F)])
            }
        }
    }

    /// Hex of a digest, written straight into the string's storage.
    static func string(_ digest: some ContiguousBytes) -> String {
        digest.withUnsafeBytes { bytes in
            String(unsafeUninitializedCapacity: bytes.count * 2) { buffer in
                for (index, byte) in bytes.enumerated() {
                    buffer[2 * index] = digits[Int(byte >> 4)]
                    buffer[2 * index + 1] = digits[Int(byte & 0x0F)]
                }
                return bytes.count * 2
            }
        }
    }
}
