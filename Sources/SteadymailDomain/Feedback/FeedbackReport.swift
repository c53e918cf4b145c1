/// What an abuse feedback report (ARF, RFC 5965) says: the feedback type, the original envelope, and the header
/// fields of the message reported.
///
/// It exists so that a mailbox provider's feedback loop (`fbl@` or `abuse@` the bounce domain, or the VERP return path
/// itself) becomes a complaint tied to its campaign and subscriber: through the VERP token in `Original-Mail-From` or
/// the original `Return-Path`, the token of the original `List-Unsubscribe`, or `X-Steadymail-Campaign` and the
/// recipient. Only `abuse` and `fraud` are complaints (the recipient called the mail spam or a scam); `not-spam`,
/// `auth-failure`, `virus` and `other` report something else, so they are read but change nothing.
public struct FeedbackReport: Sendable, Equatable {
    /// The lowercased `Feedback-Type`.
    public var feedbackType: String
    public var userAgent: String?
    /// `Original-Mail-From`, angle brackets removed: the return path of the reported message.
    public var originalMailFrom: String?
    /// Every `Original-Rcpt-To`, angle brackets removed (often absent or redacted).
    public var originalRecipients: [String]
    public var sourceIP: String?
    public var arrivalDate: String?
    /// The header fields of the reported message (its `message/rfc822` or `text/rfc822-headers` part).
    public var originalHeaders: [HeaderField]

    /// Whether the report is a complaint about the mail.
    public var isComplaint: Bool {
        Self.complaintTypes.contains(feedbackType)
    }

    static let complaintTypes: Set<String> = ["abuse", "fraud"]

    /// The value of the reported message's first header field `name`.
    public func originalHeader(_ name: String) -> String? {
        originalHeaders.value(name)
    }

    /// The report in `content` (a whole message), or nil when it is no feedback report or is beyond `limits`.
    public static func parse(_ content: [UInt8], limits: ReportLimits = ReportLimits()) -> FeedbackReport? {
        guard limits.admits(content) else { return nil }
        let message = MIMEEntity(parsing: content[...], limits: limits)
        let entities = message.all
        guard let part = entities.first(where: { $0.contentType.mediaType == "message/feedback-report" }) else {
            return nil
        }
        let fields = FieldParagraphs.parse(part.decodedBody, maximum: 1).flatMap { $0 }
        guard let type = fields.value("Feedback-Type")?.lowercased(), !type.isEmpty else { return nil }
        let originalTypes = ["message/rfc822", "text/rfc822-headers", "message/rfc822-headers"]
        let original = entities.first { originalTypes.contains($0.contentType.mediaType) }
        let originalHeaders = original.map {
            HeaderBlock(parsing: $0.decodedBody).fields.map { HeaderField(name: $0.name, value: $0.unfoldedValue) }
        }
        return FeedbackReport(
            feedbackType: String(type.split(separator: " ").first ?? ""), userAgent: fields.value("User-Agent"),
            originalMailFrom: fields.value("Original-Mail-From").map(DeliveryStatusReport.address),
            originalRecipients: fields.values("Original-Rcpt-To").map(DeliveryStatusReport.address),
            sourceIP: fields.value("Source-IP"), arrivalDate: fields.value("Arrival-Date"),
            originalHeaders: originalHeaders ?? [])
    }
}
