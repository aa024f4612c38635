enum Hex {
    private static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Lower-case hex, as every hash and signature in SigV4 is written.
    @inline(__always)
    static func encode<S: Sequence<UInt8>>(_ bytes: S, into output: inout [UInt8]) {
        for byte in bytes {
            output.append(digits[Int(byte >> 4)])
            output.append(digits[Int(byte & 0x0F)])
        }
    }

    static func string<S: Sequence<UInt8>>(_ bytes: S) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(64)
        encode(bytes, into: &output)
        return String(decoding: output, as: UTF8.self)
    }
}
