/// What a delivery status notification (RFC 3464) reports: the reporting MTA and one block per recipient with its
/// final recipient, action, status and diagnostic.
///
/// It exists so that asynchronous bounces (a DSN mailed back to the VERP return path) become bounces by one rule:
/// only `Action: failed` is a bounce, classified hard or soft by `BounceClassification`; `delayed`, `delivered`,
/// `relayed` and `expanded` are reports about progress and change nothing. Mail that carries no
/// `message/delivery-status` part (an autoreply, a human's answer) is no report at all.
public struct DeliveryStatusReport: Sendable, Equatable {
    /// One per-recipient block.
    public struct Recipient: Sendable, Equatable {
        /// The address of `Final-Recipient` (its address type, `rfc822;`, and angle brackets removed).
        public var finalRecipient: String
        /// The address of `Original-Recipient`, when given.
        public var originalRecipient: String?
        /// The lowercased `Action` (`failed`, `delayed`, `delivered`, `relayed`, `expanded`).
        public var action: String
        /// The enhanced status code (`5.1.1`), without any comment after it.
        public var status: String?
        /// The `Diagnostic-Code` without its type (`smtp;`), e.g. `550 5.1.1 <x@y>: Recipient address rejected`.
        public var diagnostic: String?

        /// The SMTP reply code the diagnostic starts with (`550 5.1.1 ...` → 550).
        public var replyCode: Int? {
            diagnostic.flatMap(DeliveryStatusReport.replyCode)
        }
    }

    /// A final failure: the recipient, what kind of bounce it is and why.
    public struct Bounce: Sendable, Equatable {
        public var recipient: Recipient
        public var kind: FeedbackKind
    }

    public var reportingMTA: String?
    public var recipients: [Recipient]

    /// The failed recipients that are bounces; a failure without a status or reply code is no bounce.
    public var bounces: [Bounce] {
        recipients.compactMap { recipient in
            guard recipient.action == "failed",
                let kind = BounceClassification.kind(
                    status: recipient.status, code: recipient.replyCode)
            else { return nil }
            return Bounce(recipient: recipient, kind: kind)
        }
    }

    /// The report in `content` (a whole message), or nil when it carries no delivery status or is beyond `limits`.
    public static func parse(_ content: [UInt8], limits: ReportLimits = ReportLimits()) -> DeliveryStatusReport? {
        guard limits.admits(content) else { return nil }
        let message = MIMEEntity(parsing: content[...], limits: limits)
        let statusTypes = ["message/delivery-status", "message/global-delivery-status"]
        guard let part = message.all.first(where: { statusTypes.contains($0.contentType.mediaType) }) else {
            return nil
        }
        let paragraphs = FieldParagraphs.parse(part.decodedBody, maximum: limits.maximumRecipients + 1)
        guard paragraphs.count <= limits.maximumRecipients + 1 else { return nil }
        let perMessage = paragraphs.first { $0.value("Final-Recipient") == nil } ?? []
        let recipients = paragraphs.compactMap(recipient)
        guard !recipients.isEmpty else { return nil }
        return DeliveryStatusReport(
            reportingMTA: perMessage.value("Reporting-MTA").map(typedValue), recipients: recipients)
    }

    private static func recipient(_ fields: [HeaderField]) -> Recipient? {
        guard let final = fields.value("Final-Recipient").map(address), !final.isEmpty,
            let action = fields.value("Action")
        else { return nil }
        let status = fields.value("Status").flatMap { $0.split(whereSeparator: { $0 == " " || $0 == "\t" }).first }
        return Recipient(
            finalRecipient: final, originalRecipient: fields.value("Original-Recipient").map(address),
            action: action.split(separator: " ").first.map { $0.lowercased() } ?? "",
            status: status.map(String.init), diagnostic: fields.value("Diagnostic-Code").map(typedValue))
    }

    /// `rfc822; <user@example.org>` → `user@example.org`.
    static func address(_ value: String) -> String {
        var address = typedValue(value)
        if address.hasPrefix("<"), address.hasSuffix(">"), address.count >= 2 {
            address = String(address.dropFirst().dropLast())
        }
        return address.trimmingWhitespace()
    }

    /// The value after the `type;` prefix of a typed field (`dns; mx.example.org`, `smtp; 550 ...`).
    static func typedValue(_ value: String) -> String {
        guard let semicolon = value.firstIndex(of: ";") else { return value.trimmingWhitespace() }
        return String(value[value.index(after: semicolon)...]).trimmingWhitespace()
    }

    /// The SMTP reply code a diagnostic starts with (`550 5.1.1 ...` → 550).
    static func replyCode(_ diagnostic: String) -> Int? {
        let digits = diagnostic.prefix(3)
        guard digits.count == 3, digits.allSatisfy(\.isASCII), let code = Int(digits), (200...599).contains(code)
        else { return nil }
        return code
    }
}
