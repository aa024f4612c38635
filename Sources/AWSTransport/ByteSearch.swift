/// Finding and replacing byte strings without the standard library's `firstRange(of:)` family, which lives
/// in the regex module and would add over a megabyte to the function's static bootstrap for searches of a
/// few bytes.
enum ByteSearch {
    /// Where `needle` first occurs in `haystack` at or after `start`.
    static func range(of needle: [UInt8], in haystack: [UInt8], from start: Int) -> Range<Int>? {
        guard !needle.isEmpty, haystack.count >= needle.count else { return nil }
        var index = start
        while index <= haystack.count - needle.count {
            if haystack[index] == needle[0], haystack[index..<(index + needle.count)].elementsEqual(needle) { return index..<(index + needle.count) }
            index += 1
        }
        return nil
    }

    /// `text` with every occurrence of `target` replaced by `replacement`.
    static func replacing(_ target: String, with replacement: String, in text: String) -> String {
        let bytes = Array(text.utf8)
        let needle = Array(target.utf8)
        var output: [UInt8] = []
        var start = 0
        while let found = range(of: needle, in: bytes, from: start) {
            output += bytes[start..<found.lowerBound]
            output += replacement.utf8
            start = found.upperBound
        }
        output += bytes[start...]
        return String(decoding: output, as: UTF8.self)
    }
}
