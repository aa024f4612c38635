@testable import AWSSigV4
import AWSSigV4BoringSSL
import Crypto
import MbedSHA256
import Testing

/// The CLI signs with BoringSSL's SHA-256 through swift-crypto's C module rather than its `SHA256` type, the
/// function with mbedTLS's; these tests hold both to swift-crypto's answers, so a change underneath fails here
/// before it can produce a wrong signature.
@Suite("SHA-256 functions")
struct SHA256FunctionTests {
    static let functions: [any SHA256Function.Type] = [BoringSHA256.self, MbedSHA256.self]

    /// The engine a signer uses for `Hash`.
    static func engine<Hash: SHA256Function>(_: Hash.Type) -> any SHA256Engine {
        Hash.self == BoringSHA256.self ? BoringSHA256Engine.shared : MbedSHA256Engine.shared
    }

    private static func hex(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    private static func hex(_ digest: SHA256Bytes) -> String {
        digest.withUnsafeBytes { hex($0) }
    }

    private static func reference(_ bytes: [UInt8]) -> String {
        hex(SHA256.hash(data: bytes))
    }

    @Test("FIPS 180-2 vectors", arguments: functions)
    func vectors(function: any SHA256Function.Type) {
        let cases = [
            ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        ]
        for (text, expected) in cases {
            #expect(Self.hex(Array(text.utf8).withUnsafeBytes { function.hash($0) }) == expected, "\(function): \(text)")
        }
    }

    @Test("Agrees with swift-crypto's SHA256 across block boundaries, whole and in pieces", arguments: functions)
    func agreesWithSwiftCrypto(function: any SHA256Function.Type) {
        func check<Hash: SHA256Function>(_: Hash.Type) {
            var generator = SystemRandomNumberGenerator()
            for length in 0...300 {
                let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
                let expected = Self.reference(bytes)
                #expect(Self.hex(bytes.withUnsafeBytes { Hash.hash($0) }) == expected, "\(Hash.self) length \(length)")
                let cut = length == 0 ? 0 : Int.random(in: 0...length, using: &generator)
                var hasher = Hash()
                bytes.withUnsafeBytes { raw in
                    hasher.update(UnsafeRawBufferPointer(rebasing: raw[..<cut]))
                    hasher.update(UnsafeRawBufferPointer(rebasing: raw[cut...]))
                }
                #expect(Self.hex(hasher.finalize()) == expected, "\(Hash.self) length \(length) cut at \(cut)")
                #expect(Self.hex(bytes.withUnsafeBytes { SHA256Hasher.hash(Self.engine(Hash.self), $0) }) == expected, "\(Hash.self) through its engine")
            }
        }
        check(function)
    }

    @Test("A copied hasher goes on independently of its original, as PreparedHMAC relies on", arguments: functions)
    func copiesAreIndependent(function: any SHA256Function.Type) {
        func check<Hash: SHA256Function>(_: Hash.Type) {
            var original = SHA256Hasher(Self.engine(Hash.self))
            Array("prefix".utf8).withUnsafeBytes { original.update($0) }
            var copy = original
            Array("-one".utf8).withUnsafeBytes { copy.update($0) }
            Array("-two".utf8).withUnsafeBytes { original.update($0) }
            #expect(Self.hex(copy.finalize()) == Self.reference(Array("prefix-one".utf8)))
            #expect(Self.hex(original.finalize()) == Self.reference(Array("prefix-two".utf8)))
        }
        check(function)
    }

    @Test("PreparedHMAC matches swift-crypto's HMAC, for keys shorter and longer than a block", arguments: functions)
    func preparedHMAC(function: any SHA256Function.Type) {
        func check<Hash: SHA256Function>(_: Hash.Type) {
            var generator = SystemRandomNumberGenerator()
            for keyLength in [0, 1, 32, 44, 63, 64, 65, 200] {
                let key = (0..<keyLength).map { _ in UInt8.random(in: 0...255, using: &generator) }
                for messageLength in [0, 55, 64, 200] {
                    let message = (0..<messageLength).map { _ in UInt8.random(in: 0...255, using: &generator) }
                    let expected = Self.hex(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key)))
                    let got = key.withUnsafeBytes { key in message.withUnsafeBytes { PreparedHMAC(Self.engine(Hash.self), key: key).authenticationCode(for: $0) } }
                    #expect(Self.hex(got) == expected, "\(Hash.self) key \(keyLength) message \(messageLength)")
                }
            }
        }
        check(function)
    }
}
