import AWSQuery
import AWSSigV4
import AWSTransport
import Logging

/// The IAM operations hoist uses for the function's execution role, one method per operation of the
/// 2010-05-08 model.
package struct IAMClient: Sendable {
    package let client: AWSClient
    package init(client: AWSClient) { self.client = client }

    package func createRole(_ input: CreateRoleInput, logger: Logger) async throws -> Role {
        var parameters = [("RoleName", input.roleName), ("AssumeRolePolicyDocument", input.assumeRolePolicyDocument)]
        if let description = input.description { parameters.append(("Description", description)) }
        if let boundary = input.permissionsBoundary { parameters.append(("PermissionsBoundary", boundary)) }
        parameters += QueryParameters.tags(input.tags)
        return try Role(try await call("CreateRole", parameters, idempotent: false, logger: logger).child("Role"))
    }

    /// `nil` when the role does not exist.
    package func getRole(_ roleName: String, logger: Logger) async throws -> Role? {
        do {
            return try Role(try await call("GetRole", [("RoleName", roleName)], logger: logger).child("Role"))
        } catch IAMError.noSuchEntity {
            return nil
        }
    }

    package func deleteRole(_ roleName: String, logger: Logger) async throws {
        _ = try await call("DeleteRole", [("RoleName", roleName)], logger: logger)
    }

    package func updateAssumeRolePolicy(_ roleName: String, policyDocument: String, logger: Logger) async throws {
        _ = try await call("UpdateAssumeRolePolicy", [("RoleName", roleName), ("PolicyDocument", policyDocument)], logger: logger)
    }

    /// Sets (or replaces) the managed policy that caps what the role may ever be allowed.
    package func putRolePermissionsBoundary(_ roleName: String, boundary: String, logger: Logger) async throws {
        _ = try await call("PutRolePermissionsBoundary", [("RoleName", roleName), ("PermissionsBoundary", boundary)], logger: logger)
    }

    package func putRolePolicy(_ roleName: String, policyName: String, policyDocument: String, logger: Logger) async throws {
        _ = try await call("PutRolePolicy", [("RoleName", roleName), ("PolicyName", policyName), ("PolicyDocument", policyDocument)], logger: logger)
    }

    /// The inline policy's document (decoded JSON text), or `nil` when there is no such policy.
    package func getRolePolicy(_ roleName: String, policyName: String, logger: Logger) async throws -> String? {
        do {
            let result = try await call("GetRolePolicy", [("RoleName", roleName), ("PolicyName", policyName)], logger: logger)
            return result["PolicyDocument"].map(URIEncoding.decode)
        } catch IAMError.noSuchEntity {
            return nil
        }
    }

    package func deleteRolePolicy(_ roleName: String, policyName: String, logger: Logger) async throws {
        _ = try await call("DeleteRolePolicy", [("RoleName", roleName), ("PolicyName", policyName)], logger: logger)
    }

    package func listRolePolicies(_ roleName: String, logger: Logger) async throws -> [String] {
        try await call("ListRolePolicies", [("RoleName", roleName)], logger: logger).members(of: "PolicyNames").map(\.text)
    }

    package func detachRolePolicy(_ roleName: String, policyArn: String, logger: Logger) async throws {
        _ = try await call("DetachRolePolicy", [("RoleName", roleName), ("PolicyArn", policyArn)], logger: logger)
    }

    /// The ARNs of the managed policies attached to the role.
    package func listAttachedRolePolicies(_ roleName: String, logger: Logger) async throws -> [String] {
        try await call("ListAttachedRolePolicies", [("RoleName", roleName)], logger: logger).members(of: "AttachedPolicies").compactMap { $0["PolicyArn"] }
    }

    private func call(_ action: String, _ parameters: [(String, String)], idempotent: Bool = true, logger: Logger) async throws -> XMLNode {
        do {
            return try await client.query(.iam, action, parameters, idempotent: idempotent, logger: logger)
        } catch let error as AWSServiceError {
            throw IAMError(error)
        }
    }
}

package struct CreateRoleInput: Sendable, Equatable {
    package var roleName: String
    /// JSON text of the trust policy.
    package var assumeRolePolicyDocument: String
    package var description: String?
    package var tags: [String: String]
    /// The ARN of the managed policy that caps the role's permissions.
    package var permissionsBoundary: String?

    package init(roleName: String, assumeRolePolicyDocument: String, description: String? = nil, tags: [String: String] = [:], permissionsBoundary: String? = nil) {
        self.roleName = roleName
        self.assumeRolePolicyDocument = assumeRolePolicyDocument
        self.description = description
        self.tags = tags
        self.permissionsBoundary = permissionsBoundary
    }
}

package struct Role: Sendable, Equatable {
    package var roleName: String
    package var roleId: String
    package var arn: String
    /// The trust policy as JSON text (IAM sends it URL-encoded; this is decoded).
    package var assumeRolePolicyDocument: String?
    /// `GetRole` answers with the role's tags.
    package var tags: [String: String]
    /// The ARN of its permissions boundary, when it has one.
    package var permissionsBoundary: String?

    init(_ node: XMLNode?) throws {
        guard let node, let name = node["RoleName"], let arn = node["Arn"] else {
            throw IAMError.other(AWSServiceError(service: "iam", operation: "Role", code: "MissingRole", message: "the answer had no Role", status: 200, requestID: nil))
        }
        roleName = name
        roleId = node["RoleId"] ?? ""
        self.arn = arn
        assumeRolePolicyDocument = node["AssumeRolePolicyDocument"].map(URIEncoding.decode)
        permissionsBoundary = node["PermissionsBoundary", "PermissionsBoundaryArn"]
        tags = Dictionary(node.members(of: "Tags").compactMap { tag in tag["Key"].map { ($0, tag["Value"] ?? "") } }) { first, _ in first }
    }
}

/// The IAM error codes hoist acts on, spelled as the model's `error.code` (`NoSuchEntity`).
package enum IAMError: AWSServiceErrorWrapping, Equatable, CustomStringConvertible {
    case noSuchEntity(AWSServiceError)
    case entityAlreadyExists(AWSServiceError)
    case other(AWSServiceError)

    package init(_ error: AWSServiceError) {
        switch error.code {
        case "NoSuchEntity": self = .noSuchEntity(error)
        case "EntityAlreadyExists": self = .entityAlreadyExists(error)
        default: self = .other(error)
        }
    }

    /// The answer as AWS gave it (operation, status, code, request id), whichever case it became.
    package var serviceError: AWSServiceError {
        switch self {
        case .noSuchEntity(let error), .entityAlreadyExists(let error), .other(let error): error
        }
    }

    package var description: String { serviceError.description }
}
