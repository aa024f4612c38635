import AWSTransport

/// The ARNs of a stack's resources, derived from names, account and region as AWS forms them, so plans can
/// be made before the resources exist. Each kind adds its own (`StackARNs.function` beside `FunctionResource`).
package struct StackARNs: Sendable, Equatable {
    package var spec: StackSpec
    package var account: String

    package init(spec: StackSpec, account: String) {
        self.spec = spec
        self.account = account
    }

    package var partition: String { EndpointResolver.partition(of: spec.region).name }
}
