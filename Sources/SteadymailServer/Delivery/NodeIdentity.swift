import Foundation

/// Who holds a lease: a stable node id (kept in the data directory) and a fresh id per process.
///
/// It exists so a restarted process can recognise the leases of its own dead predecessor (same node id, other
/// process id) and take them back at once, while leases of other nodes are reclaimed only when they expire.
public struct NodeIdentity: Sendable, Equatable {
    public let nodeID: String
    public let processID: String

    /// The lease owner string: `<node>/<process>`.
    public var leaseOwner: String { "\(nodeID)/\(processID)" }
    /// Every lease this node ever took starts with this.
    public var ownerPrefix: String { "\(nodeID)/" }

    /// Reads `<dataDir>/node-id`, creating it on first start.
    public static func load(dataDir: String) throws -> NodeIdentity {
        let path = (dataDir as NSString).appendingPathComponent("node-id")
        let stored = (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(
            in: .whitespacesAndNewlines)
        let nodeID: String
        if let stored, !stored.isEmpty {
            nodeID = stored
        } else {
            nodeID = randomID()
            try (nodeID + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        }
        return NodeIdentity(nodeID: nodeID, processID: randomID())
    }

    static func randomID() -> String {
        var generator = SystemRandomNumberGenerator()
        return String(
            (0..<12).map { _ in Array("0123456789abcdefghijklmnopqrstuvwxyz").randomElement(using: &generator)! })
    }
}
