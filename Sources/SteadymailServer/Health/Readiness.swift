/// Whether a node should be sent new traffic, and if not, why: the answer of `GET /readyz`.
///
/// It exists to keep the rule in one pure place. A node is ready when it can keep what it accepts (storage writable,
/// free disk above `smtp.min_free_disk`) and is not draining after SIGTERM. Relays are deliberately not part of it: a
/// node whose relays are all down must keep accepting and queueing mail, which is the point of Steadymail; relay
/// health belongs in metrics, `/v1/relays` and alerts.
public struct Readiness: Sendable, Equatable {
    /// One reason a node is not ready, as `/readyz` lists it.
    public enum Reason: String, Sendable, CaseIterable {
        /// SIGTERM or SIGINT arrived; open sessions are finishing within `shutdown_grace_period`.
        case draining
        /// A write probe through the queue store failed.
        case storageNotWritable = "storage_not_writable"
        /// Free disk space under `data_dir` is below the minimum; intake answers 452 4.3.1.
        case diskSpaceLow = "disk_space_low"
    }

    /// Every reason that applies, in the order of `Reason.allCases`; empty when ready.
    public var reasons: [Reason]

    public var isReady: Bool { reasons.isEmpty }

    public init(draining: Bool, storageWritable: Bool, diskSpaceAvailable: Bool) {
        var reasons: [Reason] = []
        if draining { reasons.append(.draining) }
        if !storageWritable { reasons.append(.storageNotWritable) }
        if !diskSpaceAvailable { reasons.append(.diskSpaceLow) }
        self.reasons = reasons
    }
}
