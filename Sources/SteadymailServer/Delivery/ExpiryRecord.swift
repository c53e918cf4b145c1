import Logging
import SteadymailStorage

/// Counts and logs recipients that expired, in the one `delivery` log line shape every outcome uses.
///
/// It exists because recipients expire in two places, the delivery loop's timers and an operator's
/// `steadymail queue delete`, and both must look the same in logs and metrics.
enum ExpiryRecord {
    static func record(_ expired: [ExpiredRecipient], metrics: SteadymailMetrics, logger: Logger) {
        for item in expired {
            metrics.finished(.expired)
            logger.info(
                "delivery",
                metadata: [
                    "id": "\(item.record.key.messageID)", "rcpt": "\(item.record.recipient)", "relay": "none",
                    "status": "expired", "reason": "\(item.reason)",
                ])
        }
    }
}
