#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
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
        var headers = headers
        var bytes: [UInt8] = []
        if let body {
            headers.append((name: "Content-Type", value: "application/json"))
            bytes = try Self.encode(body)
        }
        let request = AWSRequest(
            service: service, operation: operation, method: method, path: path, query: query, headers: headers, body: bytes, idempotent: idempotent, signed: signed)
        return try Self.decode(Output.self, from: try await send(request, logger: logger), request: request)
    }

    static func encode(_ value: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(value))
    }

    static func decode<Output: Decodable>(_ type: Output.Type, from response: AWSResponse, request: AWSRequest) throws -> Output {
        let body = response.body.isEmpty ? Array("{}".utf8) : response.body
        do {
            return try JSONDecoder().decode(Output.self, from: Data(body))
        } catch {
            throw TransportError.undecodable(request, response, reason: "\(error)")
        }
    }
}

/// The input or output of an operation that has none.
package struct EmptyShape: Codable, Sendable, Equatable {
    package init() {}
}
