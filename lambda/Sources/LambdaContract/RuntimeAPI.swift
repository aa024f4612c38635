/// The Lambda Runtime API as both sides speak it: the bootstrap's loop and `hoist local`, which serves it
/// (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html). Named once, so neither side can misspell
/// what the other sends.
package enum RuntimeAPI {
    /// The path prefix of every call, after `http://$AWS_LAMBDA_RUNTIME_API`.
    package static let basePath = "/2018-06-01/runtime"
    /// What an error report's body is declared as.
    package static let errorContentType = "application/vnd.aws.lambda.error+json"

    /// The headers of an invocation (`/invocation/next`) and of an error report.
    package enum Header {
        package static let requestID = "Lambda-Runtime-Aws-Request-Id"
        /// Milliseconds since 1970 by which the function must answer.
        package static let deadline = "Lambda-Runtime-Deadline-Ms"
        package static let invokedFunctionARN = "Lambda-Runtime-Invoked-Function-Arn"
        package static let traceID = "Lambda-Runtime-Trace-Id"
        /// On an error report: `<category>.<reason>` (`Runtime.InitError`, `Function.DecodingError`).
        package static let functionErrorType = "Lambda-Runtime-Function-Error-Type"
    }
}
