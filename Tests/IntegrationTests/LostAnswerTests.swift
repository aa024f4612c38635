import AWSIAM
import AWSTransport
import HoistTestSupport
import Logging
import Testing

/// Answers lost after AWS acted on the request (scripts/fault_injection.py closes the connection once moto
/// has applied it): the transport says so, and never sends a create twice on its own.
@Suite("Lost answers against moto")
struct LostAnswerTests {
    @Test("a create whose answer is lost is sent once and reported as possibly applied; a read is retried")
    func lostAnswers() async throws {
        try await withMotoServer { moto in
            let iam = IAMClient(client: moto.client())
            let logger = Logger(label: "test")
            try await moto.setFaults(error: 0, drop: 1)
            let input = CreateRoleInput(roleName: "lost-answer", assumeRolePolicyDocument: #"{"Version":"2012-10-17","Statement":[]}"#, description: nil, tags: [:])
            await #expect {
                try await iam.createRole(input, logger: logger)
            } throws: { error in
                guard case .answerLost = error as? TransportError else { return false }
                let message = "\(error)"
                return RetryPolicy.outcomeUnknown(error) && message.contains("may have been applied") && message.contains("run the command again")
            }
            #expect(try moto.requests().filter { $0.action == "CreateRole" }.count == 1)
            await #expect(throws: TransportError.self) { try await iam.getRole("lost-answer", logger: logger) }
            #expect(try moto.requests().filter { $0.action == "GetRole" }.count == 3)
            try await moto.setFaults(error: 0, drop: 0)
            #expect(try await iam.getRole("lost-answer", logger: logger)?.roleName == "lost-answer", "the create was applied although its answer was lost")
        }
    }
}
