import Foundation

/// Builds the RFC 3464 delivery status notification (inside an RFC 6522 multipart/report) sent to an SMTP sender when
/// recipients bounce, expire or are delayed.
///
/// It exists so that senders who submitted by SMTP learn the outcome in the standard machine-readable form their
/// tools parse, with the original headers attached so they can tell which message it was.
public enum DeliveryStatusNotification {
    /// The longest line SMTP carries without the CRLF (RFC 5322 2.1.1).
    static let maximumLineLength = 998

    /// Whether a notice may be sent: never to the null sender, never about a notice (which would risk a loop).
    public static func shouldNotify(originalSender: String, isNotice: Bool) -> Bool {
        !isNotice && !originalSender.isEmpty && originalSender != "<>"
    }

    /// The complete notice with CRLF line endings and no line longer than 998 bytes.
    ///
    /// - Parameters:
    ///   - originalEnvelopeID: the queue id the sender was given in `250 ... queued as`.
    ///   - originalHeaders: the header block of the original message.
    ///   - messageID: the Message-ID of the notice itself, without angle brackets.
    public static func build(
        reportingMTA: String, originalEnvelopeID: String, arrivalDate: Date, now: Date, originalSender: String,
        recipients: [DSNRecipient], originalHeaders: [UInt8], messageID: String
    ) -> [UInt8] {
        let failed = recipients.contains { $0.action == .failed }
        let boundary = "=_steadymail_report_\(originalEnvelopeID)"
        var lines = [
            "From: Mail Delivery System <MAILER-DAEMON@\(reportingMTA)>",
            "To: <\(originalSender)>",
            "Subject: \(failed ? "Undelivered Mail Returned to Sender" : "Delayed Mail (still being retried)")",
            "Date: \(InternetDate.rfc5322(now))",
            "Message-ID: <\(messageID)>",
            "Auto-Submitted: auto-replied",
            "MIME-Version: 1.0",
            "Content-Type: multipart/report; report-type=delivery-status; boundary=\"\(boundary)\"",
            "",
            "This is a MIME-encapsulated message.",
            "",
            "--\(boundary)",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Description: Notification",
            "",
        ]
        lines += humanText(reportingMTA: reportingMTA, recipients: recipients, failed: failed)
        lines += [
            "",
            "--\(boundary)",
            "Content-Type: message/delivery-status",
            "Content-Description: Delivery report",
            "",
            "Reporting-MTA: dns; \(reportingMTA)",
            "Original-Envelope-Id: \(originalEnvelopeID)",
            "Arrival-Date: \(InternetDate.rfc5322(arrivalDate))",
        ]
        for recipient in recipients {
            lines += [
                "",
                "Final-Recipient: rfc822; \(recipient.address)",
                "Action: \(recipient.action.rawValue)",
                "Status: \(recipient.status)",
            ]
            if let remoteMTA = recipient.remoteMTA { lines.append("Remote-MTA: dns; \(remoteMTA)") }
            if let diagnostic = recipient.diagnostic { lines.append("Diagnostic-Code: \(diagnostic)") }
            if recipient.action == .delayed, let until = recipient.willRetryUntil {
                lines.append("Will-Retry-Until: \(InternetDate.rfc5322(until))")
            }
        }
        lines += [
            "",
            "--\(boundary)",
            "Content-Type: text/rfc822-headers",
            "Content-Description: \(failed ? "Undelivered" : "Delayed") message headers",
            "",
        ]
        lines += headerLines(originalHeaders)
        lines += ["", "--\(boundary)--"]
        var output: [UInt8] = []
        for line in lines {
            output += safeLine(Array(line.utf8))
            output += [13, 10]
        }
        return output
    }

    private static func humanText(reportingMTA: String, recipients: [DSNRecipient], failed: Bool) -> [String] {
        var text = ["This is the mail system at host \(reportingMTA).", ""]
        text.append(
            failed
                ? "Your message could not be delivered to one or more recipients."
                : "Your message has not been delivered yet to one or more recipients. It is still being retried.")
        text.append("")
        for recipient in recipients {
            let detail = recipient.diagnostic.map { ": \($0)" } ?? ""
            text.append("<\(recipient.address)> (\(recipient.action.rawValue), \(recipient.status))\(detail)")
        }
        return text
    }

    /// The lines of the original header block, split on CRLF, CR or LF, up to the blank line ending it.
    private static func headerLines(_ headers: [UInt8]) -> [String] {
        var lines: [String] = []
        var current: [UInt8] = []
        var index = 0
        while index < headers.count {
            let byte = headers[index]
            index += 1
            guard byte == 13 || byte == 10 else {
                current.append(byte)
                continue
            }
            if byte == 13, index < headers.count, headers[index] == 10 { index += 1 }
            if current.isEmpty { return lines }
            lines.append(String(decoding: current, as: UTF8.self))
            current = []
        }
        if !current.isEmpty { lines.append(String(decoding: current, as: UTF8.self)) }
        return lines
    }

    /// One output line: stray CR and LF become spaces and the line is cut at 998 bytes, so the notice stays valid
    /// whatever a remote server put in its reply.
    private static func safeLine(_ bytes: [UInt8]) -> [UInt8] {
        let cleaned = bytes.map { $0 == 13 || $0 == 10 ? UInt8(ascii: " ") : $0 }
        return Array(cleaned.prefix(maximumLineLength))
    }
}
