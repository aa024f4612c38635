import AWSACM
import AWSAPIGatewayV2
import AWSCloudWatch
import AWSCognito
import AWSDynamoDB
import AWSIAM
import AWSLambda
import AWSLogs
import AWSRoute53
import AWSSNS
import AWSSSM
import AWSSTS
import AWSTransport

/// The service clients the engine drives, built once from one transport.
package struct StackClients: Sendable {
    package var sts: STSClient
    package var iam: IAMClient
    package var lambda: LambdaClient
    package var apiGateway: APIGatewayV2Client
    package var dynamoDB: DynamoDBClient
    package var logs: LogsClient
    package var ssm: SSMClient
    package var cognito: CognitoClient
    package var cloudWatch: CloudWatchClient
    package var sns: SNSClient
    package var acm: ACMClient
    package var route53: Route53Client

    package init(client: AWSClient) {
        sts = STSClient(client: client)
        iam = IAMClient(client: client)
        lambda = LambdaClient(client: client)
        apiGateway = APIGatewayV2Client(client: client)
        dynamoDB = DynamoDBClient(client: client)
        logs = LogsClient(client: client)
        ssm = SSMClient(client: client)
        cognito = CognitoClient(client: client)
        cloudWatch = CloudWatchClient(client: client)
        sns = SNSClient(client: client)
        acm = ACMClient(client: client)
        route53 = Route53Client(client: client)
    }
}
