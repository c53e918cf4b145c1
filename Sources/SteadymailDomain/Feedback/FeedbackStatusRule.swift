/// The subscriber status a piece of feedback leads to.
///
/// It exists so that every source changes the status by one rule: a complaint and an unsubscribe make the subscriber
/// `unsubscribed` (the person does not want our mail), a hard bounce, or soft bounces at the limit, make an `enabled`
/// subscriber `bounced`. A `blocklisted` subscriber stays blocklisted (the operator's decision), and a subscriber who
/// unsubscribed is not turned into `bounced` (both stop campaigns; the person's own request is the better record).
public enum FeedbackStatusRule {
    /// The new status, or nil when the status stays. `softLimitReached` tells whether soft bounces reached the limit.
    public static func status(
        after kind: FeedbackKind, current: SubscriberStatus, softLimitReached: Bool = false
    ) -> SubscriberStatus? {
        let target: SubscriberStatus?
        switch kind {
        case .complaint, .unsubscribe: target = .unsubscribed
        case .hardBounce: target = .bounced
        case .softBounce: target = softLimitReached ? .bounced : nil
        }
        guard let target, target != current, current != .blocklisted else { return nil }
        if target == .bounced, current != .enabled { return nil }
        return target
    }
}
