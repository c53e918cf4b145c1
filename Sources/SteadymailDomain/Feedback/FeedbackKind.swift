/// What a piece of feedback about a recipient says; the raw values are the stored and displayed text.
///
/// It exists so that bounces and complaints from every source (a relay's reply, a DSN, an ARF report, a provider's
/// webhook, an unsubscribe link or mailto) are counted and acted on by one rule: a hard bounce and a complaint
/// suppress the address at once, soft bounces count towards `feedback.soft_bounce_limit`, an unsubscribe stops
/// campaign mail.
public enum FeedbackKind: String, Sendable, Codable, CaseIterable {
    /// The mailbox does not exist or refuses for good (a final 5.x.x other than mailbox full).
    case hardBounce = "hard_bounce"
    /// A final recipient-level failure with a 4.x.x status, or a full mailbox (5.2.2).
    case softBounce = "soft_bounce"
    /// The recipient marked the mail as spam (an ARF report or a provider's complaint event).
    case complaint
    /// The recipient asked to stop receiving campaign mail.
    case unsubscribe
}

/// Where a piece of feedback came from; the raw values are the stored and displayed text.
public enum FeedbackSource: String, Sendable, Codable, CaseIterable {
    /// The relay answered the recipient with a final failure during delivery.
    case delivery
    /// A delivery status notification (RFC 3464) to the VERP address.
    case dsn
    /// An abuse feedback report (RFC 5965).
    case arf
    /// An Amazon SES notification through SNS.
    case ses
    case sendgrid
    case mailgun
    case postmark
    /// The one-click unsubscribe link.
    case link
    /// Mail to the `List-Unsubscribe` mailto address.
    case mailto
}
