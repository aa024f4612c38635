import Foundation
import LeanJSON
import Testing

/// The lean coders against Foundation's, which AWS was sent until the function dropped Foundation: the same
/// values give the same bytes and decode back the same.
@Suite("LeanJSON")
struct LeanJSONTests {
    struct Shape: Codable, Equatable {
        enum Kind: String, Codable { case zip = "Zip", image = "Image" }
        struct Inner: Codable, Equatable {
            var name: String
            var values: [Int]
        }
        var text: String
        var optional: String?
        var present: Int?
        var flag: Bool
        var whole: Double
        var fraction: Double
        var small: Double
        var big: Int64
        var unsigned: UInt32
        var kind: Kind
        var inner: Inner
        var list: [Inner]
        var map: [String: [String]]
        var empty: [String: Int]
        var nothing: [Int]
        enum CodingKeys: String, CodingKey {
            case text = "Text", optional = "Optional", present = "Present", flag = "Flag", whole = "Whole", fraction = "Fraction", small = "Small"
            case big = "Big", unsigned = "Unsigned", kind = "Kind", inner = "Inner", list = "List", map = "Map", empty = "Empty", nothing = "Nothing"
        }
    }

    static let sample = Shape(
        text: "quote \" backslash \\ slash / newline \n tab \t bell \u{07} nul \u{0} é 日本 🚀", optional: nil, present: 7, flag: true, whole: 3, fraction: -1.25,
        small: 1e-7, big: -9_007_199_254_740_993, unsigned: 4_000_000_000, kind: .image, inner: .init(name: "b", values: [1, -2, 3]),
        list: [.init(name: "z", values: []), .init(name: "a", values: [0])], map: ["b": ["x"], "a": [], "arn:aws:lambda/x": ["y/z"]], empty: [:], nothing: [])

    @Test("encodes byte for byte as JSONEncoder with sortedKeys and withoutEscapingSlashes")
    func sameBytesAsFoundation() throws {
        let foundation = JSONEncoder()
        foundation.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let expected = String(decoding: try foundation.encode(Self.sample), as: UTF8.self)
        let lean = String(decoding: try LeanJSONEncoder().encode(Self.sample), as: UTF8.self)
        #expect(lean == expected)
        #expect(!lean.contains("Optional"), "a nil optional is left out")
    }

    @Test("decodes what Foundation wrote, and its own output, back to the same value")
    func roundTrip() throws {
        let foundation = JSONEncoder()
        foundation.outputFormatting = [.prettyPrinted]
        #expect(try LeanJSONDecoder().decode(Shape.self, from: Array(try foundation.encode(Self.sample))) == Self.sample)
        #expect(try LeanJSONDecoder().decode(Shape.self, from: try LeanJSONEncoder().encode(Self.sample)) == Self.sample)
        #expect(try JSONDecoder().decode(Shape.self, from: Data(try LeanJSONEncoder().encode(Self.sample))) == Self.sample)
    }

    @Test("unknown members are ignored; an integer written 1.0 or 1e3 reads as one; 1.5 does not")
    func lenientWhereJSONDecoderIs() throws {
        struct Small: Decodable, Equatable { var a: Int; var b: String? }
        #expect(try LeanJSONDecoder().decode(Small.self, from: Array(#"{"a": 1.0, "extra": [1, {"x": null}]}"#.utf8)) == Small(a: 1, b: nil))
        #expect(try LeanJSONDecoder().decode(Small.self, from: Array(#"{"a": 1e3, "b": null}"#.utf8)) == Small(a: 1000, b: nil))
        #expect(throws: DecodingError.self) { try LeanJSONDecoder().decode(Small.self, from: Array(#"{"a": 1.5}"#.utf8)) }
        #expect(throws: DecodingError.self) { try LeanJSONDecoder().decode(Small.self, from: Array(#"{"b": "x"}"#.utf8)) }
        #expect(throws: DecodingError.self) { try LeanJSONDecoder().decode(Small.self, from: Array(#"{"a": "1"}"#.utf8)) }
        #expect(throws: DecodingError.self) { try LeanJSONDecoder().decode(UInt8.self, from: Array("256".utf8)) }
    }

    @Test("NaN and infinity are refused, as JSONEncoder refuses them")
    func nonFinite() {
        #expect(throws: EncodingError.self) { try LeanJSONEncoder().encode([Double.nan]) }
        #expect(throws: EncodingError.self) { try LeanJSONEncoder().encode(["x": Double.infinity]) }
    }

    @Test("the parser takes RFC 8259 JSON and keeps a number's text", arguments: [
        (#" {"a" : [1, -0.5e+3, true, false, null, "\u00e9\ud83d\ude80\/"]} "#, JSON.object(["a": .array([.number("1"), .number("-0.5e+3"), .bool(true), .bool(false), .null, .string("é🚀/")])])),
        ("123456789012345678901234567890", JSON.number("123456789012345678901234567890")),
        (#""""#, JSON.string("")),
    ])
    func parses(text: String, expected: JSON) throws {
        #expect(try JSON(parsing: Array(text.utf8)) == expected)
    }

    @Test("the parser refuses what is not JSON, saying where", arguments: [
        "", "[1,]", "{\"a\":1,}", "01", "1.", "-", "+1", ".5", "[1 2]", "{\"a\" 1}", "{a:1}", "\"\\ud800\"", "\"\\udc00x\"", "\"\\x\"", "\"a\nb\"", "nul", "[1] x",
        "\"abc", "'a'", "NaN",
    ])
    func refuses(text: String) {
        #expect(throws: JSONSyntaxError.self) { try JSON(parsing: Array(text.utf8)) }
    }

    @Test("invalid UTF-8 in a string and nesting past 512 levels are refused, not crashed on")
    func hostileInput() throws {
        #expect(throws: JSONSyntaxError.self) { try JSON(parsing: [0x22, 0xC3, 0x28, 0x22]) }
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let refusal = try #require(throws: JSONSyntaxError.self) { try JSON(parsing: Array(deep.utf8)) }
        #expect(refusal.reason == "nested deeper than 512")
        let fine = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        #expect(throws: Never.self) { try JSON(parsing: Array(fine.utf8)) }
    }

    @Test("a long string (a base64 zip) is written in runs, escapes and all")
    func longString() throws {
        let blob = String(repeating: "QUJD", count: 250_000) + "\"" + String(repeating: "x", count: 10)
        let bytes = JSON.string(blob).bytes
        #expect(bytes.count == blob.utf8.count + 3)
        #expect(try JSON(parsing: bytes) == .string(blob))
    }
}
