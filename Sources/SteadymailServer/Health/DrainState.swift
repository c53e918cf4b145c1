import Synchronization

/// Whether the node is draining: set once when SIGTERM or SIGINT arrives, read by `GET /readyz`.
///
/// It exists because a stopping node keeps serving for a while (open SMTP sessions finish their transaction within
/// `shutdown_grace_period`, the HTTP API answers until the listeners are done): a load balancer must learn at once to
/// send nothing new, not when the port stops answering.
public final class DrainState: Sendable {
    private let draining = Atomic<Bool>(false)

    public init() {}

    public var isDraining: Bool { draining.load(ordering: .relaxed) }

    /// The node stops taking new work from now on. Idempotent.
    public func begin() {
        draining.store(true, ordering: .relaxed)
    }
}
