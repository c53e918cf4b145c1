/// Settings of the HTTP API listener.
///
/// It exists so that the `http:` section has a home as it grows.
public struct HTTPConfiguration: Sendable, Equatable {
    public var listen: ListenAddress
    /// A connection with no request in progress for this long is closed.
    public var idleTimeout: Duration
    /// `GET /readyz` probes storage with a write at most once per this interval; requests in between reuse the result.
    public var readyProbeInterval: Duration
}
