/// One heap block for everything a signature writes: the canonical request, the signed header names, the
/// string to sign, the hex signature, and the lower-cased header names with their sort order.
///
/// Signing runs on every request; one allocation sized from the request replaces the dozen array growths
/// of building these texts piece by piece. (A closure-scoped stack allocation measured slower: the generic
/// closure costs more than one `malloc`.) Every writer traps rather than write past its region.
struct SigningScratch {
    var canonicalRequest: ByteWriter
    var signedHeaders: ByteWriter
    var stringToSign: ByteWriter
    var signature: ByteWriter
    let names: UnsafeMutableRawBufferPointer
    let slots: UnsafeMutableBufferPointer<SignedHeaderNames.Slot>
    private let block: UnsafeMutableRawPointer

    /// - Parameters:
    ///   - headerCount: how many headers the request has.
    ///   - nameBytes: the UTF-8 length of all their names (`SignedHeaderNames.nameCapacity`).
    init(canonicalRequest: Int, stringToSign: Int, headerCount: Int, nameBytes: Int) {
        let slotBytes = headerCount * MemoryLayout<SignedHeaderNames.Slot>.stride
        let total = slotBytes + canonicalRequest + nameBytes + headerCount + stringToSign + 64 + nameBytes
        block = UnsafeMutableRawPointer.allocate(byteCount: total, alignment: MemoryLayout<SignedHeaderNames.Slot>.alignment)
        slots = UnsafeMutableBufferPointer(start: block.bindMemory(to: SignedHeaderNames.Slot.self, capacity: headerCount), count: headerCount)
        let bytes = (block + slotBytes).bindMemory(to: UInt8.self, capacity: total - slotBytes)
        var offset = 0
        func region(_ count: Int) -> UnsafeMutableBufferPointer<UInt8> {
            defer { offset += count }
            return UnsafeMutableBufferPointer(start: bytes + offset, count: count)
        }
        self.canonicalRequest = ByteWriter(region(canonicalRequest))
        signedHeaders = ByteWriter(region(nameBytes + headerCount))
        self.stringToSign = ByteWriter(region(stringToSign))
        signature = ByteWriter(region(64))
        names = UnsafeMutableRawBufferPointer(region(nameBytes))
    }

    func deallocate() {
        block.deallocate()
    }
}
