import SteadymailDomain

/// What the control channel and the API may ask of the running monitors: their live state, and adding or removing a
/// monitor kept in storage.
///
/// It exists so that the control handler and the HTTP routes do not depend on the monitor runner itself, and the CLI's
/// offline path can have none.
public protocol MonitorControl: Sendable {
    func monitors() async -> [MonitorView]
    /// Starts and stores a monitor described by a JSON object with the keys of a `monitors:` entry of the
    /// configuration file; refused (with the key and the reason) when the name is taken or the description invalid.
    func add(json: String) async throws(MonitorChangeError) -> MonitorView
    /// Stops and forgets a monitor added at run time; a monitor of the configuration file cannot be removed.
    func remove(_ name: String) async throws(MonitorChangeError)
    /// The newest `limit` results of one monitor, newest first.
    func results(_ name: String, limit: Int) async throws -> [ProbeResultView]
}

/// Why a monitor could not be added or removed.
public enum MonitorChangeError: Error, Equatable, CustomStringConvertible {
    case invalid(String)
    case duplicate(String)
    case notFound(String)
    case fromConfiguration(String)
    case storage(String)

    public var description: String {
        switch self {
        case .invalid(let reason): reason
        case .duplicate(let name): "a monitor named \(name) already exists"
        case .notFound(let name): "no monitor named \(name)"
        case .fromConfiguration(let name):
            "monitor \(name) is defined in the configuration file; remove it there and reload"
        case .storage(let reason): "storage failed: \(reason)"
        }
    }
}
