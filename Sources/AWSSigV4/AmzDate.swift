/// A UTC instant in the two forms SigV4 needs: `YYYYMMDDTHHMMSSZ` and its first eight characters.
///
/// It is built from seconds since 1970 by calendar arithmetic, not by a `DateFormatter`, because it sits on
/// the signing hot path and must not depend on locale or time zone settings.
package struct AmzDate: Sendable, Hashable, CustomStringConvertible {
    /// `YYYYMMDDTHHMMSSZ`
    package let timestamp: String
    /// `YYYYMMDD`, the date part of the credential scope; stored, since the signing key cache compares it on
    /// every request and an eight-byte string needs no allocation.
    package let day: String
    package let secondsSince1970: Int64

    package init(secondsSince1970 seconds: Int64) {
        secondsSince1970 = seconds
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondsOfDay = seconds - days * 86_400
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let dayOfMonth = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        // Written digit by digit into one buffer: this runs once per signed request.
        timestamp = String(unsafeUninitializedCapacity: 16) { buffer in
            func put(_ value: Int64, _ width: Int, at offset: Int) {
                var value = value
                for position in stride(from: offset + width - 1, through: offset, by: -1) {
                    buffer[position] = UInt8(truncatingIfNeeded: 48 + value % 10)
                    value /= 10
                }
            }
            put(year, 4, at: 0)
            put(month, 2, at: 4)
            put(dayOfMonth, 2, at: 6)
            buffer[8] = UInt8(ascii: "T")
            put(secondsOfDay / 3600, 2, at: 9)
            put(secondsOfDay % 3600 / 60, 2, at: 11)
            put(secondsOfDay % 60, 2, at: 13)
            buffer[15] = UInt8(ascii: "Z")
            return 16
        }
        day = timestamp.withUTF8Bytes { String(decoding: UnsafeBufferPointer(rebasing: $0[..<8]), as: UTF8.self) }
    }

    /// Parses `YYYYMMDDTHHMMSSZ`; `nil` for anything else.
    package init?(timestamp: String) {
        let bytes = Array(timestamp.utf8)
        guard bytes.count == 16, bytes[8] == UInt8(ascii: "T"), bytes[15] == UInt8(ascii: "Z") else { return nil }
        func number(_ range: Range<Int>) -> Int64? {
            var value: Int64 = 0
            for byte in bytes[range] {
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int64(byte - 48)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(4..<6), let day = number(6..<8),
            let hour = number(9..<11), let minute = number(11..<13), let second = number(13..<15),
            (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        self.init(secondsSince1970: days * 86_400 + hour * 3600 + minute * 60 + second)
        guard self.timestamp == timestamp else { return nil }
    }

    package var description: String { timestamp }
}
