import AWSSigV4
import AWSSigV4BoringSSL
import ArgumentParser
import Foundation

extension Hoist {
    /// Tools for finding out why AWS refused a request.
    struct Debug: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Debugging tools.", discussion: "Example: hoist debug sign --request req.http --access-key AKIDEXAMPLE --region us-east-1 --service lambda --date 20261202T120000Z  # secret from AWS_SECRET_ACCESS_KEY", subcommands: [Sign.self])
    }
}

extension Hoist.Debug {
    /// Signs a raw HTTP request offline, so a signature mismatch can be compared stage by stage with what the
    /// server computed (it prints its canonical request in the error).
    struct Sign: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Sign a raw HTTP/1.1 request with SigV4 and print the signed request.",
            discussion: """
                No AWS call is made. The request file holds a request line, headers, a blank line and the body. The secret \
                key comes from AWS_SECRET_ACCESS_KEY (a session token from AWS_SESSION_TOKEN), or with --secrets-from-stdin \
                from standard input (the key on the first line, a token on the second): never from an argument, which \
                ps and shell history would keep.

                Example: AWS_SECRET_ACCESS_KEY=... hoist debug sign --request req.http --access-key AKIDEXAMPLE --region us-east-1 --service lambda --date 20261202T120000Z --canonical
                """)

        @Option(help: "File with the raw HTTP/1.1 request ('-' reads standard input).")
        var request: String
        @Option(help: "Access key id.")
        var accessKey: String
        @Flag(help: "Read the secret access key (and a session token on a second line) from standard input instead of the environment.")
        var secretsFromStdin = false
        @Option(help: "Region of the credential scope, e.g. us-east-1.")
        var region: String
        @Option(help: "Signing name of the service, e.g. lambda, apigateway, dynamodb (s3 selects S3's rules).")
        var service: String
        @Option(help: "Signing time, YYYYMMDDTHHMMSSZ.")
        var date: String
        @Flag(help: "Add and sign an x-amz-content-sha256 header.")
        var contentSha256Header = false
        @Flag(help: "Sign UNSIGNED-PAYLOAD instead of the body's hash.")
        var unsignedPayload = false
        @Flag(help: "Do not normalise the path (remove . and .. segments and repeated slashes).")
        var noNormalizePath = false
        @Flag(help: "Send the session token unsigned, appended after signing.")
        var omitSessionToken = false
        @Flag(help: "Also print the canonical request and the string to sign.")
        var canonical = false

        func validate() throws {
            guard AmzDate(timestamp: date) != nil else {
                throw ValidationError("--date '\(date)' is not YYYYMMDDTHHMMSSZ (for example 20150830T123600Z)")
            }
            if secretsFromStdin, request == "-" {
                throw ValidationError("--secrets-from-stdin and --request - both read standard input; give the request as a file")
            }
            if request != "-", !FileManager.default.isReadableFile(atPath: request) {
                throw ValidationError("cannot read --request '\(request)': no such file (give a file holding the raw HTTP request, or - for stdin)")
            }
        }

        /// The secret key and token: from standard input when asked, else AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN.
        func secrets() throws -> (key: String, token: String?) {
            let lines: [String]
            if secretsFromStdin {
                lines = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self).split(separator: "\n").map {
                    $0.trimmingCharacters(in: .whitespacesAndNewlines)
                }
            } else {
                let environment = ProcessInfo.processInfo.environment
                lines = [environment["AWS_SECRET_ACCESS_KEY"] ?? "", environment["AWS_SESSION_TOKEN"] ?? ""]
            }
            guard let key = lines.first, !key.isEmpty else {
                throw HoistError.invalidSetting(
                    name: secretsFromStdin ? "standard input" : "AWS_SECRET_ACCESS_KEY", value: "", expected: "the secret access key to sign with")
            }
            let token = lines.dropFirst().first.flatMap { $0.isEmpty ? nil : $0 }
            if omitSessionToken, token == nil {
                throw HoistError.invalidSetting(name: "--omit-session-token", value: "", expected: "a session token to omit (AWS_SESSION_TOKEN, or a second line on standard input)")
            }
            return (key, token)
        }

        func run() throws {
            let (secretKey, sessionToken) = try secrets()
            let text: String
            do {
                text = request == "-" ? String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self) : try String(contentsOfFile: request, encoding: .utf8)
            } catch {
                throw HoistError.toolFailed(tool: "--request '\(request)'", problem: "could not be read: \(error.localizedDescription)")
            }
            let original = try SigningRequest(httpText: text)
            var parsed = original
            if unsignedPayload { parsed.payload = .unsigned }
            var options = service == "s3" ? SigV4Options.s3 : SigV4Options()
            if contentSha256Header { options.addContentSHA256Header = true }
            if noNormalizePath { options.normalizePath = false }
            options.signSessionToken = !omitSessionToken
            let signer = SigV4Signer(
                credentials: AWSCredentials(accessKeyID: accessKey, secretAccessKey: secretKey, sessionToken: sessionToken),
                region: region, service: service, options: options)
            let signed = signer.sign(parsed, date: AmzDate(timestamp: date)!)
            var output = signed.request
            output.payload = original.payload
            print(output.httpText, terminator: "")
            if canonical {
                print("\n--- canonical request ---\n\(signed.canonicalRequest)\n--- string to sign ---\n\(signed.stringToSign)")
            }
        }
    }
}
