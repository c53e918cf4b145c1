import Foundation
import Testing

@testable import SteadymailDomain

/// SendGrid, Mailgun and Postmark payloads in the shapes of their documented examples (SendGrid's Event Webhook
/// reference, Mailgun's webhook event examples, Postmark's bounce, spam complaint and subscription change webhooks).
@Suite struct ProviderEventTests {
    static let received = Date(timeIntervalSince1970: 1_700_000_000)

    static let sendgridBatch = """
        [
          {"email":"example@test.com","timestamp":1513299569,"smtp-id":"<14c5d75ce93.dfd.64b469@ismtpd-555>",
           "event":"processed","category":"cat facts","sg_event_id":"rbtnWrG1DVDGGGFHFyun0A==",
           "sg_message_id":"14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.000000000000000000000"},
          {"email":"example@test.com","timestamp":1513299569,"smtp-id":"<14c5d75ce93.dfd.64b469@ismtpd-555>",
           "event":"dropped","category":"cat facts","sg_event_id":"zmzJhfJgAfUSOW80yEbPyw==",
           "sg_message_id":"14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0","reason":"Bounced Address",
           "status":"5.0.0"},
          {"email":"example@test.com","timestamp":1513299569,"smtp-id":"<14c5d75ce93.dfd.64b469@ismtpd-555>",
           "event":"delivered","category":"cat facts","sg_event_id":"rWVYmVk90MjZJ9iohOBa3w==",
           "sg_message_id":"14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0","response":"250 OK"},
          {"email":"example@test.com","timestamp":1513299569,"smtp-id":"<14c5d75ce93.dfd.64b469@ismtpd-555>",
           "event":"deferred","category":"cat facts","sg_event_id":"t7LEShmowp86DTdUW8M-GQ==",
           "sg_message_id":"14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0",
           "response":"400 try again later","attempt":"5"},
          {"email":"example@test.com","timestamp":1513299569,"smtp-id":"<01J9ABCDEFGHJKMNPQRS@mta.example.org>",
           "event":"bounce","category":"cat facts","sg_event_id":"6g4ZI7SA-xmRDv57GoPIPw==",
           "sg_message_id":"14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0","reason":"500 unknown recipient",
           "status":"5.0.0","type":"bounce"},
          {"email":"blocked@test.com","timestamp":1513299569,"smtp-id":"<14c5d75ce93.dfd.64b469@ismtpd-555>",
           "event":"bounce","category":"cat facts","sg_event_id":"blk-1","reason":"550 blocked by policy",
           "status":"5.7.1","type":"blocked"},
          {"email":"example@test.com","timestamp":1513299569,"event":"open","sg_event_id":"FOTFFO0ecsBE-zxFXfs6WA==",
           "useragent":"Mozilla/4.0","ip":"255.255.255.255"},
          {"email":"example@test.com","timestamp":1513299569,"event":"spamreport","category":"cat facts",
           "sg_event_id":"37nvH5QBz858KGVYCM4uOA==",
           "sg_message_id":"14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0"},
          {"email":"example@test.com","timestamp":1513299569,"event":"unsubscribe","category":"cat facts",
           "sg_event_id":"zz_BjPgU_5pS-J8vlfB1sg==",
           "sg_message_id":"14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0"},
          {"email":"example@test.com","timestamp":1513299569,"event":"group_unsubscribe","category":"cat facts",
           "sg_event_id":"ahSCB7xYcXFb-hEaawsPRw==","asm_group_id":10}
        ]
        """

    @Test func sendgridBatchYieldsBouncesComplaintsAndUnsubscribesOnly() throws {
        let events = try SendGridEvents.events(Data(Self.sendgridBatch.utf8), receivedAt: Self.received)
        let at = Date(timeIntervalSince1970: 1_513_299_569)
        #expect(
            events == [
                FeedbackEvent(
                    kind: .hardBounce, source: .sendgrid, email: "example@test.com",
                    messageID: QueueID("01J9ABCDEFGHJKMNPQRS"), status: "5.0.0", detail: "500 unknown recipient",
                    at: at, dedupeKey: "sendgrid:6g4ZI7SA-xmRDv57GoPIPw=="),
                FeedbackEvent(
                    kind: .softBounce, source: .sendgrid, email: "blocked@test.com", status: "5.7.1",
                    detail: "550 blocked by policy", at: at, dedupeKey: "sendgrid:blk-1"),
                FeedbackEvent(
                    kind: .complaint, source: .sendgrid, email: "example@test.com", at: at,
                    dedupeKey: "sendgrid:37nvH5QBz858KGVYCM4uOA=="),
                FeedbackEvent(
                    kind: .unsubscribe, source: .sendgrid, email: "example@test.com", at: at,
                    dedupeKey: "sendgrid:zz_BjPgU_5pS-J8vlfB1sg=="),
                FeedbackEvent(
                    kind: .unsubscribe, source: .sendgrid, email: "example@test.com", at: at,
                    dedupeKey: "sendgrid:ahSCB7xYcXFb-hEaawsPRw=="),
            ])
    }

    @Test(arguments: ["{}", "not json", "[1]", #"[{"event":"bounce","type":"bounce"}]"#])
    func sendgridMalformedBatchesAreRefused(body: String) {
        #expect(throws: ProviderPayloadError.self) {
            try SendGridEvents.events(Data(body.utf8), receivedAt: Self.received)
        }
    }

    static let mailgunFailed = """
        {
          "signature": {
            "timestamp": "1529006854",
            "token": "a8ce0edb2dd8301dee6c2405235584e45aa91d1e9f979f3de0",
            "signature": "d2271d12299f6592d9d44cd9d250f0704e4674c30d79d07c47a66f95ce71cf55"
          },
          "event-data": {
            "event": "failed",
            "id": "G9Bn5sl1TC6nu79C8C0bwg",
            "timestamp": 1529006854.329574,
            "log-level": "error",
            "severity": "permanent",
            "reason": "bounce",
            "envelope": {"sender": "bob@sandbox.mailgun.org", "transport": "smtp", "targets": "alice@example.com"},
            "flags": {"is-routed": false, "is-authenticated": true, "is-system-test": false, "is-test-mode": false},
            "recipient": "alice@example.com",
            "recipient-domain": "example.com",
            "message": {
              "headers": {
                "to": "Alice <alice@example.com>",
                "message-id": "01J9ABCDEFGHJKMNPQRS@mta.example.org",
                "from": "Bob <bob@sandbox.mailgun.org>",
                "subject": "Test permanent_fail webhook"
              },
              "attachments": [],
              "size": 111
            },
            "delivery-status": {
              "attempt-no": 1,
              "message": "",
              "code": 550,
              "description": "550 5.1.1 The email account that you tried to reach does not exist",
              "session-seconds": 0.0
            },
            "tags": ["my_tag_1"],
            "user-variables": {"my_var_1": "Mailgun Variable #1"}
          }
        }
        """

    @Test func mailgunPermanentFailureIsHardWithOurMessageID() throws {
        let webhook = try MailgunWebhook.parse(Data(Self.mailgunFailed.utf8), receivedAt: Self.received)
        #expect(webhook.timestamp == "1529006854")
        #expect(webhook.token == "a8ce0edb2dd8301dee6c2405235584e45aa91d1e9f979f3de0")
        #expect(webhook.signature == "d2271d12299f6592d9d44cd9d250f0704e4674c30d79d07c47a66f95ce71cf55")
        #expect(
            webhook.event
                == FeedbackEvent(
                    kind: .hardBounce, source: .mailgun, email: "alice@example.com",
                    messageID: QueueID("01J9ABCDEFGHJKMNPQRS"), status: "5.1.1",
                    detail: "550 5.1.1 The email account that you tried to reach does not exist",
                    at: Date(timeIntervalSince1970: 1_529_006_854.329574), dedupeKey: "mailgun:G9Bn5sl1TC6nu79C8C0bwg"))
    }

    @Test func mailgunMailboxFullIsSoftAndTemporaryFailuresAreNotBounces() throws {
        let full = Self.mailgunFailed.replacingOccurrences(
            of: "550 5.1.1 The email account that you tried to reach does not exist",
            with: "552 5.2.2 The email account that you tried to reach is over quota")
        #expect(try MailgunWebhook.parse(Data(full.utf8), receivedAt: Self.received).event?.kind == .softBounce)
        let temporary = Self.mailgunFailed.replacingOccurrences(of: "\"permanent\"", with: "\"temporary\"")
        #expect(try MailgunWebhook.parse(Data(temporary.utf8), receivedAt: Self.received).event == nil)
    }

    @Test func mailgunComplaintAndUnsubscribe() throws {
        let complained = """
            {"signature":{"timestamp":"1529006854","token":"t","signature":"s"},
             "event-data":{"event":"complained","id":"-Agny091SquKnsrW2NEKUA","timestamp":1521233123.501324,
              "log-level":"warn","recipient":"alice@example.com",
              "message":{"headers":{"to":"Alice <alice@example.com>","message-id":"20110215055645.25246.63817@sandbox.mailgun.org",
               "from":"Bob <bob@sandbox.mailgun.org>","subject":"Test complained webhook"},"attachments":[],"size":111}}}
            """
        let event = try #require(try MailgunWebhook.parse(Data(complained.utf8), receivedAt: Self.received).event)
        #expect(event.kind == .complaint)
        #expect(event.messageID == nil)
        #expect(event.dedupeKey == "mailgun:-Agny091SquKnsrW2NEKUA")
        let unsubscribed = complained.replacingOccurrences(of: "\"complained\"", with: "\"unsubscribed\"")
        #expect(
            try MailgunWebhook.parse(Data(unsubscribed.utf8), receivedAt: Self.received).event?.kind == .unsubscribe)
        let delivered = complained.replacingOccurrences(of: "\"complained\"", with: "\"delivered\"")
        #expect(try MailgunWebhook.parse(Data(delivered.utf8), receivedAt: Self.received).event == nil)
    }

    @Test(arguments: [
        "not json", #"{"event-data":{}}"#, #"{"signature":{"timestamp":"1","token":"t","signature":"s"}}"#,
        #"{"signature":{"timestamp":"1","token":"t","signature":"s"},"event-data":{"event":"complained"}}"#,
    ])
    func mailgunMalformedBodiesAreRefused(body: String) {
        #expect(throws: ProviderPayloadError.self) {
            try MailgunWebhook.parse(Data(body.utf8), receivedAt: Self.received)
        }
    }

    static let postmarkBounce = """
        {
          "RecordType": "Bounce",
          "MessageStream": "outbound",
          "ID": 4323372036854775807,
          "Type": "HardBounce",
          "TypeCode": 1,
          "Name": "Hard bounce",
          "Tag": "Test",
          "MessageID": "883953f4-6105-42a2-a16a-77a8eac79483",
          "Metadata" : {"a_key" : "a_value", "b_key": "b_value"},
          "ServerID": 23,
          "Description": "The server was unable to deliver your message (ex: unknown user, mailbox not found).",
          "Details": "Test bounce details",
          "Email": "john@example.com",
          "From": "sender@example.com",
          "BouncedAt": "2019-11-05T16:33:54.9070259Z",
          "DumpAvailable": true,
          "Inactive": true,
          "CanActivate": true,
          "Subject": "Test subject",
          "Content": "<Full dump of bounce>"
        }
        """

    static let postmarkComplaint = """
        {
          "RecordType": "SpamComplaint",
          "MessageStream": "outbound",
          "ID": 42,
          "Type": "SpamComplaint",
          "TypeCode": 512,
          "Name": "Spam complaint",
          "Tag": "Test",
          "MessageID": "00000000-0000-0000-0000-000000000000",
          "Metadata" : {"a_key" : "a_value", "b_key": "b_value"},
          "ServerID": 1234,
          "Description": "The subscriber explicitly marked this message as spam.",
          "Details": "Test spam complaint details",
          "Email": "john@example.com",
          "From": "sender@example.com",
          "BouncedAt": "2019-11-05T16:33:54.9070259Z",
          "DumpAvailable": true,
          "Inactive": true,
          "CanActivate": false,
          "Subject": "Test subject",
          "Content": "<Abuse report dump>"
        }
        """

    @Test func postmarkHardBounceAndSpamComplaint() throws {
        let at = Date(timeIntervalSince1970: 1_572_971_634.907)
        #expect(
            try PostmarkWebhook.event(Data(Self.postmarkBounce.utf8), receivedAt: Self.received)
                == FeedbackEvent(
                    kind: .hardBounce, source: .postmark, email: "john@example.com", detail: "Test bounce details",
                    at: at, dedupeKey: "postmark:4323372036854775807"))
        #expect(
            try PostmarkWebhook.event(Data(Self.postmarkComplaint.utf8), receivedAt: Self.received)
                == FeedbackEvent(
                    kind: .complaint, source: .postmark, email: "john@example.com",
                    detail: "Test spam complaint details", at: at, dedupeKey: "postmark:42"))
    }

    @Test(arguments: [("SoftBounce", FeedbackKind.softBounce), ("BadEmailAddress", .hardBounce)])
    func postmarkBounceTypesThatCount(type: String, kind: FeedbackKind) throws {
        let body = Self.postmarkBounce.replacingOccurrences(of: "\"HardBounce\"", with: "\"\(type)\"")
        #expect(try PostmarkWebhook.event(Data(body.utf8), receivedAt: Self.received)?.kind == kind)
    }

    @Test(arguments: ["Transient", "DnsError", "Blocked", "AutoResponder", "SpamNotification"])
    func postmarkBounceTypesThatDoNotCount(type: String) throws {
        let body = Self.postmarkBounce.replacingOccurrences(of: "\"HardBounce\"", with: "\"\(type)\"")
        #expect(try PostmarkWebhook.event(Data(body.utf8), receivedAt: Self.received) == nil)
    }

    @Test func postmarkManualSuppressionIsAnUnsubscribe() throws {
        let change = """
            {"RecordType":"SubscriptionChange","MessageID":"883953f4-6105-42a2-a16a-77a8eac79483","ServerID":123456,
             "MessageStream":"outbound","ChangedAt":"2020-02-01T10:53:34.416071Z","Recipient":"bounced-address@wildbit.com",
             "Origin":"Recipient","SuppressSending":true,"SuppressionReason":"ManualSuppression","Tag":"my-tag",
             "Metadata":{"example":"value"}}
            """
        let event = try #require(try PostmarkWebhook.event(Data(change.utf8), receivedAt: Self.received))
        #expect(event.kind == .unsubscribe)
        #expect(event.email == "bounced-address@wildbit.com")
        let byBounce = change.replacingOccurrences(of: "ManualSuppression", with: "HardBounce")
        #expect(try PostmarkWebhook.event(Data(byBounce.utf8), receivedAt: Self.received) == nil)
        let reactivated = change.replacingOccurrences(of: "\"SuppressSending\":true", with: "\"SuppressSending\":false")
        #expect(try PostmarkWebhook.event(Data(reactivated.utf8), receivedAt: Self.received) == nil)
    }

    @Test(arguments: ["not json", "{}", #"{"RecordType":"Bounce","Type":"HardBounce","ID":1}"#])
    func postmarkMalformedBodiesAreRefused(body: String) {
        #expect(throws: ProviderPayloadError.self) {
            try PostmarkWebhook.event(Data(body.utf8), receivedAt: Self.received)
        }
    }

    @Test(arguments: [
        ("<01J9ABCDEFGHJKMNPQRS@mta.example.org>", "01J9ABCDEFGHJKMNPQRS"),
        ("01j9abcdefghjkmnpqrs@mta.example.org", "01J9ABCDEFGHJKMNPQRS"),
        ("<14c5d75ce93.dfd.64b469@ismtpd-555>", nil), ("custom-message-ID", nil), ("<01J9ABCDEFGHJKMNPQRS>", nil),
    ])
    func ourMessageIDs(header: String, queueID: String?) {
        #expect(ProviderMessageID.queueID(header)?.rawValue == queueID)
    }
}
