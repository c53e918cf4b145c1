/// A host and TCP port to listen on, written `host:port` or `[ipv6]:port`.
///
/// It exists so that listeners receive an already-split, range-checked address instead of re-parsing text.
public struct ListenAddress: Sendable, Hashable, CustomStringConvertible {
    /// Host name or IP address without brackets (`127.0.0.1`, `::1`, `localhost`).
    public var host: String
    /// TCP port in 1...65535.
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    public var description: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}
