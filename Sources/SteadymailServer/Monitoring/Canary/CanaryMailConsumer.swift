import Foundation
import Logging
import SteadymailDomain

/// The local mail consumer that catches returning canaries: a message for the canary domain hands its token to the
/// `CanaryMailbox`; every other local recipient goes on to the consumer it wraps.
///
/// It exists because a canary must come back through the same front door as real mail (Steadymail's own SMTP server,
/// with `monitoring.canary_domain` among `smtp.local_domains`), yet must not end up anywhere real mail does: it is
/// consumed here and never queued, counted in queue counts or kept. A message for the canary domain without a valid
/// token is logged and dropped.
struct CanaryMailConsumer: LocalMailConsumer {
    let mailbox: CanaryMailbox
    let canaryDomain: String
    let next: any LocalMailConsumer
    let logger: Logger

    init(mailbox: CanaryMailbox, canaryDomain: String, next: any LocalMailConsumer, logger: Logger) {
        self.mailbox = mailbox
        self.canaryDomain = canaryDomain.lowercased()
        self.next = next
        self.logger = logger
    }

    func consume(id: QueueID, sender: String, recipients: [String], content: [UInt8]) async {
        let arrivedAt = Date()
        let canaries = recipients.filter(isCanary)
        let others = recipients.filter { !isCanary($0) }
        if !others.isEmpty {
            await next.consume(id: id, sender: sender, recipients: others, content: content)
        }
        guard !canaries.isEmpty else { return }
        guard let token = CanaryToken.extract(from: content) else {
            logger.warning(
                "mail for the canary domain without a canary token, dropped",
                metadata: ["id": "\(id)", "from": "\(sender)", "rcpts": "\(canaries.joined(separator: ","))"])
            return
        }
        if await mailbox.deliver(token, at: arrivedAt) {
            logger.info("canary arrived", metadata: ["id": "\(id)", "token": "\(token)"])
        }
    }

    private func isCanary(_ recipient: String) -> Bool {
        guard let at = recipient.lastIndex(of: "@") else { return false }
        return recipient[recipient.index(after: at)...].lowercased() == canaryDomain
    }
}
