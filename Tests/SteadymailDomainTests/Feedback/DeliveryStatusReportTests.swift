import Foundation
import Testing

@testable import SteadymailDomain

@Suite struct DeliveryStatusReportTests {
    @Test(arguments: [false, true])
    func postfixHardBounceIsReadWithItsFoldedDiagnostic(crlf: Bool) throws {
        let report = try #require(DeliveryStatusReport.parse(ReportSamples.render(ReportSamples.postfix, crlf: crlf)))
        #expect(report.reportingMTA == "mx.example.net")
        #expect(report.recipients.count == 1)
        let recipient = try #require(report.recipients.first)
        #expect(recipient.finalRecipient == "s1@example.org")
        #expect(recipient.originalRecipient == "s1@example.org")
        #expect(recipient.action == "failed")
        #expect(recipient.status == "5.1.1")
        #expect(
            recipient.diagnostic
                == "550 5.1.1 <s1@example.org>: Recipient address rejected: User unknown in local recipient table")
        #expect(report.bounces.map(\.kind) == [.hardBounce])
    }

    @Test(arguments: [false, true])
    func eximGmailAndMicrosoftFailuresAreHardBounces(crlf: Bool) throws {
        for (sample, status) in [
            (ReportSamples.exim, "5.0.0"), (ReportSamples.gmail, "5.1.1"), (ReportSamples.microsoft(), "5.1.10"),
        ] {
            let report = try #require(DeliveryStatusReport.parse(ReportSamples.render(sample, crlf: crlf)))
            let bounce = try #require(report.bounces.first)
            #expect(report.bounces.count == 1)
            #expect(bounce.recipient.finalRecipient == "s1@example.org")
            #expect(bounce.recipient.status == status)
            #expect(bounce.kind == .hardBounce)
        }
        let gmail = try #require(DeliveryStatusReport.parse(ReportSamples.render(ReportSamples.gmail, crlf: crlf)))
        #expect(gmail.bounces.first?.recipient.diagnostic?.hasPrefix("550-5.1.1 The email account") == true)
        let microsoft = try #require(
            DeliveryStatusReport.parse(ReportSamples.render(ReportSamples.microsoft(), crlf: crlf)))
        #expect(microsoft.reportingMTA == "AM0PR01MB1234.eurprd01.prod.exchangelabs.com")
        #expect(microsoft.bounces.first?.recipient.diagnostic?.contains("RecipientNotFound") == true)
    }

    @Test func aDelayIsReportedButIsNoBounce() throws {
        let report = try #require(DeliveryStatusReport.parse(ReportSamples.render(ReportSamples.postfixDelayed)))
        #expect(report.recipients.map(\.action) == ["delayed"])
        #expect(report.recipients.first?.status == "4.4.1")
        #expect(report.bounces.isEmpty)
    }

    @Test func onlyTheFailedRecipientOfAMixedReportBouncesAndAFullMailboxIsSoft() throws {
        let report = try #require(
            DeliveryStatusReport.parse(ReportSamples.render(ReportSamples.mixed, rcpt: "full@example.org")))
        #expect(report.recipients.map(\.action) == ["delivered", "relayed", "expanded", "failed"])
        #expect(report.bounces.map(\.recipient.finalRecipient) == ["full@example.org"])
        #expect(report.bounces.map(\.kind) == [.softBounce])
        #expect(report.bounces.first?.recipient.status == "5.2.2")
    }

    @Test func aFailureWithAFourStatusIsSoftAndOneWithoutStatusFallsBackToTheReplyCode() throws {
        let soft = ReportSamples.postfix.replacingOccurrences(of: "Status: 5.1.1", with: "Status: 4.2.0")
        #expect(DeliveryStatusReport.parse(ReportSamples.render(soft))?.bounces.map(\.kind) == [.softBounce])
        let noStatus = ReportSamples.exim.replacingOccurrences(of: "Status: 5.0.0\n", with: "")
        #expect(DeliveryStatusReport.parse(ReportSamples.render(noStatus))?.bounces.map(\.kind) == [.hardBounce])
    }

    @Test func mailThatIsNoReportYieldsNothing() {
        #expect(DeliveryStatusReport.parse(ReportSamples.render(ReportSamples.autoreply)) == nil)
        #expect(DeliveryStatusReport.parse(ReportSamples.render(ReportSamples.rfc5965)) == nil)
        #expect(DeliveryStatusReport.parse([]) == nil)
    }

    @Test func reportsBeyondTheLimitsAreRefusedUnread() {
        let postfix = ReportSamples.render(ReportSamples.postfix)
        #expect(DeliveryStatusReport.parse(postfix, limits: ReportLimits(maximumBytes: 500)) == nil)
        #expect(DeliveryStatusReport.parse(postfix, limits: ReportLimits(maximumLineLength: 60)) == nil)
        let block = "Final-Recipient: rfc822; x@example.org\nAction: failed\nStatus: 5.1.1\n\n"
        let many =
            "Content-Type: multipart/report; boundary=b\n\n--b\nContent-Type: message/delivery-status\n\n"
            + "Reporting-MTA: dns; mx\n\n" + String(repeating: block, count: 5) + "--b--\n"
        #expect(
            DeliveryStatusReport.parse(Array(many.utf8), limits: ReportLimits(maximumRecipients: 5))?.recipients.count
                == 5)
        #expect(DeliveryStatusReport.parse(Array(many.utf8), limits: ReportLimits(maximumRecipients: 4)) == nil)
    }

    @Test func truncatedAndGarbledSamplesNeverCrash() {
        var generator = SystemRandomNumberGenerator()
        let samples = [
            ReportSamples.postfix, ReportSamples.exim, ReportSamples.gmail, ReportSamples.microsoft(),
            ReportSamples.mixed, ReportSamples.rfc5965, ReportSamples.yahoo,
        ]
        for sample in samples {
            for crlf in [false, true] {
                let bytes = ReportSamples.render(sample, crlf: crlf)
                for cut in stride(from: 0, through: bytes.count, by: 7) {
                    _ = DeliveryStatusReport.parse(Array(bytes.prefix(cut)))
                    _ = FeedbackReport.parse(Array(bytes.prefix(cut)))
                }
                for _ in 0..<50 {
                    var garbled = bytes
                    for _ in 0..<8 {
                        garbled[Int.random(in: 0..<garbled.count, using: &generator)] = UInt8.random(
                            in: 0...255, using: &generator)
                    }
                    _ = DeliveryStatusReport.parse(garbled)
                    _ = FeedbackReport.parse(garbled)
                }
            }
        }
    }
}
