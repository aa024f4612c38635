import Foundation

/// Reads a file from this target's `Fixtures/` folder, located from the source path so tests run from any
/// working directory.
func fixtureURL(_ name: String, file: String = #filePath) -> URL {
    URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent("Fixtures").appendingPathComponent(name)
}

/// AWS's published SigV4 suite as imported by `scripts/import-sigv4-suite`.
struct AWSTestSuite: Decodable {
    struct Case: Decodable, CustomTestStringConvertible {
        var name: String
        var request: String
        var canonicalRequest: String
        var stringToSign: String
        var authorization: String
        var sessionToken: String?
        var signSessionToken: Bool
        var testDescription: String { name }
    }
    var accessKeyID: String
    var secretAccessKey: String
    var region: String
    var service: String
    var date: String
    var cases: [Case]

    static let shared: AWSTestSuite = {
        do {
            return try JSONDecoder().decode(AWSTestSuite.self, from: Data(contentsOf: fixtureURL("aws4-testsuite.json")))
        } catch {
            fatalError("cannot read Fixtures/aws4-testsuite.json: \(error)")
        }
    }()
}

import Testing
