/// Why an archive could not be written.
package enum ZipError: Error, Equatable, CustomStringConvertible {
    case duplicatePath(String)
    case invalidPath(String)
    /// Over what the classic zip format can hold (4 GiB per entry or archive, 65 535 entries).
    case tooLarge(String)
    case zlib(operation: String, code: Int32)

    package var description: String {
        switch self {
        case .duplicatePath(let path): "two files would both be '\(path)' in the zip; give them different names"
        case .invalidPath(let path): "'\(path)' cannot be a zip entry name: use a relative path without '..' or a leading '/'"
        case .tooLarge(let what): "\(what) is too large for a zip archive (4 GiB per file, 65535 files); package less"
        case .zlib(let operation, let code): "zlib \(operation) failed with code \(code)"
        }
    }
}
