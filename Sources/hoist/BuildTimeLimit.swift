import ArgumentParser
import HoistEngine

/// How long one `swift build` of the function may run before hoist stops it: 30 minutes, or
/// `HOIST_BUILD_TIMEOUT` for a package that needs longer (a first build of a large graph on a small CI runner).
enum BuildTimeLimit {
    static let standard: Duration = .seconds(30 * 60)

    static func from(_ environment: [String: String]) throws -> Duration {
        guard let text = environment["HOIST_BUILD_TIMEOUT"], !text.isEmpty else { return standard }
        guard let seconds = DurationText.seconds(text, maximum: 86_400) else {
            throw ValidationError("HOIST_BUILD_TIMEOUT '\(text)' is not a duration of up to a day; write it as 45m or 2h")
        }
        return .seconds(seconds)
    }
}
