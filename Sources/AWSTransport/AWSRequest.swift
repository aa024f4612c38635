import AWSSigV4

/// One AWS operation call in wire terms, before the endpoint and the signature are known.
package struct AWSRequest: Sendable {
    package var service: AWSService
    /// The model's operation name (`CreateFunction`), for errors, logs and retries.
    package var operation: String
    package var method: String
    /// The path, already percent-encoded segment by segment (see `AWSRequest.path(_:)`).
    package var path: String
    package var query: [(String, String)]
    package var headers: [(name: String, value: String)]
    package var body: [UInt8]
    /// The body's SHA-256 in lower-case hex when the caller took it already (`EncodedJSON`), so a request
    /// retried is not hashed again.
    package var bodySHA256: String?
    /// Whether sending it twice does no more than sending it once. A create is not: when its answer is lost
    /// (a dropped connection, a timeout, a 5xx) AWS may have made the resource, so the transport does not
    /// send it again and leaves the caller to look for what it may have made (throttling and a refused
    /// connection are still retried: AWS did not act on those).
    package var idempotent: Bool
    /// Whether it carries a SigV4 signature. A few operations are served unsigned (their model's `authtype`
    /// is `none`: STS `AssumeRoleWithWebIdentity`, whose token is the proof), called before any credentials exist.
    package var signed: Bool

    package init(
        service: AWSService, operation: String, method: String = "POST", path: String = "/", query: [(String, String)] = [], headers: [(name: String, value: String)] = [],
        body: [UInt8] = [], bodySHA256: String? = nil, idempotent: Bool = true, signed: Bool = true
    ) {
        self.service = service
        self.operation = operation
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.bodySHA256 = bodySHA256
        self.idempotent = idempotent
        self.signed = signed
    }

    /// Whether a successful answer carries credentials or tokens (STS's role sessions, IAM Identity Center's
    /// role keys and OIDC tokens): its body must never reach an error or a log, even when it does not parse.
    package var answerHoldsSecrets: Bool {
        switch (service.name, operation) {
        case ("sts", "AssumeRole"), ("sts", "AssumeRoleWithWebIdentity"), ("sts", "AssumeRoleWithSAML"), ("sts", "GetSessionToken"),
            ("sts", "GetFederationToken"), ("sso", "GetRoleCredentials"), ("sso-oidc", "CreateToken"), ("sso-oidc", "RegisterClient"):
            true
        default:
            false
        }
    }

    /// Builds a path from literal parts and labels, encoding each label so a `/` or `$` in a name cannot
    /// change which resource is addressed (`path("2015-03-31", "functions", name)`).
    package static func path(_ segments: String...) -> String {
        "/" + segments.map { URIEncoding.encode($0) }.joined(separator: "/")
    }
}

/// What came back: status, headers and the whole body (AWS control-plane answers are small).
package struct AWSResponse: Sendable {
    package var status: Int
    package var headers: [(name: String, value: String)]
    package var body: [UInt8]

    package init(status: Int, headers: [(name: String, value: String)], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    package func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    package var requestID: String? {
        header("x-amzn-RequestId") ?? header("x-amz-request-id") ?? XMLText.first("RequestId", in: body)
    }
}
