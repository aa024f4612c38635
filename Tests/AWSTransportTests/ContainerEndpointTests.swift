import AWSCredentialChain
import Testing

/// Container credentials over plain HTTP only from the hosts the SDKs allow: loopback addresses and the ECS and
/// EKS agents. A host *name* that merely starts with "127." is somebody's server.
@Suite("container credential endpoints")
struct ContainerEndpointTests {
    @Test("allowed: loopback IPv4 literals, localhost, [::1], the ECS and EKS agents, any https", arguments: [
        "http://127.0.0.1/creds", "http://127.1.2.3:8080/creds", "http://localhost:51679/creds", "http://[::1]:9911/creds", "http://169.254.170.2/v2/creds",
        "http://169.254.170.23/v1/credentials", "http://[fd00:ec2::23]/v1/credentials", "https://creds.example.com/role",
    ])
    func allowed(url: String) throws {
        #expect(try ContainerCredentialProvider.make(environment: ["AWS_CONTAINER_CREDENTIALS_FULL_URI": url]) != nil)
    }

    @Test("refused: plain HTTP to any other host, however it starts", arguments: [
        "http://127.attacker.example/creds", "http://127.0.0.1.attacker.example/creds", "http://127.0.0.256/creds", "http://1270.0.0.1/creds",
        "http://example.com/creds",
    ])
    func refused(url: String) {
        #expect(throws: CredentialError.containerEndpointNotAllowed(url)) { try ContainerCredentialProvider.make(environment: ["AWS_CONTAINER_CREDENTIALS_FULL_URI": url]) }
    }
}
