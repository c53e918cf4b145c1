import Foundation

/// One-time values (Mailgun's signature tokens) seen recently, each kept until it could no longer pass the timestamp
/// check anyway.
///
/// It exists so that a signed request captured on the way cannot be played again while its timestamp is still fresh.
/// Only values from requests whose signature verified are kept, so the memory grows with genuine traffic alone.
actor ReplayMemory {
    private var expiries: [String: Date] = [:]

    /// True when `value` was not seen (it is then remembered until `until`); false for a replay.
    func claim(_ value: String, until: Date, now: Date) -> Bool {
        expiries = expiries.filter { $0.value > now }
        guard expiries[value] == nil else { return false }
        expiries[value] = until
        return true
    }

    /// Forgets `value`, so that the same request may be delivered again (after a storage failure).
    func release(_ value: String) {
        expiries[value] = nil
    }
}
