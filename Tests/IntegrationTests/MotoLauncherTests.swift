import AWSSigV4
import Foundation
import HoistTestSupport
import Testing

/// The launcher replaces moto's signature check with one over raw bytes and adds AWS's service-model
/// validation; these checks prove it neither refuses correct requests (moto's own check does) nor lets through
/// a wrongly signed one or one that AWS's model refuses.
@Suite("moto launcher signature check")
struct MotoLauncherTests {
    @Test("accepts boto3's requests of every protocol, refuses wrong keys, tampered requests and what the service model refuses")
    func signatureCheck() async throws {
        try await withMotoServer { moto in
            let output = try await PythonScript.run(
                "Tests/IntegrationTests/launcher_check.py", arguments: [moto.endpoint, moto.credentials.accessKeyID, moto.credentials.secretAccessKey])
            let results = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any] ?? [:]
            #expect(results["boto3 sts GetCallerIdentity (query)"] as? String == "ok")
            #expect(results["boto3 dynamodb ListTables (json)"] as? String == "ok")
            #expect(results["boto3 lambda ListFunctions (GET)"] as? String == "ok")
            #expect(results["boto3 apigatewayv2 DeleteStage $default (DELETE, escaped path)"] as? String == "ok")
            #expect(results["boto3 with a wrong secret"] as? String == "SignatureDoesNotMatch")
            #expect(results["raw signed request"] as? Int == 200)
            #expect(results["raw request, body changed after signing"] as? Int == 403)
            #expect(results["raw request, query added after signing"] as? Int == 403)
            for refused in [
                "dynamodb enum outside the model", "dynamodb misspelled member", "lambda value below the model's minimum",
                "lambda name over the model's maximum length", "apigatewayv2 enum outside the model",
            ] {
                #expect(results[refused] as? String == "400 ValidationException", "\(refused)")
            }
            #expect(results["iam required member missing"] as? String == "400 ValidationError")
            #expect(results["iam name outside the model's pattern"] as? String == "400 ValidationError")
            #expect(results["dynamodb valid request"] as? Int == 200)
        }
    }

    @Test("real-AWS mode: role propagation, Pending and InProgress functions, CREATING and DELETING tables, a held clock, unique names, throttling, injected faults")
    func realAWSMode() async throws {
        // AWS's own delays: the check asserts what happens inside each window, which must stay open longer than
        // a loaded machine takes between two calls.
        try await withMotoServer(realistic: 1.0) { moto in
            let output = try await PythonScript.run(
                "Tests/IntegrationTests/real_aws_check.py", arguments: [moto.endpoint, moto.credentials.accessKeyID, moto.credentials.secretAccessKey, "1.0"])
            let results = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any] ?? [:]
            let inProgress = "409 ResourceConflictException: The operation cannot be performed at this time. An update is in progress for resource: arn:aws:lambda:us-east-1:123456789012:function:probe"
            #expect(results["function with a new role"] as? String == "400 InvalidParameterValueException: The role defined for the function cannot be assumed by Lambda.")
            #expect(results["role assumable within 1.5x its delay"] as? Bool == true)
            #expect(results["state after create"] as? String == "Pending")
            #expect(results["update while pending"] as? String == inProgress)
            #expect(results["permission while pending"] as? String == inProgress)
            #expect(results["active within 1.5x its delay"] as? Bool == true)
            #expect(results["status after update"] as? String == "InProgress")
            #expect(results["code update during update"] as? String == inProgress)
            #expect((results["same statement id again"] as? String)?.hasPrefix("409 ResourceConflictException: The statement id (s) provided already exists") == true)
            #expect(results["table status after create"] as? String == "CREATING")
            #expect(results["item while creating"] as? String == "400 ResourceNotFoundException: Requested resource not found")
            #expect(results["clock held"] as? Int == 204)
            #expect(results["table status past its delay, clock held"] as? String == "CREATING")
            #expect(results["delete while creating"] as? String == "400 ResourceInUseException: Attempt to change a resource which is still in use: Table is being created: probe")
            #expect(results["table status after delete"] as? String == "DELETING")
            #expect(results["create while deleting"] as? String == "400 ResourceInUseException: Attempt to change a resource which is still in use: Table is being deleted: probe")
            #expect(results["gone within 1.5x its delay"] as? Bool == true)
            #expect(results["create after deleted"] as? String == "ok")
            #expect(results["same route key again"] as? String == "409 ConflictException: Route with key $default already exists for this API")
            #expect(results["same stage again"] as? String == "409 ConflictException: Stage already exists: $default")
            let burst = results["apigateway burst"] as? [String: Any]
            #expect(burst?["as the bucket allows"] as? Bool == true, "API Gateway's 10 requests a second: \(String(describing: burst))")
            #expect(results["every answer an injected error"] as? [String] == ["400 Throttling", "500 InternalFailure", "503 ServiceUnavailable"])
            #expect(results["dropped answer"] as? String == "connection lost")
            #expect(results["applied although its answer was lost"] as? String == "ok")
        }
    }
}
