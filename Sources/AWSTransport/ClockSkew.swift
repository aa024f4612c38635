import AWSSigV4
import Synchronization

/// How far the local clock is from AWS's, learned from an answer's `Date` header when a signature was
/// refused for its time, and applied to every later signature so a skewed laptop still deploys.
package final class ClockSkew: Sendable {
    private let offset = Mutex<Int64>(0)

    package init() {}

    package var seconds: Int64 { offset.withLock { $0 } }

    /// Codes with which services refuse a request signed at the wrong time.
    static let skewCodes: Set<String> = [
        "RequestTimeTooSkewed", "RequestExpired", "RequestInTheFuture", "InvalidSignatureException", "SignatureDoesNotMatch", "AuthFailure",
    ]

    /// Past this difference a refused signature is taken to be the clock's fault (AWS allows 5 minutes).
    static let tolerance: Int64 = 240

    /// Learns the offset from a refused request; answers whether a retry with the new offset makes sense.
    func correct(after error: AWSServiceError, serverDate: String?, localSeconds: Int64) -> Bool {
        guard Self.skewCodes.contains(error.code), let serverDate, let server = HTTPDate.parse(serverDate) else { return false }
        let difference = server - localSeconds
        guard abs(difference - seconds) > Self.tolerance else { return false }
        offset.withLock { $0 = difference }
        return true
    }
}

/// Reads the IMF-fixdate of an HTTP `Date` header (`Sun, 06 Nov 1994 08:49:37 GMT`).
enum HTTPDate {
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static func parse(_ text: String) -> Int64? {
        let parts = text.split(separator: " ")
        guard parts.count == 6, let day = Int(parts[1]), let monthIndex = months.firstIndex(of: String(parts[2])), let year = Int(parts[3]) else { return nil }
        let time = parts[4].split(separator: ":")
        guard time.count == 3, let hour = Int(time[0]), let minute = Int(time[1]), let second = Int(time[2]) else { return nil }
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        let stamp = pad(year, 4) + pad(monthIndex + 1, 2) + pad(day, 2) + "T" + pad(hour, 2) + pad(minute, 2) + pad(second, 2) + "Z"
        return AmzDate(timestamp: stamp)?.secondsSince1970
    }
}
