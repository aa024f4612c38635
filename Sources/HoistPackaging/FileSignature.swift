#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Size, modification time and inode of a file: a rewrite or an edit changes at least one of them. SwiftPM's
/// build compares the same, so the build-input snapshot and the last zip's record trust it instead of reading
/// contents.
struct FileSignature: Equatable {
    var size: Int64
    var seconds: Int64
    var nanoseconds: Int64
    var inode: UInt64

    init(_ info: stat) {
        size = Int64(info.st_size)
        seconds = Int64(info.st_mtim.tv_sec)
        nanoseconds = Int64(info.st_mtim.tv_nsec)
        inode = UInt64(info.st_ino)
    }

    /// The file's signature, or `nil` when there is no such file.
    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        self.init(info)
    }

    /// As the package record stores it.
    var text: String { "\(size) \(seconds).\(nanoseconds) \(inode)" }

    /// As the snapshot hashes it.
    func append(to bytes: inout [UInt8]) {
        for value in [size, seconds, nanoseconds, Int64(bitPattern: inode)] {
            withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
        }
    }
}
