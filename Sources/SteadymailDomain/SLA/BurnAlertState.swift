import Foundation

/// Which burn-rate alerts are firing, and what changed at the last evaluation.
///
/// It exists so that an alert is raised once when its pair starts to fire and recovered once when it stops, whatever
/// the evaluation interval, and so that reports can show the alert state without asking the dispatcher.
public struct BurnAlertState: Sendable, Equatable {
    /// The alert keys firing now.
    public private(set) var firing: Set<String> = []

    public init() {}

    /// What one evaluation of an alert changed.
    public enum Change: Sendable, Equatable {
        case started
        case ended
    }

    /// Records the outcome of one evaluation of `key`; returns the change, or nil when it stays as it was.
    public mutating func update(_ key: String, firing fires: Bool) -> Change? {
        switch (firing.contains(key), fires) {
        case (false, true):
            firing.insert(key)
            return .started
        case (true, false):
            firing.remove(key)
            return .ended
        default:
            return nil
        }
    }

    /// Forgets alerts whose subject is gone (a relay removed by a reload); returns the keys forgotten.
    public mutating func retain(where keep: (String) -> Bool) -> [String] {
        let gone = firing.filter { !keep($0) }
        firing.subtract(gone)
        return gone.sorted()
    }

    public func isFiring(_ key: String) -> Bool { firing.contains(key) }
}
