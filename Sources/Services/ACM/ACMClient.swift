import AWSTransport
import Foundation
import Logging

/// The Certificate Manager operations hoist uses for a custom domain's certificate, one method per operation of
/// the 2015-12-08 model (json 1.1, `CertificateManager.<Op>`).
package struct ACMClient: Sendable {
    package let client: AWSClient
    package init(client: AWSClient) { self.client = client }

    /// Asks for a DNS-validated certificate of `domain`. The same `idempotencyToken` within an hour gives the same
    /// certificate, so a request sent again after its answer was lost makes no second one.
    package func requestCertificate(domain: String, idempotencyToken: String, tags: [String: String], logger: Logger) async throws -> String {
        let input = RequestCertificateInput(
            domainName: domain, validationMethod: "DNS", idempotencyToken: idempotencyToken, tags: tags.sorted { $0.key < $1.key }.map { ACMTag(key: $0.key, value: $0.value) })
        let output: RequestCertificateOutput = try await call("RequestCertificate", input, logger: logger)
        return output.certificateArn
    }

    /// `nil` when there is no such certificate.
    package func describeCertificate(_ arn: String, logger: Logger) async throws -> CertificateDetail? {
        do {
            let output: DescribeCertificateOutput = try await call("DescribeCertificate", CertificateARNInput(certificateArn: arn), logger: logger)
            return output.certificate
        } catch ACMError.resourceNotFound {
            return nil
        }
    }

    /// The account's certificates in the region that are issued or waiting for validation, every page.
    package func listCertificates(logger: Logger) async throws -> [CertificateSummary] {
        var found: [CertificateSummary] = [], nextToken: String?
        repeat {
            let page: ListCertificatesOutput = try await call(
                "ListCertificates", ListCertificatesInput(certificateStatuses: ["PENDING_VALIDATION", "ISSUED"], nextToken: nextToken), logger: logger)
            found += page.certificateSummaryList ?? []
            nextToken = page.nextToken
        } while nextToken != nil
        return found
    }

    package func tags(of arn: String, logger: Logger) async throws -> [String: String] {
        let output: ListTagsForCertificateOutput = try await call("ListTagsForCertificate", CertificateARNInput(certificateArn: arn), logger: logger)
        return Dictionary((output.tags ?? []).map { ($0.key, $0.value ?? "") }) { first, _ in first }
    }

    package func deleteCertificate(_ arn: String, logger: Logger) async throws {
        let _: EmptyShape = try await call("DeleteCertificate", CertificateARNInput(certificateArn: arn), logger: logger)
    }

    private func call<Output: Decodable>(_ operation: String, _ input: some Encodable & Sendable, logger: Logger) async throws -> Output {
        do {
            return try await client.json(.acm, operation, input, logger: logger)
        } catch let error as AWSServiceError {
            throw ACMError(error)
        }
    }
}

/// The ACM error codes hoist acts on.
package enum ACMError: AWSServiceErrorWrapping, Equatable, CustomStringConvertible {
    case resourceNotFound(AWSServiceError)
    /// The certificate is still attached to something (a domain name being deleted).
    case resourceInUse(AWSServiceError)
    case other(AWSServiceError)

    package init(_ error: AWSServiceError) {
        switch error.code {
        case "ResourceNotFoundException": self = .resourceNotFound(error)
        case "ResourceInUseException": self = .resourceInUse(error)
        default: self = .other(error)
        }
    }

    package var serviceError: AWSServiceError {
        switch self {
        case .resourceNotFound(let error), .resourceInUse(let error), .other(let error): error
        }
    }

    package var description: String { serviceError.description }
}

struct ACMTag: Codable, Sendable {
    var key: String
    var value: String?
    enum CodingKeys: String, CodingKey { case key = "Key", value = "Value" }
}

struct RequestCertificateInput: Encodable, Sendable {
    var domainName: String
    var validationMethod: String
    var idempotencyToken: String
    var tags: [ACMTag]
    enum CodingKeys: String, CodingKey { case domainName = "DomainName", validationMethod = "ValidationMethod", idempotencyToken = "IdempotencyToken", tags = "Tags" }
}

struct RequestCertificateOutput: Decodable, Sendable {
    var certificateArn: String
    enum CodingKeys: String, CodingKey { case certificateArn = "CertificateArn" }
}

struct CertificateARNInput: Encodable, Sendable {
    var certificateArn: String
    enum CodingKeys: String, CodingKey { case certificateArn = "CertificateArn" }
}

struct DescribeCertificateOutput: Decodable, Sendable {
    var certificate: CertificateDetail?
    enum CodingKeys: String, CodingKey { case certificate = "Certificate" }
}

struct ListCertificatesInput: Encodable, Sendable {
    var certificateStatuses: [String]
    var nextToken: String?
    enum CodingKeys: String, CodingKey { case certificateStatuses = "CertificateStatuses", nextToken = "NextToken" }
}

struct ListCertificatesOutput: Decodable, Sendable {
    var certificateSummaryList: [CertificateSummary]?
    var nextToken: String?
    enum CodingKeys: String, CodingKey { case certificateSummaryList = "CertificateSummaryList", nextToken = "NextToken" }
}

struct ListTagsForCertificateOutput: Decodable, Sendable {
    var tags: [ACMTag]?
    enum CodingKeys: String, CodingKey { case tags = "Tags" }
}

package struct CertificateSummary: Decodable, Sendable, Equatable {
    package var certificateArn: String
    package var domainName: String?
    package var status: String?
    enum CodingKeys: String, CodingKey { case certificateArn = "CertificateArn", domainName = "DomainName", status = "Status" }
}

/// A certificate as DescribeCertificate reports it: its status, when it expires, and the DNS record that proves
/// the name is the requester's.
package struct CertificateDetail: Decodable, Sendable, Equatable {
    package var certificateArn: String
    package var domainName: String?
    /// PENDING_VALIDATION, ISSUED, INACTIVE, EXPIRED, VALIDATION_TIMED_OUT, REVOKED or FAILED.
    package var status: String?
    /// Seconds since 1970.
    package var notAfter: Double?
    package var domainValidationOptions: [DomainValidation]?
    package var inUseBy: [String]?
    package var failureReason: String?

    package init(certificateArn: String, domainName: String?, status: String?, notAfter: Double? = nil, domainValidationOptions: [DomainValidation]? = nil) {
        self.certificateArn = certificateArn
        self.domainName = domainName
        self.status = status
        self.notAfter = notAfter
        self.domainValidationOptions = domainValidationOptions
    }

    enum CodingKeys: String, CodingKey {
        case certificateArn = "CertificateArn", domainName = "DomainName", status = "Status", notAfter = "NotAfter"
        case domainValidationOptions = "DomainValidationOptions", inUseBy = "InUseBy", failureReason = "FailureReason"
    }

    /// The CNAME ACM asks for, once it has made it up (a few seconds after the request).
    package var validationRecord: ValidationRecord? { domainValidationOptions?.first?.resourceRecord }
}

package struct DomainValidation: Decodable, Sendable, Equatable {
    package var domainName: String
    package var validationStatus: String?
    package var resourceRecord: ValidationRecord?
    enum CodingKeys: String, CodingKey { case domainName = "DomainName", validationStatus = "ValidationStatus", resourceRecord = "ResourceRecord" }
}

package struct ValidationRecord: Decodable, Sendable, Equatable {
    package var name: String
    package var type: String
    package var value: String
    package init(name: String, type: String, value: String) {
        self.name = name
        self.type = type
        self.value = value
    }
    enum CodingKeys: String, CodingKey { case name = "Name", type = "Type", value = "Value" }
}
