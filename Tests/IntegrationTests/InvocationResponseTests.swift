import AWSLambda
import Testing

/// What `hoist invoke` reads from Lambda's answer beside the payload: the REPORT line of the log's tail and a
/// failure's `errorType: errorMessage` (moto, running no code, sends neither).
@Suite struct InvocationResponseTests {
    @Test func reportLineIsTheTailsLast() {
        let tail = """
            START RequestId: 6f0c Version: $LATEST
            REPORT RequestId: 5e1a Duration: 9.10 ms
            handler said hello
            END RequestId: 6f0c
            REPORT RequestId: 6f0c\tDuration: 2.31 ms\tBilled Duration: 3 ms\tMemory Size: 256 MB\tMax Memory Used: 20 MB\t

            """
        #expect(InvocationResponse(statusCode: 200, logResult: tail, payload: []).report == "REPORT RequestId: 6f0c\tDuration: 2.31 ms\tBilled Duration: 3 ms\tMemory Size: 256 MB\tMax Memory Used: 20 MB")
        #expect(InvocationResponse(statusCode: 200, logResult: "END RequestId: 1\n", payload: []).report == nil)
        #expect(InvocationResponse(statusCode: 200, payload: []).report == nil)
    }

    @Test func failureIsOneLine() {
        let error = InvocationResponse(
            statusCode: 200, functionError: "Unhandled", payload: Array(#"{"errorType":"Function.DecodingError","errorMessage":"bad event","stackTrace":[]}"#.utf8))
        #expect(error.failure == "Function.DecodingError: bad event")
        let text = InvocationResponse(statusCode: 200, functionError: "Handled", payload: Array("error running docker:\nno engine".utf8))
        #expect(text.failure == "error running docker: no engine")
    }
}
