import Foundation

extension StringProtocol {
    /// Whether the whole text matches `pattern`. Anchored with `\A` and `\z`, never `^` and `$`: ICU's `$` also
    /// matches before a final newline, so `"bootstrap\n"` would pass as a product name or `"dev\n"` as an
    /// environment and reach AWS names and file paths.
    package func wholeMatches(_ pattern: String) -> Bool {
        range(of: "\\A(?:\(pattern))\\z", options: .regularExpression) != nil
    }
}
