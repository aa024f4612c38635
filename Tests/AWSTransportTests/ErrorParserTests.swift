import AWSTransport
import Testing

@Suite("Error codes per protocol")
struct ErrorParserTests {
    let request = AWSRequest(service: .lambda, operation: "GetFunction")

    func parse(status: Int = 400, headers: [(name: String, value: String)] = [], _ body: String) -> AWSServiceError {
        ErrorParser.parse(AWSResponse(status: status, headers: headers, body: Array(body.utf8)), for: request)
    }

    @Test("query XML: <Code> and <Message>, entities decoded")
    func queryXML() {
        let error = parse(
            status: 404,
            """
            <ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>NoSuchEntity</Code>\
            <Message>The role with name x &amp; y cannot be found.</Message></Error><RequestId>abc-123</RequestId></ErrorResponse>
            """)
        #expect(error.code == "NoSuchEntity")
        #expect(error.message == "The role with name x & y cannot be found.")
        #expect(error.requestID == "abc-123")
        #expect(error.status == 404)
    }

    @Test("json: __type after its last #")
    func json() {
        let error = parse(#"{"__type":"com.amazonaws.dynamodb.v20120810#ResourceInUseException","message":"Table already exists: t"}"#)
        #expect(error.code == "ResourceInUseException")
        #expect(error.message == "Table already exists: t")
    }

    @Test("rest-json: x-amzn-errortype cut at the first colon, Message in the body")
    func restJSON() {
        let error = parse(
            status: 404,
            headers: [(name: "x-amzn-ErrorType", value: "ResourceNotFoundException:http://internal.amazon.com/coral/com.amazonaws.lambda/"),
                (name: "x-amzn-RequestId", value: "r-1")],
            #"{"Type":"User","Message":"Function not found: arn:aws:lambda:us-east-1:1:function:f"}"#)
        #expect(error.code == "ResourceNotFoundException")
        #expect(error.message.hasPrefix("Function not found"))
        #expect(error.requestID == "r-1")
    }

    @Test("an emulator's XML error to a JSON service is still understood")
    func xmlForJSONService() {
        let error = parse(
            status: 403,
            #"<?xml version="1.0" encoding="UTF-8"?><ErrorResponse><Errors><Error><Code>SignatureDoesNotMatch</Code><Message>bad</Message></Error></Errors></ErrorResponse>"#)
        #expect(error.code == "SignatureDoesNotMatch")
        #expect(error.message == "bad")
    }

    @Test("a body with no code keeps the status and the raw text")
    func unparseable() {
        let error = parse(status: 502, "<html>Bad Gateway</html>")
        #expect(error.code == "HTTP502")
        #expect(error.message == "<html>Bad Gateway</html>")
    }
}
