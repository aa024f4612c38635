import Synchronization

/// Asks a deploy or destroy to stop between steps: the steps under way finish and are recorded, no new one
/// starts.
///
/// Cutting a call short would leave AWS with a change the state file never heard of; stopping between
/// steps leaves the two agreeing, and the next run carries on from there.
package final class StopRequest: Sendable {
    private let requested = Atomic(false)

    package init() {}

    package func request() {
        requested.store(true, ordering: .relaxed)
    }

    package var isRequested: Bool { requested.load(ordering: .relaxed) }
}
