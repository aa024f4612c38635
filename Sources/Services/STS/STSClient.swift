import AWSQuery
import AWSSigV4
import AWSTransport
import Logging

/// The STS operations hoist uses: who am I, and become a role.
package struct STSClient: Sendable {
    package let client: AWSClient

    package init(client: AWSClient) { self.client = client }

    /// `GetCallerIdentity`: works with any valid credentials and needs no permission, so it is the cheapest
    /// proof that the credentials and the endpoint are right.
    package func getCallerIdentity(logger: Logger) async throws -> CallerIdentity {
        let result = try await call("GetCallerIdentity", [], logger: logger)
        return CallerIdentity(account: result["Account"] ?? "", arn: result["Arn"] ?? "", userID: result["UserId"] ?? "")
    }

    /// `AssumeRole`, for profiles with `role_arn`.
    package func assumeRole(_ input: AssumeRoleInput, logger: Logger) async throws -> AssumeRoleOutput {
        var parameters = [("RoleArn", input.roleARN), ("RoleSessionName", input.roleSessionName)]
        if let duration = input.durationSeconds { parameters.append(("DurationSeconds", String(duration))) }
        if let externalID = input.externalID { parameters.append(("ExternalId", externalID)) }
        if let serialNumber = input.serialNumber, let tokenCode = input.tokenCode {
            parameters += [("SerialNumber", serialNumber), ("TokenCode", tokenCode)]
        }
        return try output(of: "AssumeRole", try await call("AssumeRole", parameters, logger: logger))
    }

    /// `AssumeRoleWithWebIdentity`, for CI and cluster logins (OIDC): sent unsigned, as the model's
    /// `authtype: none` says, since the token is the proof and no credentials exist yet.
    package func assumeRoleWithWebIdentity(_ input: AssumeRoleInput, token: String, logger: Logger) async throws -> AssumeRoleOutput {
        var parameters = [("RoleArn", input.roleARN), ("RoleSessionName", input.roleSessionName), ("WebIdentityToken", token)]
        if let duration = input.durationSeconds { parameters.append(("DurationSeconds", String(duration))) }
        return try output(of: "AssumeRoleWithWebIdentity", try await call("AssumeRoleWithWebIdentity", parameters, signed: false, logger: logger))
    }

    private func output(of operation: String, _ result: XMLNode) throws -> AssumeRoleOutput {
        guard let credentials = result.child("Credentials"), let accessKey = credentials["AccessKeyId"], let secret = credentials["SecretAccessKey"] else {
            throw STSError.other(
                AWSServiceError(service: "sts", operation: operation, code: "MissingCredentials", message: "the answer had no Credentials", status: 200, requestID: nil))
        }
        return AssumeRoleOutput(
            credentials: AWSCredentials(accessKeyID: accessKey, secretAccessKey: secret, sessionToken: credentials["SessionToken"]),
            expiration: credentials["Expiration"] ?? "",
            assumedRoleARN: result["AssumedRoleUser", "Arn"] ?? "")
    }

    private func call(_ action: String, _ parameters: [(String, String)], signed: Bool = true, logger: Logger) async throws -> XMLNode {
        do {
            return try await client.query(.sts, action, parameters, signed: signed, logger: logger)
        } catch let error as AWSServiceError {
            throw STSError(error)
        }
    }
}

package struct CallerIdentity: Sendable, Equatable, Codable {
    package var account: String
    package var arn: String
    package var userID: String
}

package struct AssumeRoleInput: Sendable, Equatable {
    package var roleARN: String
    package var roleSessionName: String
    package var durationSeconds: Int?
    package var externalID: String?
    /// The MFA device (`mfa_serial`) and its current code, for roles that require MFA.
    package var serialNumber: String?
    package var tokenCode: String?

    package init(roleARN: String, roleSessionName: String, durationSeconds: Int? = nil, externalID: String? = nil, serialNumber: String? = nil, tokenCode: String? = nil) {
        self.roleARN = roleARN
        self.roleSessionName = roleSessionName
        self.durationSeconds = durationSeconds
        self.externalID = externalID
        self.serialNumber = serialNumber
        self.tokenCode = tokenCode
    }
}

package struct AssumeRoleOutput: Sendable, Equatable {
    package var credentials: AWSCredentials
    /// ISO 8601, as STS sends it.
    package var expiration: String
    package var assumedRoleARN: String
}

/// The STS error codes hoist acts on, spelled as the model's `error.code`.
package enum STSError: AWSServiceErrorWrapping, Equatable, CustomStringConvertible {
    case expiredToken(AWSServiceError)
    case regionDisabled(AWSServiceError)
    case other(AWSServiceError)

    package init(_ error: AWSServiceError) {
        switch error.code {
        case "ExpiredTokenException": self = .expiredToken(error)
        case "RegionDisabledException": self = .regionDisabled(error)
        default: self = .other(error)
        }
    }

    /// The answer as AWS gave it (operation, status, code, request id), whichever case it became.
    package var serviceError: AWSServiceError {
        switch self {
        case .expiredToken(let error), .regionDisabled(let error), .other(let error): error
        }
    }

    package var description: String {
        switch self {
        case .expiredToken(let error): "\(error); refresh your credentials"
        case .regionDisabled(let error): "\(error); enable STS in this region or choose another region"
        case .other(let error): error.description
        }
    }
}
