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
}
