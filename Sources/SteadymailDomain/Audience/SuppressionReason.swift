/// Why an address is on the suppression list; the raw values are the stored and displayed text.
///
/// It exists because the reason decides what the entry stops: every reason stops campaign mail, but transactional
/// mail through the API is stopped only by `hard-bounce` and `complaint` (the mailbox does not exist, or its owner
/// called our mail spam). An `unsubscribe` or `manual` entry is about marketing: a password reset must still arrive.
public enum SuppressionReason: String, Sendable, Codable, CaseIterable {
    case hardBounce = "hard-bounce"
    case complaint
    case unsubscribe
    case manual

    /// Whether transactional mail (the send API) to an address suppressed for this reason is refused.
    public var stopsTransactionalMail: Bool {
        self == .hardBounce || self == .complaint
    }

    /// The spellings, comma separated, for an error message.
    public static var known: String {
        allCases.map(\.rawValue).joined(separator: ", ")
    }
}
