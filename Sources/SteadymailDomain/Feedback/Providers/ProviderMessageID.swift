/// Our queue id read back from the Message-ID a provider reports.
///
/// It exists because Steadymail writes `<QUEUEID@hostname>` into every message it queues, and providers echo that
/// header (SES's `commonHeaders.messageId`, SendGrid's `smtp-id`, Mailgun's `message-id` without brackets): when it
/// parses, the processor can tie a webhook event to the campaign and subscriber of that message.
public enum ProviderMessageID {
    /// The queue id in `header` (`<01J...@host>` or `01J...@host`), or nil when it is not one of ours.
    public static func queueID(_ header: String?) -> QueueID? {
        guard var text = header?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        if text.hasPrefix("<") && text.hasSuffix(">") { text = String(text.dropFirst().dropLast()) }
        guard let at = text.firstIndex(of: "@"), text[text.index(after: at)...].contains(".") else { return nil }
        return QueueID(String(text[..<at]))
    }
}
