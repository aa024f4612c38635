import Foundation

/// A packaged function: where its zip is and the numbers Lambda will report about it.
package struct FunctionPackage: Sendable, Equatable, Codable {
    package var zipPath: String
    package var zipSize: Int
    package var unzippedSize: Int
    /// Base64 SHA-256 of the zip, exactly as Lambda reports `CodeSha256`: equal values mean no upload is needed.
    package var codeSha256: String
    /// Whether a new zip was made: its contents differ from the last package's.
    package var changed: Bool
}
