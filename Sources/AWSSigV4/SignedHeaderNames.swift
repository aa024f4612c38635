#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The signed headers of a request in canonical order: names lower-cased once into scratch memory and sorted
/// there, so sorting, spotting repeated names and writing each name are plain byte-range operations instead
/// of walks over `String.UTF8View`.
enum SignedHeaderNames {
    /// Headers a proxy or HTTP library may add, drop or rewrite, so signing them would break requests in
    /// transit. The list is botocore's (`SIGNED_HEADERS_BLACKLIST`), plus `authorization` itself.
    static let unsignedHeaders: [StaticString] = [
        "authorization", "connection", "expect", "keep-alive", "proxy-authenticate", "proxy-authorization", "te",
        "trailer", "transfer-encoding", "upgrade", "user-agent", "x-amzn-trace-id",
    ]

    /// Where a signed header's lower-cased name sits in the scratch names, and which header it is.
    struct Slot {
        var start: Int
        var length: Int
        var index: Int

        func name(in names: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
            UnsafeRawBufferPointer(rebasing: names[start..<(start + length)])
        }

        func hasName(_ other: Slot, in names: UnsafeRawBufferPointer) -> Bool {
            length == other.length && memcmp(names.baseAddress! + start, names.baseAddress! + other.start, length) == 0
        }

        func hasName(_ lowercased: StaticString, in names: UnsafeRawBufferPointer) -> Bool {
            length == lowercased.utf8CodeUnitCount && memcmp(names.baseAddress! + start, lowercased.utf8Start, length) == 0
        }

        func precedes(_ other: Slot, in names: UnsafeRawBufferPointer) -> Bool {
            let order = memcmp(names.baseAddress! + start, names.baseAddress! + other.start, min(length, other.length))
            return order == 0 ? length < other.length : order < 0
        }
    }

    /// Bytes the lower-cased names need.
    static func nameCapacity(_ headers: [(name: String, value: String)]) -> Int {
        var total = 0
        for header in headers { total += header.name.utf8.count }
        return total
    }

    /// Fills `slots` with the signed headers sorted by lower-cased name and returns them. Insertion sort:
    /// requests carry a handful of headers, and it is stable, so repeated names keep the order they were sent in.
    static func sort(_ headers: [(name: String, value: String)], names: UnsafeMutableRawBufferPointer, slots: UnsafeMutableBufferPointer<Slot>) -> UnsafeBufferPointer<Slot> {
        var used = 0
        var count = 0
        let written = UnsafeRawBufferPointer(names)
        // Through the array's buffer: reading an element's name there borrows it instead of retaining it.
        headers.withUnsafeBufferPointer { headers in
        for index in headers.indices {
            let length = headers[index].name.withUTF8Bytes { bytes in
                precondition(bytes.count <= names.count - used, "SignedHeaderNames overrun")
                for (offset, byte) in bytes.enumerated() { names[used + offset] = ASCII.lower(byte) }
                return bytes.count
            }
            let slot = Slot(start: used, length: length, index: index)
            if isUnsigned(slot.name(in: written)) { continue }
            used += length
            var position = count
            while position > 0, slot.precedes(slots[position - 1], in: written) {
                slots[position] = slots[position - 1]
                position -= 1
            }
            slots[position] = slot
            count += 1
        }
        }
        return UnsafeBufferPointer(rebasing: slots[..<count])
    }

    /// Whether a lower-cased header name is one of `unsignedHeaders`; most are ruled out by their length alone.
    @inline(__always)
    private static func isUnsigned(_ name: UnsafeRawBufferPointer) -> Bool {
        switch name.count {
        case 2, 6, 7, 10, 13, 15, 17, 18, 19:
            unsignedHeaders.contains { unsigned in
                unsigned.utf8CodeUnitCount == name.count && memcmp(unsigned.utf8Start, name.baseAddress!, name.count) == 0
            }
        default: false
        }
    }
}
