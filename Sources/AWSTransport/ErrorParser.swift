import LeanJSON

/// Turns an error answer into an `AWSServiceError`, whatever protocol (or emulator) sent it.
///
/// Query services put `<Code>` in XML; JSON services put `__type` (`prefix#Code`); REST-JSON services send
/// `x-amzn-errortype: Code:http://…` and often `__type` or `code` in the body too. An answer none of these
/// fit keeps its HTTP status as the code, so the caller still sees what happened.
package enum ErrorParser {
    private struct JSONError: Decodable {
        var type: String?
        var code: String?
        var message: String?
        var upperMessage: String?

        enum CodingKeys: String, CodingKey {
            case type = "__type"
            case code
            case upperCode = "Code"
            case message
            case upperMessage = "Message"
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            type = try? container.decodeIfPresent(String.self, forKey: .type)
            code = (try? container.decodeIfPresent(String.self, forKey: .code)) ?? (try? container.decodeIfPresent(String.self, forKey: .upperCode))
            message = try? container.decodeIfPresent(String.self, forKey: .message)
            upperMessage = try? container.decodeIfPresent(String.self, forKey: .upperMessage)
        }
    }

    package static func parse(_ response: AWSResponse, for request: AWSRequest) -> AWSServiceError {
        var code: String?
        var message: String?
        if let header = response.header("x-amzn-errortype"), !header.isEmpty {
            // `Code:http://…`, and, as AWS's SDKs read it (aws-sdk-js-v3's sanitizeErrorCode), `prefix#Code`.
            let type = header.split(separator: ":", maxSplits: 1).first ?? ""
            code = String(type.split(separator: "#").last ?? type)
        }
        if let xmlCode = XMLText.first("Code", in: response.body) {
            code = code ?? xmlCode
            message = XMLText.first("Message", in: response.body)
        } else if let json = try? LeanJSONDecoder().decode(JSONError.self, from: response.body) {
            // A body that is not a JSON object simply has no code in it; the status then names the error.
            if code == nil, let type = json.type ?? json.code {
                code = String(type.split(separator: "#").last ?? Substring(type))
            }
            message = json.message ?? json.upperMessage
        }
        let fallback = response.status == 404 ? "NotFound" : "HTTP\(response.status)"
        return AWSServiceError(
            service: request.service.name,
            operation: request.operation,
            code: code.flatMap { $0.isEmpty ? nil : $0 } ?? fallback,
            message: message ?? String(decoding: response.body.prefix(512), as: UTF8.self),
            status: response.status,
            requestID: response.requestID
        )
    }
}
