import Foundation
import Testing

@testable import SteadymailDomain

@Suite struct IntakeRewriterTests {
    let rewriter = IntakeRewriter(hostname: "mx.test")
    let id = QueueID("01JDZ00000ABCDEFGHJK")!
    let now = Date(timeIntervalSince1970: 1_795_000_000)
    let trace = IntakeRewriter.Trace(
        heloName: "client.test", clientAddress: "127.0.0.1", protocolName: "ESMTP",
        singleRecipient: "b@example.com")

    func rewrite(_ text: String) throws -> (String, IntakeRewriter.Result) {
        let result = try rewriter.rewrite(Array(text.utf8), id: id, trace: trace, now: now)
        return (String(decoding: result.content, as: UTF8.self), result)
    }

    @Test func addsReceivedMessageIDAndDateWhereMissing() throws {
        let (text, result) = try rewrite("Subject: hi\r\n\r\nbody\r\n")
        #expect(
            text.hasPrefix(
                "Received: from client.test ([127.0.0.1])\r\n\tby mx.test (Steadymail) with ESMTP id \(id)")
        )
        #expect(text.contains("\tfor <b@example.com>;\r\n"))
        #expect(text.contains("Subject: hi\r\nMessage-ID: <\(id)@mx.test>\r\nDate: "))
        #expect(text.hasSuffix("\r\n\r\nbody\r\n"))
        #expect(result.priority == nil)
        #expect(result.deliverBy == nil)
    }

    @Test func keepsExistingMessageIDAndDate() throws {
        let (text, _) = try rewrite(
            "Message-ID: <x@y>\r\nDate: Mon, 1 Jan 2024 00:00:00 +0000\r\n\r\nbody\r\n")
        #expect(text.components(separatedBy: "Message-ID:").count == 2)
        #expect(text.components(separatedBy: "\r\nDate:").count == 2)
    }

    @Test func readsAndRemovesControlHeadersCaseInsensitively() throws {
        let (text, result) = try rewrite(
            "x-steadymail-priority: Bulk\r\nSubject: s\r\nX-Steadymail-Deliver-By:\r\n 2025-12-01T10:00:00Z\r\n\r\nb\r\n"
        )
        #expect(result.priority == .bulk)
        #expect(result.deliverBy == Date(timeIntervalSince1970: 1_764_583_200))
        #expect(!text.lowercased().contains("x-steadymail"))
        #expect(text.contains("Subject: s\r\n"))
    }

    @Test func refusesUnknownPriorityAndBadDeadline() {
        #expect(throws: IntakeRewriter.Problem.unknownPriority("urgent")) {
            try rewriter.rewrite(
                Array("X-Steadymail-Priority: urgent\r\n\r\n".utf8), id: id, trace: trace, now: now)
        }
        #expect(throws: IntakeRewriter.Problem.invalidDeliverBy("tomorrow")) {
            try rewriter.rewrite(
                Array("X-Steadymail-Deliver-By: tomorrow\r\n\r\n".utf8), id: id, trace: trace, now: now)
        }
    }

    @Test func readsTagsFromEveryTagFieldAndKeepsThem() throws {
        let (text, result) = try rewrite(
            "X-Steadymail-Tag: news, 2026-11\r\nSubject: s\r\nx-steadymail-tag:\r\n  promo ,NEWS\r\n\r\nb\r\n")
        #expect(result.tags == ["news", "2026-11", "promo"])
        #expect(text.contains("X-Steadymail-Tag: news, 2026-11\r\n"))
        #expect(text.contains("x-steadymail-tag:\r\n  promo ,NEWS\r\n"))
    }

    @Test func tagsInTheBodyAreNotTags() throws {
        let (_, result) = try rewrite("Subject: a\r\n\r\nX-Steadymail-Tag: body\r\n")
        #expect(result.tags.isEmpty)
    }

    @Test func messageWithoutHeadersGetsASeparatorBeforeItsBody() throws {
        let (text, _) = try rewrite("just a body line\r\n")
        #expect(text.hasSuffix("Date: \(InternetDate.rfc5322(now))\r\n\r\njust a body line\r\n"))
    }

    @Test func emptyMessageGetsHeadersOnly() throws {
        let (text, _) = try rewrite("")
        #expect(text.hasSuffix("\r\n\r\n"))
        #expect(text.contains("Message-ID:"))
    }

    @Test func bodyLooksingLikeAHeaderIsNotAHeader() throws {
        let (text, result) = try rewrite("Subject: a\r\n\r\nX-Steadymail-Priority: bulk\r\n")
        #expect(result.priority == nil)
        #expect(text.hasSuffix("\r\n\r\nX-Steadymail-Priority: bulk\r\n"))
    }

    @Test func hostileTraceTextIsNeutralised() throws {
        let hostile = IntakeRewriter.Trace(
            heloName: "evil\r\nBcc: x", clientAddress: "1.2.3.4", protocolName: "SMTP",
            singleRecipient: nil)
        let result = try rewriter.rewrite(Array("\r\nb\r\n".utf8), id: id, trace: hostile, now: now)
        let text = String(decoding: result.content, as: UTF8.self)
        #expect(!text.contains("\nBcc"))
        #expect(!text.contains("for <"))
    }
}

@Suite struct InternetDateTests {
    @Test func formatsRFC5322InUTC() {
        #expect(
            InternetDate.rfc5322(Date(timeIntervalSince1970: 0)) == "Thu, 1 Jan 1970 00:00:00 +0000")
        #expect(
            InternetDate.rfc5322(Date(timeIntervalSince1970: 1_764_583_200))
                == "Mon, 1 Dec 2025 10:00:00 +0000")
        #expect(
            InternetDate.rfc5322(Date(timeIntervalSince1970: 951_782_400))
                == "Tue, 29 Feb 2000 00:00:00 +0000")
    }

    @Test func parsesRFC3339WithOffsetsAndFractions() {
        #expect(
            InternetDate.parseRFC3339("2025-12-01T10:00:00Z")
                == Date(timeIntervalSince1970: 1_764_583_200))
        #expect(
            InternetDate.parseRFC3339("2025-12-01T11:30:00+01:30")
                == Date(timeIntervalSince1970: 1_764_583_200))
        #expect(
            InternetDate.parseRFC3339("2025-12-01T10:00:00.5Z")
                == Date(timeIntervalSince1970: 1_764_583_200.5))
    }

    @Test func refusesMalformedTimes() {
        for text in [
            "", "2025-12-01", "2025-13-01T00:00:00Z", "2025-02-30T00:00:00Z", "2025-12-01T10:00:00",
            "2025-12-01T10:00:00Zjunk", "2025-12-01T25:00:00Z", "2025-12-01T10:00:00.Z",
        ] {
            #expect(InternetDate.parseRFC3339(text) == nil, "\(text)")
        }
    }

    @Test func roundTripsRFC3339() {
        let date = Date(timeIntervalSince1970: 1_795_000_000)
        #expect(InternetDate.parseRFC3339(InternetDate.rfc3339(date)) == date)
    }
}
