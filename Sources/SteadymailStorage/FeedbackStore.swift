import Foundation
import SteadymailDomain

/// The storage contract for bounces, complaints and unsubscribes from every source, a part of `QueueStore` (table
/// `feedback_events`).
///
/// It exists so that the feedback processor, the soft-bounce rule, the reputation guard and the campaign report
/// read one record of what recipients and their mailbox providers said.
public protocol FeedbackStore: Sendable {}
