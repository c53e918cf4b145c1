import Testing

@testable import SteadymailDomain

/// Real-world replies from Gmail, Outlook / Office 365, Yahoo and Postfix, with the class each must get.
@Suite struct ClassificationTableTests {
    struct Row: Sendable, CustomStringConvertible {
        var reply: String
        var stage: DeliveryStage
        var recipients = 1
        var sameForAll = true
        var domains = 1
        var expected: FailureClass

        var description: String { "\(stage.rawValue): \(reply)" }

        var observation: DeliveryObservation {
            DeliveryObservation(
                stage: stage, kind: parseReply(reply), recipientsInTransaction: recipients,
                sameReplyForAllRecipients: sameForAll, distinctRecipientDomains: domains)
        }
    }

    static let relay = FailureClass.relayLevel(reason: "")

    static let rows: [Row] = [
        // Gmail
        Row(
            reply: "550-5.1.1 The email account that you tried to reach does not exist. Please try double-checking",
            stage: .rcpt, expected: .recipientPermanent(status: "5.1.1")),
        Row(
            reply: "421-4.7.0 [203.0.113.5] Our system has detected an unusual rate of unsolicited mail",
            stage: .dataEnd, expected: relay),
        Row(
            reply: "452-4.2.2 The email account that you tried to reach is over quota.", stage: .rcpt,
            expected: .recipientTemporary),
        Row(
            reply: "550-5.7.26 This mail is unauthenticated, which poses a security risk to the sender",
            stage: .dataEnd, expected: .recipientPermanent(status: "5.7.26")),
        Row(
            reply: "421-4.7.28 [203.0.113.5] Our system has detected an unusual rate of mail, rate limited",
            stage: .rcpt, expected: relay),
        Row(
            reply: "550-5.7.1 [203.0.113.5] Our system has detected that this message is likely unsolicited mail",
            stage: .dataEnd, expected: .ambiguousPermanent),
        Row(
            reply: "552-5.2.2 The email account that you tried to reach is over quota and inactive.", stage: .rcpt,
            expected: .recipientPermanent(status: "5.2.2")),
        Row(
            reply: "550-5.2.1 The email account that you tried to reach is disabled.", stage: .rcpt,
            expected: .recipientPermanent(status: "5.2.1")),
        Row(
            reply: "450-4.2.1 The user you are trying to contact is receiving mail at a rate that prevents additional",
            stage: .rcpt, expected: .recipientTemporary),
        Row(
            reply: "553-5.1.2 We weren't able to find the recipient domain.", stage: .rcpt,
            expected: .recipientPermanent(status: "5.1.2")),
        Row(reply: "530-5.7.0 Authentication Required.", stage: .mail, expected: relay),
        // Outlook / Office 365
        Row(
            reply: "550 5.5.0 Requested action not taken: mailbox unavailable", stage: .rcpt,
            expected: .recipientPermanent(status: "5.1.1")),
        Row(
            reply: "451 4.7.500 Server busy. Please try again later", stage: .rcpt, recipients: 3, sameForAll: false,
            domains: 2, expected: .recipientTemporary),
        Row(
            reply: "451 4.7.500 Server busy. Please try again later", stage: .rcpt, recipients: 3, domains: 2,
            expected: relay),
        Row(
            reply: "550 5.7.1 Service unavailable, Client host [203.0.113.5] blocked using Spamhaus", stage: .rcpt,
            expected: .ambiguousPermanent),
        Row(reply: "452 4.5.3 Too many recipients", stage: .rcpt, expected: .recipientTemporary),
        Row(
            reply: "421 4.3.2 The maximum number of concurrent connections has exceeded a limit", stage: .greeting,
            expected: relay),
        Row(
            reply: "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup",
            stage: .rcpt, expected: .recipientPermanent(status: "5.1.10")),
        Row(
            reply: "550 5.7.708 Service unavailable. Access denied, traffic not accepted from this IP",
            stage: .mail, expected: relay),
        Row(
            reply: "535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled", stage: .auth,
            expected: relay),
        // Yahoo
        Row(
            reply: "421 4.7.0 [TSS04] Messages from 203.0.113.5 temporarily deferred due to unexpected volume",
            stage: .rcpt, expected: relay),
        Row(
            reply: "554 5.7.9 Message not accepted for policy reasons.", stage: .dataEnd,
            expected: .ambiguousPermanent),
        Row(
            reply: "553 5.7.1 [BL21] Connections will not be accepted from 203.0.113.5", stage: .greeting,
            expected: relay),
        Row(
            reply: "552 1 Requested mail action aborted, mailbox not found", stage: .rcpt,
            expected: .recipientPermanent(status: "5.1.1")),
        Row(reply: "451 Message temporarily deferred - [160]", stage: .dataEnd, expected: .recipientTemporary),
        Row(
            reply: "554 delivery error: dd This user doesn't have a yahoo.com account [0]", stage: .dataEnd,
            expected: .ambiguousPermanent),
        // Postfix and generic servers
        Row(
            reply: "550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown in virtual mailbox table",
            stage: .rcpt, expected: .recipientPermanent(status: "5.1.1")),
        Row(reply: "550 No such user here", stage: .rcpt, expected: .recipientPermanent(status: "5.1.1")),
        Row(reply: "550 Message rejected", stage: .dataEnd, expected: .ambiguousPermanent),
        Row(reply: "554 5.0.0 Service unavailable", stage: .rcpt, expected: .ambiguousPermanent),
        Row(reply: "554 5.7.1 <bob@example.com>: Relay access denied", stage: .rcpt, expected: relay),
        Row(reply: "454 4.7.1 <bob@example.com>: Relaying denied", stage: .rcpt, expected: relay),
        Row(
            reply: "554 5.7.1 Message rejected as spam", stage: .dataEnd, recipients: 4, domains: 2,
            expected: relay),
        Row(reply: "554 5.7.1 Message rejected as spam", stage: .dataEnd, recipients: 4, expected: .ambiguousPermanent),
        Row(
            reply: "553 5.6.7 Non-ASCII addresses are not permitted for that recipient", stage: .rcpt,
            expected: .messageLevelPermanent),
        Row(
            reply: "552 5.3.4 Message size exceeds fixed limit", stage: .dataEnd,
            expected: .recipientPermanent(status: "5.3.4")),
        Row(reply: "501 5.5.4 Syntax: EHLO hostname", stage: .ehlo, expected: relay),
        Row(reply: "503 5.5.1 Error: need RCPT command", stage: .data, expected: .ambiguousPermanent),
    ]

    @Test(arguments: rows) func realWorldReply(row: Row) {
        let actual = DeliveryFailureClassifier.classify(row.observation)
        if case .relayLevel = row.expected {
            guard case .relayLevel(let reason) = actual else {
                Issue.record("expected relay-level, got \(actual)")
                return
            }
            #expect(!reason.isEmpty)
        } else {
            #expect(actual == row.expected)
        }
    }

    @Test func tableHasEnoughRealWorldRows() {
        #expect(Self.rows.count >= 25)
    }
}

/// Splits `550-5.1.1 text` into the code, the RFC 3463 enhanced code if the text starts with one, and the rest.
func parseReply(_ line: String) -> DeliveryObservation.Kind {
    let code = Int(line.prefix(3)) ?? 0
    let rest = line.dropFirst(4)
    let firstWord = rest.prefix { $0 != " " }
    let parts = firstWord.split(separator: ".", omittingEmptySubsequences: false)
    let isEnhanced =
        parts.count == 3 && ["2", "4", "5"].contains(parts[0])
        && parts.allSatisfy { !$0.isEmpty && $0.count <= 3 && $0.allSatisfy(\.isNumber) }
    guard isEnhanced else { return .reply(code: code, enhanced: nil, text: String(rest)) }
    return .reply(code: code, enhanced: String(firstWord), text: String(rest.dropFirst(firstWord.count + 1)))
}
