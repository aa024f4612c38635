/// Byte-level helpers for header names, which are ASCII: comparing and lowering them without building
/// new strings keeps signing free of per-header allocations.
enum ASCII {
    @inline(__always)
    static func lower(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
    }

    /// `lhs` equals `rhs` ignoring ASCII case; `rhs` must already be lower-case.
    @inline(__always)
    static func equalsLowercased(_ lhs: String, _ rhs: StaticString) -> Bool {
        let left = lhs.utf8
        guard left.count == rhs.utf8CodeUnitCount else { return false }
        return rhs.withUTF8Buffer { right in
            var index = 0
            for byte in left {
                if lower(byte) != right[index] { return false }
                index += 1
            }
            return true
        }
    }

    @inline(__always)
    static func equalIgnoringCase(_ lhs: String, _ rhs: String) -> Bool {
        guard lhs.utf8.count == rhs.utf8.count else { return false }
        return lhs.utf8.elementsEqual(rhs.utf8) { lower($0) == lower($1) }
    }
}
