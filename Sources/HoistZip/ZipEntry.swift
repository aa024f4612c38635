/// One file of an archive: its path inside the zip, its bytes and its Unix permission bits.
package struct ZipEntry: Sendable, Equatable {
    package var path: String
    package var contents: [UInt8]
    /// Permission bits (`0o755` for `bootstrap`); the entry is always recorded as a regular file.
    package var mode: UInt16

    package init(path: String, contents: [UInt8], mode: UInt16 = 0o644) {
        self.path = path
        self.contents = contents
        self.mode = mode
    }
}
