@testable import AWSSigV4
import Crypto
import Testing

/// The signer hashes through swift-crypto's C module rather than its `SHA256` type; these tests hold the two
/// to the same answers, so a change underneath fails here before it can produce a wrong signature.
@Suite("SHA-256 hasher")
struct SHA256HasherTests {
    private static func hex(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    private static func hex(_ digest: SHA256Bytes) -> String {
        digest.withUnsafeBytes { hex($0) }
    }

    private static func reference(_ bytes: [UInt8]) -> String {
        hex(SHA256.hash(data: bytes))
    }

    @Test("FIPS 180-2 vectors")
    func vectors() {
        let cases = [
            ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        ]
        for (text, expected) in cases {
            #expect(Self.hex(Array(text.utf8).withUnsafeBytes { SHA256Hasher.hash($0) }) == expected, "\(text)")
        }
    }

    @Test("Agrees with swift-crypto's SHA256 across block boundaries, whole and in pieces")
    func agreesWithSwiftCrypto() {
        var generator = SystemRandomNumberGenerator()
        for length in 0...300 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let expected = Self.reference(bytes)
            #expect(Self.hex(bytes.withUnsafeBytes { SHA256Hasher.hash($0) }) == expected, "length \(length)")
            let cut = length == 0 ? 0 : Int.random(in: 0...length, using: &generator)
            var hasher = SHA256Hasher()
            bytes.withUnsafeBytes { raw in
                hasher.update(UnsafeRawBufferPointer(rebasing: raw[..<cut]))
                hasher.update(UnsafeRawBufferPointer(rebasing: raw[cut...]))
            }
            #expect(Self.hex(hasher.finalize()) == expected, "length \(length) cut at \(cut)")
        }
    }

    @Test("A copied hasher goes on independently of its original, as PreparedHMAC relies on")
    func copiesAreIndependent() {
        var original = SHA256Hasher()
        Array("prefix".utf8).withUnsafeBytes { original.update($0) }
        var copy = original
        Array("-one".utf8).withUnsafeBytes { copy.update($0) }
        Array("-two".utf8).withUnsafeBytes { original.update($0) }
        #expect(Self.hex(copy.finalize()) == Self.reference(Array("prefix-one".utf8)))
        #expect(Self.hex(original.finalize()) == Self.reference(Array("prefix-two".utf8)))
    }

    @Test("PreparedHMAC matches swift-crypto's HMAC for keys up to one block")
    func preparedHMAC() {
        var generator = SystemRandomNumberGenerator()
        for keyLength in [0, 1, 32, 63, 64] {
            let key = SymmetricKey(data: (0..<keyLength).map { _ in UInt8.random(in: 0...255, using: &generator) })
            for messageLength in [0, 55, 64, 200] {
                let message = (0..<messageLength).map { _ in UInt8.random(in: 0...255, using: &generator) }
                let expected = Self.hex(HMAC<SHA256>.authenticationCode(for: message, using: key))
                let got = message.withUnsafeBytes { PreparedHMAC(key: key).authenticationCode(for: $0) }
                #expect(Self.hex(got) == expected, "key \(keyLength) message \(messageLength)")
            }
        }
    }
}
