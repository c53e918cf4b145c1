import Foundation
import SteadymailDomain
import Testing

@testable import SteadymailServer

@Suite struct SendValidatorTests {
    private let now = Date(timeIntervalSince1970: 1_800_000_000)
    private let limits = SendLimits(maxRecipients: 3, maxMessageSize: 10_000)

    private func request(_ json: String) throws -> SendRequest {
        try StrictDecoding.decode(SendRequest.self, from: Array(json.utf8))
    }

    /// A minimal valid request with `extra` fields merged in (JSON object members, without braces).
    private func valid(_ extra: String = "") throws -> SendRequest {
        try request(
            #"{"from": "shop@example.com", "to": ["ada@example.org"], "subject": "Hi", "text": "Hello""#
                + (extra.isEmpty ? "" : ", " + extra) + "}")
    }

    private func problem(_ request: SendRequest) -> String? {
        do {
            _ = try SendValidator(limits: limits, now: now).validate(request)
            return nil
        } catch {
            return "\(error.field): \(error.message)"
        }
    }

    @Test func aValidRequestBecomesADraftAndAnEnvelope() throws {
        let validated = try SendValidator(limits: limits, now: now).validate(
            try request(
                """
                {"from": {"name": "Zoë", "email": "shop@example.com"}, "to": ["ada@example.org"],
                 "cc": [{"name": "Bob", "email": "bob@EXAMPLE.org"}], "bcc": ["ada@Example.ORG", "eve@example.net"],
                 "reply_to": ["help@example.com"], "subject": "Grüße", "html": "<p>x</p>",
                 "headers": {"X-Campaign": "spring\\t2026"}, "tags": ["news"], "metadata": {"order": "7"},
                 "priority": "bulk", "deliver_by": "2027-02-01T08:00:00Z",
                 "attachments": [{"filename": "a.txt", "content_type": "text/plain", "content": "aGVsbG8="}]}
                """))
        #expect(validated.sender == "shop@example.com")
        #expect(validated.recipients == ["ada@example.org", "bob@EXAMPLE.org", "eve@example.net"])
        #expect(validated.options.priority == .bulk)
        #expect(validated.options.deliverBy == InternetDate.parseRFC3339("2027-02-01T08:00:00Z"))
        #expect(validated.options.tags == ["news"])
        #expect(validated.options.metadata == ["order": "7"])
        guard case .draft(let draft) = validated.content else {
            Issue.record("expected a draft")
            return
        }
        #expect(draft.from.name == "Zoë")
        #expect(draft.cc.map(\.mailbox.description) == ["bob@EXAMPLE.org"])
        #expect(draft.replyTo.map(\.mailbox.description) == ["help@example.com"])
        #expect(draft.headers == [HeaderField(name: "X-Campaign", value: "spring\t2026")])
        #expect(
            draft.attachments == [
                DraftAttachment(filename: "a.txt", contentType: "text/plain", content: Array("hello".utf8))
            ])
    }

    @Test(arguments: [
        (#""headers": {"X-A": "v\r\nBcc: x@evil.example"}"#, "headers.X-A: contains CR or LF"),
        (#""headers": {"X-A": "v\nBcc: x@evil.example"}"#, "headers.X-A: contains CR or LF"),
        (#""headers": {"X-A\r\nBcc": "x@evil.example"}"#, "headers.X-A\\r\\nBcc: the name contains CR or LF"),
        (#""headers": {"X A": "v"}"#, "headers.X A: not a valid header name (printable ASCII without colon or space)"),
        (#""headers": {"Bcc": "x@evil.example"}"#, "headers.Bcc: is set by Steadymail from the request"),
        (#""headers": {"content-type": "text/html"}"#, "headers.content-type: is set by Steadymail from the request"),
        (
            #""headers": {"X-Steadymail-Priority": "bulk"}"#,
            "headers.X-Steadymail-Priority: is set from the priority field"
        ),
        (#""headers": {"X-A": "nul\u0000"}"#, "headers.X-A: contains a control character"),
        (#""cc": [{"name": "Eve\r\nBcc: x@evil.example", "email": "e@example.org"}]"#, "cc[0].name: contains CR or LF"),
        (#""cc": ["not-an-address"]"#, "cc[0]: not a valid address (no @ between local part and domain)"),
        (
            #""cc": [{"email": "x@example.org\r\nRCPT TO:<y@evil.example>"}]"#,
            "cc[0].email: not a valid address (contains CR, LF or another control character)"
        ),
        (#""priority": "urgent""#, "priority: unknown priority \"urgent\" (use transactional, time-critical or bulk)"),
        (#""deliver_by": "tomorrow""#, "deliver_by: not an RFC 3339 time such as 2026-11-29T10:00:00Z"),
        (#""deliver_by": "2020-01-01T00:00:00Z""#, "deliver_by: is in the past"),
        (
            #""tags": ["a,b"]"#,
            "tags[0]: a tag is 1 to 64 printable ASCII characters, no comma, not starting or ending with a space"
        ),
        (#""metadata": {"k": "\#(String(repeating: "v", count: 1025))"}"#, "metadata.k: a value is at most 1024 bytes"),
        (#""metadata": {"": "v"}"#, "metadata.: a key is 1 to 64 bytes without control characters"),
        (
            #""attachments": [{"filename": "a\r\n.txt", "content_type": "text/plain", "content": ""}]"#,
            "attachments[0].filename: contains CR or LF"
        ),
        (
            #""attachments": [{"filename": "a.txt", "content_type": "text", "content": ""}]"#,
            "attachments[0].content_type: not a MIME type such as application/pdf"
        ),
        (
            #""attachments": [{"filename": "a.txt", "content_type": "text/plain", "content": "aGVsbG8"}]"#,
            "attachments[0].content: not valid base64 (RFC 4648, padded, no line breaks)"
        ),
        (
            #""attachments": [{"filename": "a.txt", "content_type": "text/plain", "content": "aGVs\nbG8="}]"#,
            "attachments[0].content: not valid base64 (RFC 4648, padded, no line breaks)"
        ),
        (
            #""attachments": [{"filename": "a.txt", "content_type": "text/plain", "content": "!!!!"}]"#,
            "attachments[0].content: not valid base64 (RFC 4648, padded, no line breaks)"
        ),
        (#""attachments": [{"content_type": "text/plain", "content": ""}]"#, "attachments[0].filename: required"),
    ])
    func badFieldsAreNamed(extra: String, expected: String) throws {
        #expect(problem(try valid(extra)) == expected)
    }

    @Test func requiredFieldsAndRecipientLimits() throws {
        #expect(problem(try request(#"{"to": ["a@example.org"], "subject": "s", "text": "t"}"#)) == "from: required")
        #expect(
            problem(try request(#"{"from": "a@example.org", "subject": "s", "text": "t"}"#))
                == "to: at least one recipient in to, cc or bcc")
        #expect(
            problem(try request(#"{"from": "a@example.org", "to": ["b@example.org"], "text": "t"}"#))
                == "subject: required")
        #expect(
            problem(try request(#"{"from": "a@example.org", "to": ["b@example.org"], "subject": "s"}"#))
                == "text: text or html is required")
        #expect(
            problem(
                try request(
                    #"{"from": "a@example.org", "to": ["b@example.org"], "subject": "Hi\r\nBcc: x@evil.example", "text": "t"}"#
                )) == "subject: contains CR or LF")
        #expect(
            problem(try valid(#""cc": ["b@example.org", "c@example.org", "d@example.org"]"#))
                == "to: 4 recipients in to, cc and bcc; the limit is 3")
        #expect(problem(try valid(#""cc": ["ada@example.org", "ADA@EXAMPLE.ORG"]"#)) == nil)
    }

    @Test func rawMessagesGetCRLFLineEndsAndTheSMTPLimits() throws {
        let validator = RawSendValidator(limits: limits, now: now)
        #expect(
            try validator.message("Subject: x\n\nbody\r\nline\rend")
                == Array("Subject: x\r\n\r\nbody\r\nline\r\nend\r\n".utf8))
        let exact = "Subject: x\r\n\r\nbody\r\n"
        #expect(try validator.message(exact) == Array(exact.utf8))
        #expect(throws: FieldProblem("raw", "line 3 is longer than 998 octets")) {
            try validator.message("Subject: x\r\n\r\n" + String(repeating: "a", count: 999))
        }
        #expect(throws: FieldProblem("raw", "line 1 contains a NUL byte")) { try validator.message("Subject: \u{0}") }
        #expect(throws: FieldProblem("raw", "10003 bytes, over the limit of 10000 (smtp.max_message_size)")) {
            try validator.message(String(repeating: String(repeating: "a", count: 98) + "\r\n", count: 100) + "x")
        }
    }

    @Test func rawEnvelopeIsChecked() throws {
        func check(_ json: String) throws -> String? {
            let request = try StrictDecoding.decode(RawSendRequest.self, from: Array(json.utf8))
            do {
                _ = try RawSendValidator(limits: limits, now: now).validate(request)
                return nil
            } catch {
                return "\(error.field): \(error.message)"
            }
        }
        #expect(try check(#"{"envelope": {"from": "", "to": ["a@example.org"]}, "raw": "Subject: x\r\n\r\nx"}"#) == nil)
        #expect(try check(#"{"raw": "x"}"#) == "envelope: required")
        #expect(
            try check(#"{"envelope": {"from": "nope", "to": ["a@example.org"]}, "raw": "x"}"#)
                == "envelope.from: not a valid address (no @ between local part and domain); use \"\" for the null sender"
        )
        #expect(
            try check(#"{"envelope": {"from": "", "to": []}, "raw": "x"}"#) == "envelope.to: at least one recipient")
        #expect(
            try check(#"{"envelope": {"from": "", "to": ["a@example.org", "bad"]}, "raw": "x"}"#)
                == "envelope.to[1]: not a valid address (no @ between local part and domain)")
        #expect(try check(#"{"envelope": {"from": "", "to": ["a@example.org"]}, "raw": ""}"#) == "raw: required")
    }
}
