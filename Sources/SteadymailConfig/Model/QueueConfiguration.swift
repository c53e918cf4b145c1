/// Tuning of the queue's group commit.
///
/// It exists because the fsync per transaction is the throughput wall: these two limits decide how many messages share
/// one commit and how long one message may wait for others.
public struct QueueConfiguration: Sendable, Equatable {
    /// Most messages committed in one transaction.
    public var groupCommitMaxBatch: Int
    /// Longest a message waits for others to share its fsync.
    public var groupCommitMaxDelay: Duration
}
