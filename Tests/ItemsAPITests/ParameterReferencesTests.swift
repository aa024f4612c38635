import AWSSigV4
import HoistRuntime
import HoistTestSupport
import Testing

/// The runtime's cold-start read of `ssm:` references, against moto's Parameter Store with its signature check.
@Suite struct ParameterReferencesTests {
    @Test("every reference gets its parameter's decrypted value, ten names per call; a missing one names itself and its variable")
    func resolve() async throws {
        try await withMotoServer { moto in
            let names = (1...11).map { "/shop/key-\($0)" }
            _ = try await PythonScript.run(
                "Tests/HoistCLITests/parameter.py",
                arguments: [moto.endpoint, moto.credentials.accessKeyID, moto.credentials.secretAccessKey, "put"] + names.flatMap { [$0, "value of \($0)"] })
            var environment = [
                "AWS_REGION": "us-east-1", "AWS_ENDPOINT_URL": moto.endpoint, "AWS_ACCESS_KEY_ID": moto.credentials.accessKeyID,
                "AWS_SECRET_ACCESS_KEY": moto.credentials.secretAccessKey, "MODE": "fast", "AGAIN": "ssm:/shop/key-1",
            ]
            for (index, name) in names.enumerated() { environment["KEY_\(index + 1)"] = "ssm:\(name)" }
            let values = try await ParameterReferences.resolve(environment)
            #expect(values.count == 12 && values["KEY_11"] == "value of /shop/key-11" && values["AGAIN"] == "value of /shop/key-1" && values["MODE"] == nil)

            environment["LOST"] = "ssm:/shop/lost"
            await #expect {
                try await ParameterReferences.resolve(environment)
            } throws: { error in
                "\(error)" == "Parameter Store has no ssm:/shop/lost (referenced by LOST); create it or fix hoist.yml"
            }
        }
    }
}
