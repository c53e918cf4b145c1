import Foundation
import Logging
import SteadymailDomain
import SteadymailStorage

/// The single path from "a front door has a complete message" to "the message is durable and may be acknowledged".
///
/// It exists so SMTP, the control channel and later the HTTP API apply the same checks and edits: free disk space,
/// control headers, trace headers, the split between local and outbound recipients, and group-committed storage.
/// `accept` returns only after the outbound part is on disk.
public final class IntakePipeline: Sendable {
    let rewriter: IntakeRewriter
    let defaultPriority: Priority
    let localDomains: Set<String>
    let committer: GroupCommitter
    let disk: DiskSpaceMonitor?
    let localMail: any LocalMailConsumer
    let wake: WakeSignal?
    let metrics: SteadymailMetrics
    let logger: Logger

    public init(
        hostname: String, defaultPriority: Priority, localDomains: Set<String>, committer: GroupCommitter,
        disk: DiskSpaceMonitor?, localMail: any LocalMailConsumer, wake: WakeSignal? = nil,
        metrics: SteadymailMetrics, logger: Logger
    ) {
        self.rewriter = IntakeRewriter(hostname: hostname)
        self.defaultPriority = defaultPriority
        self.localDomains = Set(localDomains.map { $0.lowercased() })
        self.committer = committer
        self.disk = disk
        self.localMail = localMail
        self.wake = wake
        self.metrics = metrics
        self.logger = logger
    }

    /// Whether intake may take mail now (enough free disk space).
    public var isAvailable: Bool { disk?.intakeAvailable ?? true }

    /// True when `recipient` is in one of the local domains.
    public func isLocal(_ recipient: String) -> Bool {
        guard let at = recipient.lastIndex(of: "@") else { return false }
        return localDomains.contains(recipient[recipient.index(after: at)...].lowercased())
    }

    public func accept(_ request: IntakeRequest) async throws(IntakeFailure) -> QueueID {
        guard isAvailable else { throw .insufficientStorage }
        let now = Date()
        let id = QueueID.make(millisecondsSince1970: UInt64(now.timeIntervalSince1970 * 1000))
        let rewritten: IntakeRewriter.Result
        do {
            rewritten = try rewriter.rewrite(request.content, id: id, trace: request.trace, now: now)
        } catch {
            throw .rejected(error.description)
        }
        let local = request.recipients.filter(isLocal)
        let outbound = request.recipients.filter { !isLocal($0) }
        if !outbound.isEmpty {
            let message = NewMessage(
                id: id, sender: request.sender, recipients: outbound,
                priority: request.priority ?? rewritten.priority ?? defaultPriority,
                deliverBy: request.deliverBy ?? rewritten.deliverBy, receivedAt: now, content: rewritten.content,
                origin: request.origin, submitter: request.submitter, tags: rewritten.tags)
            do {
                try await committer.enqueue(message)
            } catch {
                logger.error("enqueue failed", metadata: ["id": "\(id)", "error": "\(error)"])
                throw .temporary("\(error)")
            }
            wake?.signal()
            logger.info(
                "queued",
                metadata: [
                    "id": "\(id)", "from": "\(request.sender)", "rcpts": "\(outbound.count)",
                    "size": "\(message.content.count)", "priority": "\(message.priority.rawValue)",
                    "origin": "\(request.origin)",
                ])
        }
        if !local.isEmpty {
            await localMail.consume(id: id, sender: request.sender, recipients: local, content: rewritten.content)
        }
        metrics.accepted(request.interface)
        return id
    }
}
