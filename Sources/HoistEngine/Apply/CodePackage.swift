import Foundation

/// The function's zip as the engine needs it: its `CodeSha256` always, its bytes only when they go to Lambda.
///
/// A re-deploy with unchanged code compares hashes and uploads nothing, so it should not read megabytes of
/// zip from disk either.
package struct CodePackage: Sendable {
    package var codeSha256: String
    /// What it was built from (hoist.yml's digest, the git commit), which the version it is published as says.
    package var source: String?
    private let read: @Sendable () throws -> Data

    /// A zip already in memory.
    package init(zip: Data, codeSha256: String, source: String? = nil) {
        self.codeSha256 = codeSha256
        self.source = source
        read = { zip }
    }

    /// A zip on disk, read when uploaded.
    package init(path: String, codeSha256: String, source: String? = nil) {
        self.codeSha256 = codeSha256
        self.source = source
        read = { try Data(contentsOf: URL(fileURLWithPath: path)) }
    }

    package func bytes() throws -> Data {
        try read()
    }
}
