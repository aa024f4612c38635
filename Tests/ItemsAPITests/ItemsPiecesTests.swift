import Foundation
import Testing

@testable import ItemsAPI

/// The items API's own replacements for Foundation's dates and UUIDs, checked against Foundation.
@Suite("items API pieces")
struct ItemsPiecesTests {
    /// Foundation's date and time to the second (its own milliseconds come through a `Double` and are sometimes
    /// one short: .999 written .998), then the exact milliseconds.
    @Test("timestamps read as Foundation's ISO 8601 to the second, then the exact milliseconds; leap days and centuries included")
    func timestamps() {
        let style = Date.ISO8601FormatStyle()
        var instants: [Int64] = [0, 1, 999, 86_399_999, 951_782_400_000, 4_107_542_399_999, 1_796_688_000_123, 1_709_164_800_000, -1, -86_400_001]
        var generator = SystemRandomNumberGenerator()
        instants += (0..<2000).map { _ in Int64.random(in: -2_000_000_000_000...9_000_000_000_000, using: &generator) }
        for milliseconds in instants {
            let (seconds, fraction) = milliseconds.quotientAndRemainder(dividingBy: 1000)
            let (whole, rest) = fraction < 0 ? (seconds - 1, fraction + 1000) : (seconds, fraction)
            let expected = Date(timeIntervalSince1970: Double(whole)).formatted(style).dropLast() + "." + String(String(rest + 1000).dropFirst()) + "Z"
            #expect(Timestamp.iso8601(millisecondsSince1970: milliseconds) == expected, "\(milliseconds)")
        }
    }

    @Test("ids are version 4 UUIDs in lower case, and differ")
    func ids() throws {
        let ids = (0..<500).map { _ in RandomID.uuid() }
        #expect(Set(ids).count == ids.count)
        for id in ids {
            let parsed = try #require(UUID(uuidString: id), "\(id)")
            #expect(parsed.uuidString.lowercased() == id)
            let characters = Array(id)
            #expect(characters[14] == "4")
            #expect("89ab".contains(characters[19]))
        }
    }

    @Test("page tokens are unpadded base64url and read back; a token that is not one reads as nothing")
    func pageTokens() {
        let parts = ["ITEM", "ü/+?id>>"]
        let token = PageToken.encode(parts)
        #expect(!token.contains("=") && !token.contains("+") && !token.contains("/"))
        #expect(PageToken.decode(token) == parts)
        #expect(PageToken.decode("!!") == nil)
        #expect(PageToken.decode("") == nil)
        #expect(PageToken.decode("_w") == nil, "bytes that are not UTF-8")
    }
}
