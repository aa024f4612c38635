/// An HTTP request as the signer sees it: the bytes that go on the wire, before signing.
///
/// `path` and `query` are the request target exactly as it will be sent (already percent-encoded), because
/// AWS canonicalises what it receives, not what the caller meant.
package struct SigningRequest: Sendable, Equatable {
    package var method: String
    /// The path part of the request target, as sent (for example `/2015-03-31/functions/my%20fn`).
    package var path: String
    /// The query part of the request target without `?`, as sent; empty when there is none.
    package var query: String
    /// Header fields in order; a name may repeat.
    package var headers: [(name: String, value: String)]
    /// The payload hash: either the body's SHA-256 or `UNSIGNED-PAYLOAD`.
    package var payload: Payload

    package enum Payload: Sendable, Equatable {
        case bytes([UInt8])
        case unsigned
        /// A precomputed lower-case hex SHA-256 of the body, for bodies too large to hash twice.
        case sha256(String)

    }

    package init(method: String, path: String, query: String = "", headers: [(name: String, value: String)], payload: Payload = .bytes([])) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.payload = payload
    }

    package static func == (lhs: SigningRequest, rhs: SigningRequest) -> Bool {
        lhs.method == rhs.method && lhs.path == rhs.path && lhs.query == rhs.query && lhs.payload == rhs.payload
            && lhs.headers.elementsEqual(rhs.headers) { $0.name == $1.name && $0.value == $1.value }
    }

    /// The first value of a header, matched without regard to case.
    package func header(_ name: String) -> String? {
        headers.first { ASCII.equalIgnoringCase($0.name, name) }?.value
    }
}
