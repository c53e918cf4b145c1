import SteadymailDomain
import SteadymailStorage

/// Refuses transactional mail through the send API to an address on the suppression list for a hard bounce or a
/// complaint (not for `unsubscribe` or `manual`: those are about marketing mail, and a receipt must still arrive).
///
/// It exists so that the API stops sending to mailboxes known not to exist or whose owners called our mail spam,
/// which is what keeps the sending reputation. SMTP submission is not checked: its clients are trusted relayers that
/// keep their own lists, and Postfix likewise refuses recipients only when an access map is configured.
struct SuppressionCheck: Sendable {
    let store: any QueueStore

    /// The refusal of the first recipient of `send` that may not get transactional mail (422 `suppressed`, naming
    /// the request field), or nil. One primary-key lookup per recipient.
    func refusal(for send: ValidatedSend) async throws -> APIError? {
        for (recipient, field) in zip(send.recipients, send.recipientFields) {
            // `SubscriberEmail` spelling: a recipient is already a parsed mailbox, so lowercasing is all it needs.
            let address = recipient.lowercased()
            guard let entry = try await store.suppression(email: address), entry.reason.stopsTransactionalMail else {
                continue
            }
            return APIError(
                .unprocessableContent, code: "suppressed",
                message: "\(field): \(address) is on the suppression list (\(entry.reason.rawValue))", field: field)
        }
        return nil
    }
}
