import AWSSigV4
import AWSSigV4BoringSSL
import Foundation

// Signs a realistic DynamoDB PutItem request over and over, the way the transport does (`authorize`), and
// prints signs per second as JSON.
// scripts/bench-sigv4 runs it beside botocore's SigV4Auth on the same request.

let body = Array(#"{"TableName":"my-api-dev-table","Item":{"pk":{"S":"ITEM"},"sk":{"S":"6f1c2b9e-8d7a-4f57-9b1e-2a3c4d5e6f70"},"name":{"S":"widget"},"createdAt":{"S":"2026-11-25T20:00:00Z"}}}"#.utf8)
let signer = SigV4Signer(
    credentials: AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", sessionToken: "FwoGZXIvYXdzEXAMPLETOKEN"),
    region: "us-east-1", service: "dynamodb")

let seconds = Double(CommandLine.arguments.dropFirst().first ?? "2") ?? 2
var count = 0
var checksum = 0
let clock = ContinuousClock()
let start = clock.now
let base = Int64(Date().timeIntervalSince1970)
while clock.now - start < .seconds(seconds) {
    for _ in 0..<1000 {
        // Built afresh each time as the transport builds it (AWSClient.attemptOnce: one array with room for
        // what signing adds), and as botocore's benchmark builds its AWSRequest.
        var headers: [(name: String, value: String)] = []
        headers.reserveCapacity(8)
        headers.append((name: "Host", value: "dynamodb.us-east-1.amazonaws.com"))
        headers.append((name: "Content-Type", value: "application/x-amz-json-1.0"))
        headers.append((name: "X-Amz-Target", value: "DynamoDB_20120810.PutItem"))
        var request = SigningRequest(method: "POST", path: "/", headers: headers, payload: .bytes(body))
        signer.authorize(&request, date: AmzDate(secondsSince1970: base + Int64(count & 63)))
        checksum &+= request.headers[request.headers.count - 1].value.utf8.count
        count += 1
    }
}
let elapsed = clock.now - start
let elapsedSeconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
print(#"{"signs": \#(count), "seconds": \#(elapsedSeconds), "checksum": \#(checksum)}"#)
