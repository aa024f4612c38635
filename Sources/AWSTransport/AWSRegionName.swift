/// The shape of an AWS region name, checked wherever a region enters (flags, environment, profiles, hoist.yml)
/// so a typo stops the command with its source named instead of becoming an unreachable endpoint host.
package enum AWSRegionName {
    /// `xx-name-N`, `xx-name-name-N`: lower-case letters, digits and dashes, starting with a letter, ending in a digit.
    package static func isValid(_ value: String) -> Bool {
        let parts = value.split(separator: "-", omittingEmptySubsequences: false)
        return parts.count >= 3 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber) } }
            && parts.first!.allSatisfy(\.isLetter) && parts.last!.allSatisfy(\.isNumber)
    }

    /// What to tell a user who gave `value`.
    package static func problem(_ value: String) -> String {
        "'\(value)' is not an AWS region name (like us-east-1 or eu-west-3)"
    }
}
