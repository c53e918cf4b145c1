import SteadymailConfig
import SteadymailDomain

extension ReputationThresholds {
    /// The thresholds of a `reputation:` section.
    init(_ configuration: ReputationConfiguration) {
        self.init(
            hardBouncePause: configuration.hardBouncePause, hardBounceMinAttempts: configuration.hardBounceMinAttempts,
            complaintWarn: configuration.complaintWarn, complaintPause: configuration.complaintPause,
            complaintMinDelivered: configuration.complaintMinDelivered)
    }
}
