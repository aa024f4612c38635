import AWSQuery
import AWSTransport
import Logging

/// The SNS operations behind `aws_cloudwatch`'s `alarm_email`: the topic the alarms notify and its email
/// subscription, one method per operation of the 2010-03-31 model (query protocol).
package struct SNSClient: Sendable {
    package let client: AWSClient
    package init(client: AWSClient) { self.client = client }

    /// Makes the topic, or returns the one of that name and tags (SNS's CreateTopic is idempotent on both).
    package func createTopic(_ name: String, tags: [String: String], logger: Logger) async throws -> String {
        guard let arn = try await call("CreateTopic", [("Name", name)] + QueryParameters.tags(tags), logger: logger)["TopicArn"] else {
            throw SNSError.other(AWSServiceError(service: "sns", operation: "CreateTopic", code: "MissingTopicArn", message: "the answer had no TopicArn", status: 200, requestID: nil))
        }
        return arn
    }

    /// The ARN of the account's topic called `name` in this region, every page of ListTopics read; `nil` when none.
    package func findTopic(named name: String, logger: Logger) async throws -> String? {
        var nextToken: String?
        repeat {
            let page = try await call("ListTopics", nextToken.map { [("NextToken", $0)] } ?? [], logger: logger)
            if let arn = page.members(of: "Topics").compactMap({ $0["TopicArn"] }).first(where: { $0.hasSuffix(":" + name) }) { return arn }
            nextToken = page["NextToken"]
        } while nextToken != nil
        return nil
    }

    /// Whether the topic exists.
    package func topicExists(_ arn: String, logger: Logger) async throws -> Bool {
        do {
            _ = try await call("GetTopicAttributes", [("TopicArn", arn)], logger: logger)
            return true
        } catch SNSError.notFound {
            return false
        }
    }

    package func listTagsForResource(_ arn: String, logger: Logger) async throws -> [String: String] {
        let tags = try await call("ListTagsForResource", [("ResourceArn", arn)], logger: logger).members(of: "Tags")
        return Dictionary(tags.compactMap { tag in tag["Key"].map { ($0, tag["Value"] ?? "") } }) { first, _ in first }
    }

    /// Every subscription of the topic, every page.
    package func listSubscriptionsByTopic(_ arn: String, logger: Logger) async throws -> [Subscription] {
        var subscriptions: [Subscription] = []
        var nextToken: String?
        repeat {
            let page = try await call("ListSubscriptionsByTopic", [("TopicArn", arn)] + (nextToken.map { [("NextToken", $0)] } ?? []), logger: logger)
            subscriptions += page.members(of: "Subscriptions").map {
                Subscription(arn: $0["SubscriptionArn"] ?? "", protocolName: $0["Protocol"] ?? "", endpoint: $0["Endpoint"] ?? "")
            }
            nextToken = page["NextToken"]
        } while nextToken != nil
        return subscriptions
    }

    /// Subscribes `endpoint`; an email subscription waits until its owner confirms it.
    package func subscribe(_ topicArn: String, protocolName: String, endpoint: String, logger: Logger) async throws {
        _ = try await call("Subscribe", [("TopicArn", topicArn), ("Protocol", protocolName), ("Endpoint", endpoint)], logger: logger)
    }

    package func unsubscribe(_ subscriptionArn: String, logger: Logger) async throws {
        _ = try await call("Unsubscribe", [("SubscriptionArn", subscriptionArn)], logger: logger)
    }

    /// Deletes the topic and its subscriptions; a topic already gone is no error (SNS answers 200).
    package func deleteTopic(_ arn: String, logger: Logger) async throws {
        _ = try await call("DeleteTopic", [("TopicArn", arn)], logger: logger)
    }

    private func call(_ action: String, _ parameters: [(String, String)], logger: Logger) async throws -> XMLNode {
        do {
            return try await client.query(.sns, action, parameters, logger: logger)
        } catch let error as AWSServiceError {
            throw SNSError(error)
        }
    }
}

/// A topic's subscription. `arn` is `PendingConfirmation` until an email's owner confirms it.
package struct Subscription: Sendable, Equatable {
    package var arn: String
    package var protocolName: String
    package var endpoint: String

    package var isPending: Bool { arn == "PendingConfirmation" }
}

/// The SNS error codes hoist acts on, spelled as the model's `error.code`.
package enum SNSError: AWSServiceErrorWrapping, Equatable, CustomStringConvertible {
    case notFound(AWSServiceError)
    case other(AWSServiceError)

    package init(_ error: AWSServiceError) {
        self = error.code == "NotFound" ? .notFound(error) : .other(error)
    }

    /// The answer as AWS gave it (operation, status, code, request id).
    package var serviceError: AWSServiceError {
        switch self {
        case .notFound(let error), .other(let error): error
        }
    }

    package var description: String { serviceError.description }
}
