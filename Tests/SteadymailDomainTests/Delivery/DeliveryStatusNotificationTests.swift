import Foundation
import Testing

@testable import SteadymailDomain

@Suite struct DeliveryStatusNotificationTests {
    let arrival = Date(timeIntervalSince1970: 1_800_000_000)
    let originalHeaders = Array(
        "Received: from client\r\n\tby mx.example.com\r\nFrom: alice@example.com\r\nSubject: Hello\r\n\r\n".utf8)

    private func build(_ recipients: [DSNRecipient], headers: [UInt8]? = nil) -> [UInt8] {
        DeliveryStatusNotification.build(
            reportingMTA: "mx.example.com", originalEnvelopeID: "01J0ABCDEF", arrivalDate: arrival,
            now: arrival.addingTimeInterval(3600), originalSender: "alice@example.com", recipients: recipients,
            originalHeaders: headers ?? originalHeaders, messageID: "dsn.01J0ABCDEF@mx.example.com")
    }

    private let bounced = DSNRecipient(
        address: "bob@example.org", action: .failed, status: "5.1.1",
        diagnostic: "smtp; 550 5.1.1 <bob@example.org>: user unknown", remoteMTA: "relay.example.net")

    private func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    /// The header block and the body parts between the boundary lines.
    private func parse(_ message: String) -> (headers: [String], parts: [[String]]) {
        let lines = message.components(separatedBy: "\r\n")
        let blank = lines.firstIndex(of: "")!
        let headers = Array(lines[..<blank])
        let contentType = headers.first { $0.hasPrefix("Content-Type:") }!
        let boundary = String(contentType.split(separator: "\"")[1])
        var parts: [[String]] = []
        var current: [String]?
        for line in lines[blank...] {
            if line == "--\(boundary)" || line == "--\(boundary)--" {
                if let current { parts.append(current) }
                current = line == "--\(boundary)" ? [] : nil
            } else {
                current?.append(line)
            }
        }
        return (headers, parts)
    }

    @Test func topLevelHeadersIdentifyAnAutomaticReport() {
        let (headers, _) = parse(text(build([bounced])))
        #expect(headers.contains("From: Mail Delivery System <MAILER-DAEMON@mx.example.com>"))
        #expect(headers.contains("To: <alice@example.com>"))
        #expect(headers.contains("Subject: Undelivered Mail Returned to Sender"))
        #expect(headers.contains("Auto-Submitted: auto-replied"))
        #expect(headers.contains("MIME-Version: 1.0"))
        #expect(headers.contains("Message-ID: <dsn.01J0ABCDEF@mx.example.com>"))
        #expect(headers.contains("Date: Fri, 15 Jan 2027 09:00:00 +0000"))
        #expect(
            headers.contains {
                $0.hasPrefix("Content-Type: multipart/report; report-type=delivery-status; boundary=\"")
            })
    }

    @Test func hasTheThreePartsOfAReport() {
        let (_, parts) = parse(text(build([bounced])))
        #expect(parts.count == 3)
        #expect(parts[0].first == "Content-Type: text/plain; charset=utf-8")
        #expect(parts[1].first == "Content-Type: message/delivery-status")
        #expect(parts[2].first == "Content-Type: text/rfc822-headers")
        #expect(parts[0].contains { $0.contains("<bob@example.org> (failed, 5.1.1)") })
    }

    @Test func deliveryStatusPartCarriesPerMessageAndPerRecipientFields() {
        let (_, parts) = parse(text(build([bounced])))
        let status = parts[1]
        for field in [
            "Reporting-MTA: dns; mx.example.com", "Original-Envelope-Id: 01J0ABCDEF",
            "Arrival-Date: Fri, 15 Jan 2027 08:00:00 +0000", "Final-Recipient: rfc822; bob@example.org",
            "Action: failed", "Status: 5.1.1", "Remote-MTA: dns; relay.example.net",
            "Diagnostic-Code: smtp; 550 5.1.1 <bob@example.org>: user unknown",
        ] {
            #expect(status.contains(field), "missing \(field)")
        }
        let recipientStart = status.firstIndex(of: "Final-Recipient: rfc822; bob@example.org")!
        #expect(status[recipientStart - 1] == "", "per-recipient fields must follow a blank line")
    }

    @Test func originalHeadersAreAttachedUpToTheirEnd() {
        let (_, parts) = parse(text(build([bounced])))
        let attached = parts[2].drop { !$0.isEmpty }.dropFirst().filter { !$0.isEmpty }
        #expect(
            Array(attached) == [
                "Received: from client", "\tby mx.example.com", "From: alice@example.com", "Subject: Hello",
            ])
    }

    @Test func everyLineEndsInCRLFAndFitsSMTP() {
        let hostile = DSNRecipient(
            address: "carol@example.org", action: .failed, status: "5.7.1",
            diagnostic: "smtp; 550 " + String(repeating: "x", count: 3000) + "\nInjected: header")
        let headers = Array("X-Long: \(String(repeating: "y", count: 2000))\nBare: lf\rBare: cr\r\n\r\nbody".utf8)
        let message = build([bounced, hostile], headers: headers)
        #expect(Array(message.suffix(2)) == [13, 10])
        var lineLength = 0
        for (index, byte) in message.enumerated() {
            if byte == 10 {
                #expect(index > 0 && message[index - 1] == 13, "bare LF at \(index)")
                lineLength = 0
            } else if byte == 13 {
                #expect(index + 1 < message.count && message[index + 1] == 10, "bare CR at \(index)")
            } else {
                lineLength += 1
                #expect(lineLength <= 998)
            }
        }
        let rendered = text(message)
        #expect(!rendered.contains("\r\nInjected: header"))
        #expect(rendered.contains("\r\nBare: lf\r\nBare: cr\r\n"))
        #expect(!rendered.contains("body"))
    }

    @Test func delayedNoticeHasItsOwnSubjectAndAction() {
        let delayed = DSNRecipient(address: "dave@example.org", action: .delayed, status: "4.4.1")
        let (headers, parts) = parse(text(build([delayed])))
        #expect(headers.contains("Subject: Delayed Mail (still being retried)"))
        #expect(parts[1].contains("Action: delayed"))
        #expect(!parts[1].contains { $0.hasPrefix("Diagnostic-Code:") || $0.hasPrefix("Remote-MTA:") })
        #expect(!parts[1].contains { $0.hasPrefix("Will-Retry-Until:") })
    }

    @Test func delayedNoticeSaysUntilWhenItIsRetried() {
        let until = arrival.addingTimeInterval(5 * 86400)
        let delayed = DSNRecipient(
            address: "dave@example.org", action: .delayed, status: "4.2.0", diagnostic: "smtp; 451 4.2.0 busy",
            willRetryUntil: until)
        let (_, parts) = parse(text(build([delayed])))
        #expect(parts[1].contains("Will-Retry-Until: \(InternetDate.rfc5322(until))"))
        #expect(parts[1].contains("Diagnostic-Code: smtp; 451 4.2.0 busy"))
        let failed = DSNRecipient(address: "dave@example.org", action: .failed, status: "5.0.0", willRetryUntil: until)
        #expect(!parse(text(build([failed]))).1[1].contains { $0.hasPrefix("Will-Retry-Until:") })
    }

    @Test func oneRecordPerRecipient() {
        let other = DSNRecipient(address: "erin@example.org", action: .failed, status: "5.2.2")
        let (_, parts) = parse(text(build([bounced, other])))
        #expect(parts[1].filter { $0.hasPrefix("Final-Recipient:") }.count == 2)
    }

    @Test func noticesGoNeitherToTheNullSenderNorAboutNotices() {
        #expect(DeliveryStatusNotification.shouldNotify(originalSender: "alice@example.com", isNotice: false))
        #expect(!DeliveryStatusNotification.shouldNotify(originalSender: "", isNotice: false))
        #expect(!DeliveryStatusNotification.shouldNotify(originalSender: "<>", isNotice: false))
        #expect(!DeliveryStatusNotification.shouldNotify(originalSender: "alice@example.com", isNotice: true))
    }
}
