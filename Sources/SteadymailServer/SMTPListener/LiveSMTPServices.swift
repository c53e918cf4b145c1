import Synchronization

/// The SMTP session services in force, shared by every listener of a node.
///
/// It exists so that a configuration reload can change the intake policy (sizes, recipient limits, relay networks,
/// local domains, AUTH users) for sessions that start afterwards, while sessions already open keep the services
/// they started with and are never dropped.
public final class LiveSMTPServices: Sendable {
    private let services: Mutex<SMTPSessionServices>

    public init(_ services: SMTPSessionServices) {
        self.services = Mutex(services)
    }

    /// The services a session starting now uses.
    public var current: SMTPSessionServices { services.withLock { $0 } }

    public func replace(with services: SMTPSessionServices) {
        self.services.withLock { $0 = services }
    }
}
