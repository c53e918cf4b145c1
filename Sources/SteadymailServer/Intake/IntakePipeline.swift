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

    /// The host name written into `Received:` and generated Message-IDs.
    public var hostname: String { rewriter.hostname }

    /// Checks, rewrites and stores one message; returns only after the outbound part is on disk.
    public func accept(_ request: IntakeRequest) async throws(IntakeFailure) -> QueueID {
        let prepared = try prepare(request)
        try await commit([prepared])
        return prepared.id
    }

    /// Checks and rewrites one message without storing anything: the control headers are read, the trace header
    /// added, and the recipients split between the outbound queue and the local domains.
    public func prepare(_ request: IntakeRequest, now: Date = Date()) throws(IntakeFailure) -> PreparedIntake {
        guard isAvailable else { throw .insufficientStorage }
        let id = request.id ?? QueueID.make(millisecondsSince1970: UInt64(now.timeIntervalSince1970 * 1000))
        let rewritten: IntakeRewriter.Result
        do {
            rewritten = try rewriter.rewrite(request.content, id: id, trace: request.trace, now: now)
        } catch {
            throw .rejected(error.description)
        }
        let local = request.recipients.filter(isLocal)
        let outbound = request.recipients.filter { !isLocal($0) }
        let message =
            outbound.isEmpty
            ? nil
            : NewMessage(
                id: id, sender: request.sender, recipients: outbound,
                priority: request.priority ?? rewritten.priority ?? defaultPriority,
                deliverBy: request.deliverBy ?? rewritten.deliverBy, receivedAt: now, content: rewritten.content,
                origin: request.origin, submitter: request.submitter,
                tags: MessageTags.parse(request.tags + rewritten.tags), metadata: request.metadata)
        return PreparedIntake(
            id: id, outbound: message, localRecipients: local, sender: request.sender, content: rewritten.content,
            origin: request.origin, interface: request.interface)
    }

    /// Stores the outbound parts of `prepared` in one transaction (through the group committer, so concurrent
    /// commits still share a flush), then hands local recipients to the local consumer. Returns only after the
    /// outbound parts are on disk; on failure none of them is.
    public func commit(_ prepared: [PreparedIntake]) async throws(IntakeFailure) {
        guard isAvailable else { throw .insufficientStorage }
        let messages = prepared.compactMap(\.outbound)
        if !messages.isEmpty {
            do {
                try await committer.enqueue(group: messages)
            } catch StorageError.conflict(let reason) {
                logger.warning(
                    "enqueue refused", metadata: ["ids": "\(messages.map(\.id.rawValue))", "reason": "\(reason)"])
                throw .conflict(reason)
            } catch {
                logger.error(
                    "enqueue failed", metadata: ["ids": "\(messages.map(\.id.rawValue))", "error": "\(error)"])
                throw .temporary("\(error)")
            }
            wake?.signal()
            for message in messages {
                logger.info(
                    "queued",
                    metadata: [
                        "id": "\(message.id)", "from": "\(message.sender)", "rcpts": "\(message.recipients.count)",
                        "size": "\(message.content.count)", "priority": "\(message.priority.rawValue)",
                        "origin": "\(message.origin)",
                    ])
            }
        }
        for message in prepared where !message.localRecipients.isEmpty {
            await localMail.consume(
                id: message.id, sender: message.sender, recipients: message.localRecipients, content: message.content)
        }
        for message in prepared where message.outbound != nil { metrics.accepted(message.interface) }
    }
}
