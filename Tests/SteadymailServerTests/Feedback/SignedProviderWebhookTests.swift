import Crypto
import Foundation
import SteadymailConfig
import SteadymailDomain
import Testing

@testable import SteadymailServer

@Suite struct SignedProviderWebhookTests {
    typealias Fixtures = ProviderWebhookFixtures

    static let sendgridBody = Data(
        #"[{"email":"x@example.com","timestamp":1700000000,"event":"spamreport","sg_event_id":"ev-1"}]"#.utf8)

    static func sendgridSignature(_ key: P256.Signing.PrivateKey, timestamp: String, body: Data) throws -> String {
        try key.signature(for: Data(timestamp.utf8) + body).derRepresentation.base64EncodedString()
    }

    @Test func sendgridSignedBatchIsRecorded() async throws {
        let key = P256.Signing.PrivateKey()
        let sink = RecordingProviderFeedbackSink()
        let webhooks = Fixtures.webhooks(
            sendgrid: SendGridSignature(key: key.publicKey, maxAge: .seconds(300)), sink: sink)
        let timestamp = "1700000000"
        let signature = try Self.sendgridSignature(key, timestamp: timestamp, body: Self.sendgridBody)
        let outcome = try await webhooks.sendgrid(
            body: Self.sendgridBody, signature: signature, timestamp: timestamp, now: Fixtures.now)
        #expect(outcome.recorded == 1)
        #expect(
            await sink.events == [
                FeedbackEvent(
                    kind: .complaint, source: .sendgrid, email: "x@example.com", at: Fixtures.now,
                    dedupeKey: "sendgrid:ev-1")
            ])
    }

    @Test func sendgridEditedBodyOldTimestampAndOtherKeyAreRefused() async throws {
        let key = P256.Signing.PrivateKey()
        let sink = RecordingProviderFeedbackSink()
        let webhooks = Fixtures.webhooks(
            sendgrid: SendGridSignature(key: key.publicKey, maxAge: .seconds(300)), sink: sink)
        let signature = try Self.sendgridSignature(key, timestamp: "1700000000", body: Self.sendgridBody)
        let edited = Data(
            String(decoding: Self.sendgridBody, as: UTF8.self).replacingOccurrences(of: "x@", with: "y@").utf8)
        await expectRefusal(401, "invalid_signature") {
            _ = try await webhooks.sendgrid(
                body: edited, signature: signature, timestamp: "1700000000", now: Fixtures.now)
        }
        await expectRefusal(401, "invalid_signature") {
            _ = try await webhooks.sendgrid(
                body: Self.sendgridBody, signature: signature, timestamp: "1700000001", now: Fixtures.now)
        }
        let old = "1699999000"
        let oldSignature = try Self.sendgridSignature(key, timestamp: old, body: Self.sendgridBody)
        await expectRefusal(401, "stale_timestamp") {
            _ = try await webhooks.sendgrid(
                body: Self.sendgridBody, signature: oldSignature, timestamp: old, now: Fixtures.now)
        }
        let stranger = try Self.sendgridSignature(
            P256.Signing.PrivateKey(), timestamp: "1700000000", body: Self.sendgridBody)
        await expectRefusal(401, "invalid_signature") {
            _ = try await webhooks.sendgrid(
                body: Self.sendgridBody, signature: stranger, timestamp: "1700000000", now: Fixtures.now)
        }
        await expectRefusal(401, "invalid_signature") {
            _ = try await webhooks.sendgrid(body: Self.sendgridBody, signature: nil, timestamp: nil, now: Fixtures.now)
        }
        #expect(await sink.events.isEmpty)
    }

    static let mailgunKey = "key-3ax6xnjp29jd6fds4gc373sgvjxteol0"

    static func mailgunBody(timestamp: String, token: String, key: String = mailgunKey) -> Data {
        let mac = HMAC<SHA256>.authenticationCode(
            for: Data((timestamp + token).utf8), using: SymmetricKey(data: Data(key.utf8)))
        let hex = mac.map { String(format: "%02x", $0) }.joined()
        return Data(
            """
            {"signature":{"timestamp":"\(timestamp)","token":"\(token)","signature":"\(hex)"},
             "event-data":{"event":"complained","id":"ev-\(token)","timestamp":1700000000.5,
              "recipient":"x@example.com","message":{"headers":{"message-id":"01J9ABCDEFGHJKMNPQRS@mta.example.org"}}}}
            """.utf8)
    }

    @Test func mailgunSignedEventIsRecordedOnceAndItsTokenNotReplayed() async throws {
        let sink = RecordingProviderFeedbackSink()
        let webhooks = Fixtures.webhooks(
            mailgun: MailgunSignature(signingKey: Self.mailgunKey, maxAge: .seconds(300)), sink: sink)
        let body = Self.mailgunBody(timestamp: "1700000000", token: "tok-1")
        #expect(try await webhooks.mailgun(body: body, now: Fixtures.now).recorded == 1)
        #expect(
            await sink.events == [
                FeedbackEvent(
                    kind: .complaint, source: .mailgun, email: "x@example.com",
                    messageID: QueueID("01J9ABCDEFGHJKMNPQRS"), at: Date(timeIntervalSince1970: 1_700_000_000.5),
                    dedupeKey: "mailgun:ev-tok-1")
            ])
        await expectRefusal(401, "replayed") { _ = try await webhooks.mailgun(body: body, now: Fixtures.now) }
        #expect(await sink.events.count == 1)
    }

    @Test func mailgunForgedAndStaleSignaturesAreRefused() async throws {
        let sink = RecordingProviderFeedbackSink()
        let webhooks = Fixtures.webhooks(
            mailgun: MailgunSignature(signingKey: Self.mailgunKey, maxAge: .seconds(300)), sink: sink)
        let forged = Self.mailgunBody(timestamp: "1700000000", token: "tok-2", key: "another-key")
        await expectRefusal(401, "invalid_signature") {
            _ = try await webhooks.mailgun(body: forged, now: Fixtures.now)
        }
        let stale = Self.mailgunBody(timestamp: "1699999000", token: "tok-3")
        await expectRefusal(401, "stale_timestamp") { _ = try await webhooks.mailgun(body: stale, now: Fixtures.now) }
        #expect(await sink.events.isEmpty)
    }

    @Test func mailgunTokenIsReleasedWhenStorageFails() async throws {
        let sink = RecordingProviderFeedbackSink()
        let webhooks = Fixtures.webhooks(
            mailgun: MailgunSignature(signingKey: Self.mailgunKey, maxAge: .seconds(300)), sink: sink)
        let body = Self.mailgunBody(timestamp: "1700000000", token: "tok-4")
        await sink.fail(true)
        await expectRefusal(503, "storage_unavailable") {
            _ = try await webhooks.mailgun(body: body, now: Fixtures.now)
        }
        await sink.fail(false)
        #expect(try await webhooks.mailgun(body: body, now: Fixtures.now).recorded == 1)
    }

    static let postmarkBody = Data(
        """
        {"RecordType":"SpamComplaint","ID":42,"Type":"SpamComplaint","Email":"x@example.com",
         "Details":"Test spam complaint details","BouncedAt":"2023-11-14T22:13:20Z"}
        """.utf8)

    static func basic(_ user: String, _ password: String) -> String {
        "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
    }

    @Test func postmarkNeedsTheConfiguredCredentials() async throws {
        let sink = RecordingProviderFeedbackSink()
        let credentials = PostmarkCredentials(
            FeedbackConfiguration.Postmark(username: "postmark", passwordHash: try PasswordHasher.hash("s3cret")))
        let webhooks = Fixtures.webhooks(postmark: credentials, sink: sink)
        for authorization in [nil, Self.basic("postmark", "wrong"), Self.basic("other", "s3cret"), "Bearer s3cret"] {
            await expectRefusal(401, "unauthorized") {
                _ = try await webhooks.postmark(
                    body: Self.postmarkBody, authorization: authorization, now: Fixtures.now)
            }
        }
        #expect(await sink.events.isEmpty)
        for _ in 0..<2 {
            _ = try await webhooks.postmark(
                body: Self.postmarkBody, authorization: Self.basic("postmark", "s3cret"), now: Fixtures.now)
        }
        #expect(
            await sink.events.first
                == FeedbackEvent(
                    kind: .complaint, source: .postmark, email: "x@example.com",
                    detail: "Test spam complaint details", at: Fixtures.now, dedupeKey: "postmark:42"))
        #expect(await sink.events.count == 2)
    }

    @Test func unconfiguredProvidersAreNotFound() async throws {
        let webhooks = Fixtures.webhooks(sink: RecordingProviderFeedbackSink())
        await expectRefusal(404, "not_found") {
            _ = try await webhooks.sendgrid(body: Self.sendgridBody, signature: "x", timestamp: "1", now: Fixtures.now)
        }
        await expectRefusal(404, "not_found") { _ = try await webhooks.mailgun(body: Data(), now: Fixtures.now) }
        await expectRefusal(404, "not_found") {
            _ = try await webhooks.postmark(body: Data(), authorization: nil, now: Fixtures.now)
        }
    }
}
