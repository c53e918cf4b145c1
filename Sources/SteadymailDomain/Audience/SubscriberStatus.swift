/// Whether a subscriber may be mailed at all, whatever lists they are on.
///
/// It exists apart from the per-list `SubscriptionStatus` because some facts are about the person, not a list: an
/// address that bounced hard or was blocklisted must not be mailed by any campaign.
public enum SubscriberStatus: String, Sendable, Codable, CaseIterable {
    case enabled
    case unsubscribed
    case blocklisted
    case bounced
}

/// Where a subscriber stands on one list.
///
/// It exists so that double opt-in can hold a subscription `unconfirmed` until the confirmation link is followed,
/// and so that leaving one list does not touch the others.
public enum SubscriptionStatus: String, Sendable, Codable, CaseIterable {
    case unconfirmed
    case confirmed
    case unsubscribed
}

/// How a list takes new subscribers: at once (`single`), or only after they follow a signed confirmation link
/// (`double`).
public enum OptIn: String, Sendable, Codable, CaseIterable {
    case single
    case double

    /// The status a new subscription to a list of this kind starts in.
    public var initialStatus: SubscriptionStatus {
        switch self {
        case .single: .confirmed
        case .double: .unconfirmed
        }
    }
}
