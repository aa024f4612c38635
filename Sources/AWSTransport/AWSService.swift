import AWSSigV4

/// What the transport needs to know of a service: how to reach it, sign for it and speak to it.
///
/// The values come from each service's botocore model (`metadata`: `protocol`, `signingName`,
/// `endpointPrefix`, `targetPrefix`, `jsonVersion`, `apiVersion`), so they are facts, not guesses.
package struct AWSService: Sendable, Hashable {
    /// The name in errors and logs (`iam`, `lambda`, …).
    package var name: String
    /// The host label of regional endpoints (`<prefix>.<region>.amazonaws.com`).
    package var endpointPrefix: String
    /// The service name in the credential scope (API Gateway v2 signs as `apigateway`).
    package var signingName: String
    /// The suffix of `AWS_ENDPOINT_URL_<SERVICE>`, the SDKs' per-service endpoint override.
    package var endpointEnvironmentName: String
    package var wireProtocol: WireProtocol
    /// Global services (IAM) have one endpoint per partition and sign for its home region.
    package var isGlobal: Bool
    /// How its requests are signed: S3 has its own rules for the path and the payload hash.
    package var signing: SigV4Options

    package enum WireProtocol: Sendable, Hashable {
        /// Form-encoded `Action=…&Version=…` bodies, XML answers (IAM, STS).
        case query(apiVersion: String)
        /// JSON bodies posted to `/` with `X-Amz-Target: <targetPrefix>.<Operation>` (DynamoDB, Logs).
        case json(version: String, targetPrefix: String)
        /// Operations are HTTP methods on resource paths with JSON bodies (Lambda, API Gateway v2).
        case restJSON
        /// Operations are HTTP methods on resource paths, bodies and errors are XML, or the object itself (S3).
        case restXML
    }

    package init(
        name: String, endpointPrefix: String, signingName: String, endpointEnvironmentName: String, wireProtocol: WireProtocol, isGlobal: Bool = false,
        signing: SigV4Options = SigV4Options()
    ) {
        self.name = name
        self.endpointPrefix = endpointPrefix
        self.signingName = signingName
        self.endpointEnvironmentName = endpointEnvironmentName
        self.wireProtocol = wireProtocol
        self.isGlobal = isGlobal
        self.signing = signing
    }

    package static let iam = AWSService(
        name: "iam", endpointPrefix: "iam", signingName: "iam", endpointEnvironmentName: "IAM", wireProtocol: .query(apiVersion: "2010-05-08"), isGlobal: true)
    package static let sts = AWSService(
        name: "sts", endpointPrefix: "sts", signingName: "sts", endpointEnvironmentName: "STS", wireProtocol: .query(apiVersion: "2011-06-15"))
    package static let lambda = AWSService(
        name: "lambda", endpointPrefix: "lambda", signingName: "lambda", endpointEnvironmentName: "LAMBDA", wireProtocol: .restJSON)
    package static let apiGatewayV2 = AWSService(
        name: "apigatewayv2", endpointPrefix: "apigateway", signingName: "apigateway", endpointEnvironmentName: "APIGATEWAYV2", wireProtocol: .restJSON)
    package static let dynamoDB = AWSService(
        name: "dynamodb", endpointPrefix: "dynamodb", signingName: "dynamodb", endpointEnvironmentName: "DYNAMODB",
        wireProtocol: .json(version: "1.0", targetPrefix: "DynamoDB_20120810"))
    package static let logs = AWSService(
        name: "logs", endpointPrefix: "logs", signingName: "logs", endpointEnvironmentName: "CLOUDWATCH_LOGS",
        wireProtocol: .json(version: "1.1", targetPrefix: "Logs_20140328"))
    package static let ssm = AWSService(
        name: "ssm", endpointPrefix: "ssm", signingName: "ssm", endpointEnvironmentName: "SSM", wireProtocol: .json(version: "1.1", targetPrefix: "AmazonSSM"))
    /// The function's and the API's metrics, for `hoist metrics`.
    package static let cloudWatch = AWSService(
        name: "cloudwatch", endpointPrefix: "monitoring", signingName: "monitoring", endpointEnvironmentName: "CLOUDWATCH",
        wireProtocol: .json(version: "1.0", targetPrefix: "GraniteServiceVersion20100801"))
    /// The topic `aws_cloudwatch`'s alarms notify.
    package static let sns = AWSService(name: "sns", endpointPrefix: "sns", signingName: "sns", endpointEnvironmentName: "SNS", wireProtocol: .query(apiVersion: "2010-03-31"))
    /// The user pool behind `auth: {type: cognito}`.
    package static let cognitoIdentityProvider = AWSService(
        name: "cognito-idp", endpointPrefix: "cognito-idp", signingName: "cognito-idp", endpointEnvironmentName: "COGNITO_IDENTITY_PROVIDER",
        wireProtocol: .json(version: "1.1", targetPrefix: "AWSCognitoIdentityProviderService"))

    /// A custom domain's certificate, in the API's region.
    package static let acm = AWSService(
        name: "acm", endpointPrefix: "acm", signingName: "acm", endpointEnvironmentName: "ACM", wireProtocol: .json(version: "1.1", targetPrefix: "CertificateManager"))
    /// A custom domain's records: one endpoint per partition, as IAM.
    package static let route53 = AWSService(
        name: "route53", endpointPrefix: "route53", signingName: "route53", endpointEnvironmentName: "ROUTE_53", wireProtocol: .restXML, isGlobal: true)

    /// Team state: the environment's state file and its lock as objects (path-style addressing, so a bucket
    /// name with dots and any endpoint override work alike).
    package static let s3 = AWSService(name: "s3", endpointPrefix: "s3", signingName: "s3", endpointEnvironmentName: "S3", wireProtocol: .restXML, signing: .s3)

    /// IAM Identity Center's portal and its OIDC token service: logins, not deployments. Their calls carry a
    /// bearer token or a client secret instead of a signature.
    package static let sso = AWSService(
        name: "sso", endpointPrefix: "portal.sso", signingName: "awsssoportal", endpointEnvironmentName: "SSO", wireProtocol: .restJSON)
    package static let ssoOIDC = AWSService(
        name: "sso-oidc", endpointPrefix: "oidc", signingName: "sso-oauth", endpointEnvironmentName: "SSO_OIDC", wireProtocol: .restJSON)

    /// Every service hoist calls.
    package static let all: [AWSService] = [
        .iam, .sts, .lambda, .apiGatewayV2, .dynamoDB, .logs, .cloudWatch, .sns, .ssm, .cognitoIdentityProvider, .acm, .route53, .s3, .sso, .ssoOIDC,
    ]
}
