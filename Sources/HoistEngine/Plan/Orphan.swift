/// A resource of this environment that the stack does not use, found by what marks it as hoist's: an API
/// with hoist's name and tags, or an integration or route hanging off this environment's API. Deploy and
/// destroy remove it; nothing without those marks is ever touched.
package struct Orphan: Sendable, Hashable {
    package var kind: ResourceKind
    package var id: String
    /// The API it hangs off (for an API, its own id).
    package var apiID: String
    package var name: String

    package init(kind: ResourceKind, id: String, apiID: String, name: String) {
        self.kind = kind
        self.id = id
        self.apiID = apiID
        self.name = name
    }
}
