import Foundation

/// The age check of a signed webhook's timestamp.
///
/// It exists so that every provider refuses a signed request that is older than its allowed age, or dated further
/// in the future than that (a clock that far off is not a clock), in the same words.
enum WebhookFreshness {
    static func check(_ signedAt: Date, now: Date, maxAge: Duration) throws(APIError) {
        let seconds = Double(maxAge.components.seconds) + Double(maxAge.components.attoseconds) / 1e18
        guard abs(now.timeIntervalSince(signedAt)) <= seconds else {
            throw APIError(
                .unauthorized, code: "stale_timestamp",
                message: "the signed timestamp is more than \(Int(seconds)) seconds away from now")
        }
    }
}
