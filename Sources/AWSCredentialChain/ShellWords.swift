/// Splits a command line into words as POSIX shells quote them, without running a shell: how the AWS CLI
/// reads `credential_process` (Python's `shlex.split`), so a command that works for `aws` works here.
enum ShellWords {
    struct UnclosedQuote: Error {}

    /// Blanks separate words; `'…'` is literal; in `"…"` a backslash escapes only `\`, `"`, `$`, `` ` ``
    /// and a newline; elsewhere a backslash escapes any character.
    static func split(_ line: String) throws(UnclosedQuote) -> [String] {
        var words: [String] = []
        var word = ""
        var inWord = false
        var characters = line.makeIterator()
        while let character = characters.next() {
            switch character {
            case " ", "\t", "\n":
                if inWord { words.append(word) }
                word = ""
                inWord = false
            case "'":
                inWord = true
                while true {
                    guard let next = characters.next() else { throw UnclosedQuote() }
                    if next == "'" { break }
                    word.append(next)
                }
            case "\"":
                inWord = true
                while true {
                    guard let next = characters.next() else { throw UnclosedQuote() }
                    if next == "\"" { break }
                    if next == "\\" {
                        guard let escaped = characters.next() else { throw UnclosedQuote() }
                        if !"\\\"$`\n".contains(escaped) { word.append("\\") }
                        word.append(escaped)
                    } else {
                        word.append(next)
                    }
                }
            case "\\":
                inWord = true
                if let escaped = characters.next() { word.append(escaped) }
            default:
                inWord = true
                word.append(character)
            }
        }
        if inWord { words.append(word) }
        return words
    }
}
