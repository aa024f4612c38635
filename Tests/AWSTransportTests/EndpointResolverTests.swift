import AWSTransport
import Testing

@Suite("Endpoints")
struct EndpointResolverTests {
    @Test("regional endpoints per partition, IAM global and signed for the partition's home region")
    func partitions() throws {
        let aws = EndpointResolver(region: "eu-west-1", environment: [:])
        #expect(try aws.endpoint(for: .lambda).description == "https://lambda.eu-west-1.amazonaws.com")
        #expect(try aws.endpoint(for: .apiGatewayV2).description == "https://apigateway.eu-west-1.amazonaws.com")
        #expect(try aws.endpoint(for: .iam).description == "https://iam.amazonaws.com")
        #expect(try aws.endpoint(for: .iam).signingRegion == "us-east-1")
        let china = EndpointResolver(region: "cn-northwest-1", environment: [:])
        #expect(try china.endpoint(for: .dynamoDB).description == "https://dynamodb.cn-northwest-1.amazonaws.com.cn")
        #expect(try china.endpoint(for: .iam).signingRegion == "cn-north-1")
        #expect(try china.endpoint(for: .route53).description == "https://route53.amazonaws.com.cn")
        #expect(try china.endpoint(for: .route53).signingRegion == "cn-northwest-1", "Route 53's credential scope in China is not IAM's")
        #expect(try aws.endpoint(for: .route53).signingRegion == "us-east-1")
        let gov = EndpointResolver(region: "us-gov-west-1", environment: [:])
        #expect(try gov.endpoint(for: .iam).description == "https://iam.us-gov.amazonaws.com")
        #expect(try gov.endpoint(for: .logs).description == "https://logs.us-gov-west-1.amazonaws.com")
        #expect(try gov.endpoint(for: .route53).description == "https://route53.us-gov.amazonaws.com")
        #expect(try gov.endpoint(for: .route53).signingRegion == "us-gov-west-1")
    }

    @Test("AWS_ENDPOINT_URL_<SERVICE> beats AWS_ENDPOINT_URL")
    func overrides() throws {
        let resolver = EndpointResolver(
            region: "us-east-1", environment: ["AWS_ENDPOINT_URL": "http://127.0.0.1:5000", "AWS_ENDPOINT_URL_DYNAMODB": "http://localhost:8000/ddb/"])
        #expect(try resolver.endpoint(for: .dynamoDB) == Endpoint(scheme: "http", host: "localhost", port: 8000, basePath: "/ddb", signingRegion: "us-east-1"))
        #expect(try resolver.endpoint(for: .sts).hostHeader == "127.0.0.1:5000")
    }

    @Test("start-up validation names a malformed override of a service hoist calls and ignores other services'")
    func validateOverrides() {
        let bad = EndpointResolver(region: "us-east-1", environment: ["AWS_ENDPOINT_URL_CLOUDWATCH_LOGS": "http://h/?x=1", "AWS_ENDPOINT_URL_SQS": "not a url"])
        #expect(throws: EndpointResolver.ResolutionError.invalidOverride(variable: "AWS_ENDPOINT_URL_CLOUDWATCH_LOGS", value: "http://h/?x=1")) {
            try bad.validateOverrides()
        }
        let unrelated = EndpointResolver(region: "us-east-1", environment: ["AWS_ENDPOINT_URL_SQS": "not a url", "AWS_ENDPOINT_URL": "http://127.0.0.1:5000"])
        #expect(throws: Never.self) { try unrelated.validateOverrides() }
    }

    @Test("a malformed override names the variable")
    func badOverride() {
        let resolver = EndpointResolver(region: "us-east-1", environment: ["AWS_ENDPOINT_URL_LAMBDA": "localhost:5000"])
        #expect(throws: EndpointResolver.ResolutionError.invalidOverride(variable: "AWS_ENDPOINT_URL_LAMBDA", value: "localhost:5000")) {
            try resolver.endpoint(for: .lambda)
        }
    }
}
