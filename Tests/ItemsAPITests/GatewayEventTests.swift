import Foundation
import HoistLocal
import HoistRuntime
import Testing

/// `hoist local` and the function share the payload 2.0 types: what hoist local sends is what the function
/// decodes, and what the function answers is what hoist local reads.
@Suite struct GatewayEventTests {
    let now = Date(timeIntervalSince1970: 1_796_000_000)

    func event(_ method: String, _ uri: String, headers: [(name: String, value: String)] = [], body: [UInt8] = []) throws -> (APIGatewayV2Request, [String: Any]) {
        let event = GatewayEvent.event(for: .init(method: method, uri: uri, headers: headers, body: body), requestID: "r-1", now: now)
        let payload = try GatewayEvent.payload(event)
        // The function's own decoding of the bytes the Runtime API hands it.
        #expect(try JSONDecoder().decode(APIGatewayV2Request.self, from: Data(payload)) == event)
        return (event, try #require(try JSONSerialization.jsonObject(with: Data(payload)) as? [String: Any]))
    }

    @Test func requestsBecomeTheFunctionsEvent() throws {
        let (event, json) = try event(
            "POST", "/items?tag=a+b&tag=c&limit=2",
            headers: [(name: "Cookie", value: "a=1; b=2"), (name: "X-Multi", value: "1"), (name: "X-Multi", value: "2"), (name: "Content-Type", value: "application/json")],
            body: Array(#"{"name":"x"}"#.utf8))
        #expect(event.method == "POST" && event.rawPath == "/items" && event.rawQueryString == "tag=a+b&tag=c&limit=2")
        #expect(event.queryStringParameters == ["tag": "a b,c", "limit": "2"])
        #expect(event.cookies == ["a=1", "b=2"] && event.headers?["cookie"] == nil)
        #expect(event.headers?["x-multi"] == "1,2")
        #expect(event.body == #"{"name":"x"}"# && event.isBase64Encoded == false)
        // The members AWS documents for payload 2.0, as JSON.
        #expect(json["version"] as? String == "2.0" && json["routeKey"] as? String == "$default")
        let context = try #require(json["requestContext"] as? [String: Any])
        #expect(context["requestId"] as? String == "r-1" && context["stage"] as? String == "$default")
        #expect(context["timeEpoch"] as? Int == 1_796_000_000_000)
        let http = try #require(context["http"] as? [String: Any])
        #expect(http["method"] as? String == "POST" && http["path"] as? String == "/items" && http["protocol"] as? String == "HTTP/1.1")
    }

    @Test("hoist invoke's event names the deployed account, API and host where hoist local has placeholders")
    func invokeOrigin() throws {
        let origin = GatewayEvent.Origin(accountID: "123456789012", apiID: "a1b2c3", domainName: "a1b2c3.execute-api.eu-west-1.amazonaws.com", sourceIP: "127.0.0.1")
        let invoked = GatewayEvent.event(
            for: .init(method: "GET", uri: "/items/7", headers: [(name: "Host", value: "ignored")], body: []), requestID: "r-2", origin: origin, now: now)
        let decoded = try JSONDecoder().decode(APIGatewayV2Request.self, from: Data(try GatewayEvent.payload(invoked)))
        #expect(decoded == invoked)
        #expect(decoded.requestContext.accountId == "123456789012" && decoded.requestContext.apiId == "a1b2c3")
        #expect(decoded.requestContext.domainName == "a1b2c3.execute-api.eu-west-1.amazonaws.com" && decoded.requestContext.http.sourceIp == "127.0.0.1")
        let (local, _) = try event("GET", "/items", headers: [(name: "Host", value: "127.0.0.1:3000")])
        #expect(local.requestContext.accountId == "local" && local.requestContext.domainName == "127.0.0.1:3000")
    }

    @Test func bytesThatAreNotTextGoBase64() throws {
        let bytes: [UInt8] = [0xff, 0x00, 0x81]
        let (binary, _) = try event("PUT", "/items/1", headers: [(name: "Content-Type", value: "application/json")], body: bytes)
        #expect(binary.isBase64Encoded == true && binary.bodyBytes == bytes)
        let (empty, json) = try event("GET", "/items")
        #expect(empty.body == nil && json["body"] == nil && json["queryStringParameters"] == nil && json["cookies"] == nil)
    }

    @Test func theFunctionsAnswerBecomesHTTP() throws {
        let answer = APIGatewayV2Response(statusCode: 201, headers: ["content-type": "text/plain"], body: "made", cookies: ["s=1", "t=2"])
        let response = GatewayEvent.response(from: Array(try JSONEncoder().encode(answer)))
        #expect(response.status == 201 && response.body == Array("made".utf8))
        #expect(response.headers.map(\.name) == ["content-type", "set-cookie", "set-cookie"] && response.headers.map(\.value) == ["text/plain", "s=1", "t=2"])
        // Only the status is required, as API Gateway reads it; anything that is not a response is a 200 body.
        let bare = GatewayEvent.response(from: Array(#"{"statusCode":204}"#.utf8))
        #expect(bare.status == 204 && bare.body.isEmpty)
        let binary = GatewayEvent.response(from: Array(#"{"statusCode":200,"body":"/wA=","isBase64Encoded":true}"#.utf8))
        #expect(binary.body == [0xff, 0x00])
        let other = GatewayEvent.response(from: Array(#"["not","a","response"]"#.utf8))
        #expect(other.status == 200 && other.body == Array(#"["not","a","response"]"#.utf8))
    }
}
