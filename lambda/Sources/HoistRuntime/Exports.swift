/// A function's package imports only `HoistRuntime`: the request and response types it handles come with it,
/// from the module `hoist local` builds its events with.
@_exported import LambdaContract
