import Synchronization

/// Caps concurrent SMTP connections in total and per client address.
///
/// It exists so that one client, or a flood of them, cannot take every socket and every byte of memory a node has:
/// connections over either cap are greeted with 421 and closed.
public final class ConnectionLimiter: Sendable {
    private let limits: Mutex<(total: Int, perAddress: Int)>
    private let state = Mutex<(total: Int, perAddress: [String: Int])>((0, [:]))

    public init(maximumTotal: Int, maximumPerAddress: Int) {
        self.limits = Mutex((maximumTotal, maximumPerAddress))
    }

    /// Applies reloaded caps to connections accepted from now on; open connections are never closed by it.
    public func setLimits(maximumTotal: Int, maximumPerAddress: Int) {
        limits.withLock { $0 = (maximumTotal, maximumPerAddress) }
    }

    /// Takes a slot for `address`; false when a cap is reached (then nothing was taken).
    public func acquire(_ address: String) -> Bool {
        let (maximumTotal, maximumPerAddress) = limits.withLock { $0 }
        return state.withLock { state in
            let current = state.perAddress[address] ?? 0
            guard state.total < maximumTotal, current < maximumPerAddress else { return false }
            state.total += 1
            state.perAddress[address] = current + 1
            return true
        }
    }

    /// Gives back a slot taken by `acquire`.
    public func release(_ address: String) {
        state.withLock { state in
            state.total -= 1
            let remaining = (state.perAddress[address] ?? 1) - 1
            state.perAddress[address] = remaining > 0 ? remaining : nil
        }
    }

    public var activeConnections: Int { state.withLock { $0.total } }
}
