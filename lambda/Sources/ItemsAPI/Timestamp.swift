import AWSSigV4

/// Instants as the items API stamps them: milliseconds since 1970 (`WallClock`), written in ISO 8601 UTC with
/// milliseconds (`2026-12-08T00:30:00.123Z`), without Foundation's `Date`.
enum Timestamp {
    /// SigV4's calendar arithmetic (`AmzDate`, `YYYYMMDDTHHMMSSZ`) with the separators and milliseconds added.
    static func iso8601(millisecondsSince1970 milliseconds: Int64) -> String {
        let (seconds, fraction) = milliseconds.quotientAndRemainder(dividingBy: 1000)
        let (whole, rest) = fraction < 0 ? (seconds - 1, fraction + 1000) : (seconds, fraction)
        let stamp = Array(AmzDate(secondsSince1970: whole).timestamp.utf8)
        func part(_ range: Range<Int>) -> String { String(decoding: stamp[range], as: UTF8.self) }
        let millis = String(rest + 1000).dropFirst()
        return "\(part(0..<4))-\(part(4..<6))-\(part(6..<8))T\(part(9..<11)):\(part(11..<13)):\(part(13..<15)).\(millis)Z"
    }
}
