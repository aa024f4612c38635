/// A resource of this environment that the stack does not use, found by what marks it as hoist's: an API or
/// user pool with hoist's name and tags, or a part (route, integration, authorizer, app client) hanging off one. Deploy and
/// destroy remove it; nothing without those marks is ever touched.
package struct Orphan: Sendable, Hashable {
    package var kind: ResourceKind
    package var id: String
    /// What it hangs off: the API for the API's parts, the user pool for its clients; its own id for what
    /// hangs off nothing.
    package var ownerID: String
    package var name: String

    package init(kind: ResourceKind, id: String, ownerID: String, name: String) {
        self.kind = kind
        self.id = id
        self.ownerID = ownerID
        self.name = name
    }
}
