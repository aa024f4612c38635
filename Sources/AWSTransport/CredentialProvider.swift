import AWSSigV4

/// A source of credentials; asked before every request, so an implementation that expires refreshes itself.
package protocol CredentialProvider: Sendable {
    func credentials() async throws -> AWSCredentials
}

/// Fixed credentials, as given on the command line, in the environment or in tests.
package struct StaticCredentialProvider: CredentialProvider {
    package let value: AWSCredentials
    package init(_ value: AWSCredentials) { self.value = value }
    package func credentials() async throws -> AWSCredentials { value }
}
