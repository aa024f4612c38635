import AWSTransport
import HoistEngine
import HoistTestSupport
import Testing

/// `CreateOnce` decides, from the error and a look, whether to adopt, create again or fail: no I/O here.
@Suite("CreateOnce")
struct CreateOnceTests {
    struct AlreadyExists: Error {}
    static let lost = TransportError.answerLost(service: "iam", operation: "CreateRole", endpoint: "http://127.0.0.1:1", underlying: "reset")
    static let refusedByModel = AWSServiceError(service: "iam", operation: "CreateRole", code: "ValidationError", message: "bad", status: 400, requestID: nil)

    @Test("a lost answer whose create was applied: the resource found is adopted, the create is not sent again")
    func lostAndApplied() async throws {
        let creates = LockedBox(0)
        let made = try await CreateOnce.run {
            creates.mutate { $0 += 1 }
            throw Self.lost
        } find: {
            "found"
        }
        #expect(made == "found" && creates.value == 1)
    }

    @Test("a lost answer whose create was not applied: nothing is found, so it is sent again")
    func lostAndNotApplied() async throws {
        let creates = LockedBox(0)
        let made = try await CreateOnce.run { () async throws -> String in
            creates.mutate { $0 += 1 }
            if creates.value < 3 { throw Self.lost }
            return "made"
        } find: {
            nil
        }
        #expect(made == "made" && creates.value == 3)
    }

    @Test("every answer lost: after CreateOnce.attempts creates and looks, the last error is thrown")
    func boundedAttempts() async throws {
        let creates = LockedBox(0)
        await #expect(throws: TransportError.self) {
            _ = try await CreateOnce.run { () async throws -> String in
                creates.mutate { $0 += 1 }
                throw Self.lost
            } find: {
                nil
            }
        }
        #expect(creates.value == CreateOnce.attempts)
    }

    @Test("'already exists': success when what exists is the one wanted, the error when it is not; a 4xx is thrown at once")
    func alreadyExists() async throws {
        let adopted = try await CreateOnce.run { () async throws -> String in throw AlreadyExists() } find: { "ours" } alreadyExists: { $0 is AlreadyExists }
        #expect(adopted == "ours")
        await #expect(throws: AlreadyExists.self) {
            _ = try await CreateOnce.run { () async throws -> String in throw AlreadyExists() } find: { nil } alreadyExists: { $0 is AlreadyExists }
        }
        let looks = LockedBox(0)
        await #expect(throws: AWSServiceError.self) {
            _ = try await CreateOnce.run { () async throws -> String in throw Self.refusedByModel } find: {
                looks.mutate { $0 += 1 }
                return "never"
            }
        }
        #expect(looks.value == 0)
    }
}
