import Logging
import SteadymailSQLite
import SteadymailStorage

@testable import SteadymailServer

extension IntakePipeline {
    /// A pipeline for tests that queue mail themselves (confirmations, alert mails): host `mx.example.com`, bulk by
    /// default, no local domains, no disk check, group commits of up to 8 without waiting.
    static func forTests(
        store: SQLiteQueueStore, metrics: SteadymailMetrics = PrometheusExport().makeMetrics(), logger: Logger
    ) -> IntakePipeline {
        IntakePipeline(
            hostname: "mx.example.com", defaultPriority: .bulk, localDomains: [],
            committer: GroupCommitter(store: store, maxBatch: 8, maxDelay: .zero), disk: nil,
            localMail: LoggingLocalMailConsumer(logger: logger), metrics: metrics, logger: logger)
    }
}
