import AWSSigV4
import LeanJSON
import Logging

/// The JSON-based protocols: `json` (DynamoDB, Logs) and `rest-json` (Lambda, API Gateway v2).
extension AWSClient {
    /// Calls a `json`-protocol operation: POST `/`, `X-Amz-Target: <prefix>.<Operation>`.
    package func json<Output: Decodable>(
        _ service: AWSService, _ operation: String, _ input: some Encodable, as output: Output.Type = Output.self, idempotent: Bool = true,
        logger: Logger
    ) async throws -> Output {
        guard case .json(let version, let targetPrefix) = service.wireProtocol else {
            preconditionFailure("\(service.name) does not speak the json protocol")
        }
        let request = AWSRequest(
            service: service, operation: operation, method: "POST", path: "/",
            headers: [
                (name: "Content-Type", value: "application/x-amz-json-\(version)"),
                (name: "X-Amz-Target", value: "\(targetPrefix).\(operation)"),
            ],
            body: try Self.encode(input), idempotent: idempotent)
        return try Self.decode(Output.self, from: try await send(request, logger: logger), request: request)
    }

    /// Calls a `rest-json` operation: the method and path carry the operation, the body (if any) is JSON.
    package func restJSON<Output: Decodable>(
        _ service: AWSService, _ operation: String, method: String, path: String, query: [(String, String)] = [], headers: [(name: String, value: String)] = [],
        body: (some Encodable)? = Optional<EmptyShape>.none, as output: Output.Type = Output.self, idempotent: Bool = true, signed: Bool = true, logger: Logger
    ) async throws -> Output {
        let encoded = try body.map { try EncodedJSON($0, client: self) }
        return try await restJSON(
            service, operation, method: method, path: path, query: query, headers: headers, encoded: encoded, idempotent: idempotent, signed: signed, logger: logger)
    }

    /// The same with a body encoded beforehand, as a caller that sends it many times keeps it.
    package func restJSON<Input, Output: Decodable>(
        _ service: AWSService, _ operation: String, method: String, path: String, query: [(String, String)] = [], headers: [(name: String, value: String)] = [],
        encoded body: EncodedJSON<Input>?, as output: Output.Type = Output.self, idempotent: Bool = true, signed: Bool = true, logger: Logger
    ) async throws -> Output {
        var headers = headers
        if body != nil { headers.append((name: "Content-Type", value: "application/json")) }
        let request = AWSRequest(
            service: service, operation: operation, method: method, path: path, query: query, headers: headers, body: body?.bytes ?? [],
            bodySHA256: body?.sha256, idempotent: idempotent, signed: signed)
        return try Self.decode(Output.self, from: try await send(request, logger: logger), request: request)
    }

    static func encode(_ value: some Encodable) throws -> [UInt8] {
        try LeanJSONEncoder().encode(value)
    }

    static func decode<Output: Decodable>(_ type: Output.Type, from response: AWSResponse, request: AWSRequest) throws -> Output {
        let body = response.body.isEmpty ? Array("{}".utf8) : response.body
        do {
            return try LeanJSONDecoder().decode(Output.self, from: body)
        } catch {
            throw TransportError.undecodable(request, response, reason: "\(error)")
        }
    }
}

/// An operation's JSON input, encoded and hashed once. A request sent many times keeps it: a CreateFunction
/// tried again and again until its role reaches Lambda carries megabytes of zip, and encoding and hashing
/// them took about 0.1 s of every attempt, each one added to the time before Lambda sees the next.
package struct EncodedJSON<Input: Encodable>: Sendable {
    package let bytes: [UInt8]
    /// Lower-case hex, as the signature's payload hash.
    package let sha256: String

    /// Hashed with the SHA-256 `client` signs with.
    package init(_ input: Input, client: AWSClient) throws {
        bytes = try AWSClient.encode(input)
        sha256 = client.signing.payloadHash(bytes)
    }
}

/// The input or output of an operation that has none.
package struct EmptyShape: Codable, Sendable, Equatable {
    package init() {}
}
