import AWSSigV4
import AWSTransport
import Logging

/// The S3 object operations team state uses, as in the s3 2006-03-01 model, path-style
/// (`/<bucket>/<key>`). Writes can be conditional, which is what makes a lock and a guarded write possible:
/// `If-None-Match: *` creates only when absent, `If-Match: <ETag>` replaces only the version read, and S3
/// refuses the loser with 412 PreconditionFailed (S3 User Guide, "Add preconditions to S3 operations with
/// conditional requests").
package struct S3Client: Sendable {
    package let client: AWSClient
    /// The account that must own the bucket, sent with every request as `x-amz-expected-bucket-owner`: S3
    /// refuses with 403 when another account owns a bucket of that name (a deleted team bucket whose name someone
    /// else took). Resolved once, when the first request needs it; `nil` sends none.
    private let expectedOwner: @Sendable () async throws -> String?

    package init(client: AWSClient, expectedOwner: @escaping @Sendable () async throws -> String? = { nil }) {
        self.client = client
        self.expectedOwner = expectedOwner
    }

    /// An object's bytes and ETag.
    package struct Object: Sendable, Equatable {
        package var body: [UInt8]
        package var eTag: String
    }

    /// What must hold for a write to go through.
    package enum Condition: Sendable, Equatable {
        case none
        /// Only if no object has the key.
        case absent
        /// Only if the object is still the version with this ETag.
        case unchanged(eTag: String)
    }

    /// `nil` when no object has the key.
    package func getObject(bucket: String, key: String, logger: Logger) async throws -> Object? {
        do {
            let response = try await send("GetObject", "GET", bucket: bucket, key: key, logger: logger)
            return Object(body: response.body, eTag: response.header("ETag") ?? "")
        } catch S3Error.noSuchKey {
            return nil
        }
    }

    /// Writes the object when `condition` holds; returns its new ETag. A condition that does not hold throws
    /// `S3Error.preconditionFailed` (or `.conditionalRequestConflict` when another write raced it).
    @discardableResult
    package func putObject(bucket: String, key: String, body: [UInt8], contentType: String, condition: Condition, logger: Logger) async throws -> String {
        var headers = [(name: "Content-Type", value: contentType)]
        switch condition {
        case .none: break
        case .absent: headers.append((name: "If-None-Match", value: "*"))
        case .unchanged(let eTag): headers.append((name: "If-Match", value: eTag))
        }
        // Not sent twice on a lost answer: a conditional write that went through would fail its own retry.
        let response = try await send("PutObject", "PUT", bucket: bucket, key: key, headers: headers, body: body, idempotent: condition == .none, logger: logger)
        return response.header("ETag") ?? ""
    }

    /// Deleting what is already gone succeeds, as S3 answers it. With `ifMatch`, only the version with that
    /// ETag goes: another version throws `S3Error.preconditionFailed`, none `S3Error.noSuchKey`.
    package func deleteObject(bucket: String, key: String, ifMatch eTag: String? = nil, logger: Logger) async throws {
        _ = try await send("DeleteObject", "DELETE", bucket: bucket, key: key, headers: eTag.map { [(name: "If-Match", value: $0)] } ?? [], logger: logger)
    }

    private func send(
        _ operation: String, _ method: String, bucket: String, key: String, headers: [(name: String, value: String)] = [], body: [UInt8] = [],
        idempotent: Bool = true, logger: Logger
    ) async throws -> AWSResponse {
        var headers = headers
        if let owner = try await expectedOwner() { headers.append((name: "x-amz-expected-bucket-owner", value: owner)) }
        let path = "/" + ([bucket] + key.split(separator: "/", omittingEmptySubsequences: false).map(String.init)).map { URIEncoding.encode($0) }.joined(separator: "/")
        let request = AWSRequest(service: .s3, operation: operation, method: method, path: path, headers: headers, body: body, idempotent: idempotent)
        do {
            return try await client.send(request, logger: logger)
        } catch let error as AWSServiceError {
            throw S3Error(error)
        }
    }
}

/// The S3 error codes team state acts on.
package enum S3Error: AWSServiceErrorWrapping, Equatable, CustomStringConvertible {
    case noSuchKey(AWSServiceError)
    case noSuchBucket(AWSServiceError)
    case preconditionFailed(AWSServiceError)
    case conditionalRequestConflict(AWSServiceError)
    case other(AWSServiceError)

    package init(_ error: AWSServiceError) {
        switch error.code {
        case "NoSuchKey", "NotFound": self = .noSuchKey(error)
        case "NoSuchBucket": self = .noSuchBucket(error)
        case "PreconditionFailed": self = .preconditionFailed(error)
        case "ConditionalRequestConflict": self = .conditionalRequestConflict(error)
        default: self = .other(error)
        }
    }

    /// The answer as AWS gave it (operation, status, code, request id), whichever case it became.
    package var serviceError: AWSServiceError {
        switch self {
        case .noSuchKey(let error), .noSuchBucket(let error), .preconditionFailed(let error), .conditionalRequestConflict(let error), .other(let error): error
        }
    }

    package var description: String { serviceError.description }
}
