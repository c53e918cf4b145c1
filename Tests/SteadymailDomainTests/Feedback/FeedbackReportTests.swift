import Testing

@testable import SteadymailDomain

@Suite struct FeedbackReportTests {
    @Test(arguments: [false, true])
    func theRFC5965SampleIsAnAbuseComplaintWithItsEnvelopeAndOriginalHeaders(crlf: Bool) throws {
        let report = try #require(
            FeedbackReport.parse(
                ReportSamples.render(ReportSamples.rfc5965, returnPath: "bounces+x@b.test", crlf: crlf)))
        #expect(report.feedbackType == "abuse")
        #expect(report.isComplaint)
        #expect(report.userAgent == "SomeGenerator/1.0")
        #expect(report.originalMailFrom == "bounces+x@b.test")
        #expect(report.originalRecipients == ["s1@example.org"])
        #expect(report.sourceIP == "192.0.2.1")
        #expect(report.originalHeader("Subject") == "Earn money")
        #expect(report.originalHeader("message-id") == "8787KJKJ3K4J3K4J3K4J3.mail@example.net")
        #expect(report.originalHeader("Received")?.contains("[192.0.2.1]) by example.com") == true)
    }

    @Test(arguments: [false, true])
    func aYahooStyleReportKeepsTheOriginalReturnPathAndListUnsubscribe(crlf: Bool) throws {
        let template = ReportSamples.yahoo.replacingOccurrences(
            of: "{{LISTUNSUB}}", with: "<https://news.example.com/unsubscribe/a.b>,\n <mailto:unsubscribe+c@u.test>")
        let report = try #require(FeedbackReport.parse(ReportSamples.render(template, crlf: crlf)))
        #expect(report.isComplaint)
        #expect(report.userAgent == "Yahoo!-Mail-Feedback/2.0")
        #expect(report.originalMailFrom == nil)
        #expect(report.originalRecipients == ["redacted"])
        #expect(report.originalHeader("Return-Path") == "<bounces+abc@bounces.test>")
        #expect(report.originalHeader("X-Steadymail-Campaign") == "7")
        #expect(
            report.originalHeader("List-Unsubscribe")?.hasPrefix("<https://news.example.com/unsubscribe/a.b>,") == true)
    }

    @Test func aTextHeadersThirdPartIsReadToo() throws {
        let template = ReportSamples.rfc5965.replacingOccurrences(
            of: "Content-Type: message/rfc822\n", with: "Content-Type: text/rfc822-headers\n")
        let report = try #require(FeedbackReport.parse(ReportSamples.render(template)))
        #expect(report.originalHeader("Subject") == "Earn money")
    }

    @Test func onlyAbuseAndFraudAreComplaints() throws {
        for (type, complaint) in [
            ("abuse", true), ("fraud", true), ("not-spam", false), ("auth-failure", false), ("virus", false),
            ("other", false),
        ] {
            let template = ReportSamples.rfc5965.replacingOccurrences(
                of: "Feedback-Type: abuse", with: "Feedback-Type: \(type)")
            let report = try #require(FeedbackReport.parse(ReportSamples.render(template)))
            #expect(report.feedbackType == type)
            #expect(report.isComplaint == complaint, "\(type)")
        }
    }

    @Test func aDeliveryStatusNotificationOrPlainMailIsNoFeedbackReport() {
        #expect(FeedbackReport.parse(ReportSamples.render(ReportSamples.postfix)) == nil)
        #expect(FeedbackReport.parse(ReportSamples.render(ReportSamples.autoreply)) == nil)
        let oversized = ReportSamples.render(ReportSamples.rfc5965)
        #expect(FeedbackReport.parse(oversized, limits: ReportLimits(maximumBytes: 100)) == nil)
    }
}
