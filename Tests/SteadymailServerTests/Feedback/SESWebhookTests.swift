import CryptoExtras
import Foundation
import SteadymailConfig
import SteadymailDomain
import Testing

@testable import SteadymailServer

@Suite struct SESWebhookTests {
    typealias Fixtures = ProviderWebhookFixtures

    @Test(arguments: ["1", "2"])
    func signedComplaintIsRecorded(version: String) async throws {
        let sink = RecordingProviderFeedbackSink()
        let webhooks = Fixtures.webhooks(ses: Fixtures.pinnedSES(), sink: sink)
        let fields = try Fixtures.snsNotification(
            message: Fixtures.sesComplaint(email: "x@example.com"), version: version)
        let outcome = try await webhooks.ses(body: Fixtures.body(fields), now: Fixtures.now)
        #expect(outcome == ProviderWebhooks.Outcome(events: 1, recorded: 1))
        #expect(
            await sink.events == [
                FeedbackEvent(
                    kind: .complaint, source: .ses, email: "x@example.com", messageID: QueueID("01J9ABCDEFGHJKMNPQRS"),
                    detail: "abuse", at: Fixtures.now, dedupeKey: "ses:msg-1:x@example.com")
            ])
    }

    @Test func editedMessageIsRefused() async throws {
        let sink = RecordingProviderFeedbackSink()
        let webhooks = Fixtures.webhooks(ses: Fixtures.pinnedSES(), sink: sink)
        var fields = try Fixtures.snsNotification(message: Fixtures.sesComplaint(email: "x@example.com"))
        fields["Message"] = Fixtures.sesComplaint(email: "victim@example.com")
        await expectRefusal(401, "invalid_signature") {
            _ = try await webhooks.ses(body: Fixtures.body(fields), now: Fixtures.now)
        }
        #expect(await sink.events.isEmpty)
    }

    @Test func signatureByAnotherCertificateIsRefused() async throws {
        let sink = RecordingProviderFeedbackSink()
        let other = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let webhooks = Fixtures.webhooks(ses: Fixtures.pinnedSES([other.publicKey]), sink: sink)
        let fields = try Fixtures.snsNotification(message: Fixtures.sesComplaint(email: "x@example.com"))
        await expectRefusal(401, "invalid_signature") {
            _ = try await webhooks.ses(body: Fixtures.body(fields), now: Fixtures.now)
        }
        #expect(await sink.events.isEmpty)
    }

    @Test func staleAndForeignTopicMessagesAreRefused() async throws {
        let sink = RecordingProviderFeedbackSink()
        let webhooks = Fixtures.webhooks(ses: Fixtures.pinnedSES(topics: [Fixtures.topic]), sink: sink)
        let old = try Fixtures.snsNotification(
            message: Fixtures.sesComplaint(email: "x@example.com"), timestamp: Fixtures.now.addingTimeInterval(-3700))
        await expectRefusal(401, "stale_timestamp") {
            _ = try await webhooks.ses(body: Fixtures.body(old), now: Fixtures.now)
        }
        let foreign = try Fixtures.snsNotification(
            message: Fixtures.sesComplaint(email: "x@example.com"), topic: "arn:aws:sns:us-east-1:999:other")
        await expectRefusal(403, "unknown_topic") {
            _ = try await webhooks.ses(body: Fixtures.body(foreign), now: Fixtures.now)
        }
        // SNS retries for up to an hour with the original timestamp: 50 minutes old still passes.
        let retried = try Fixtures.snsNotification(
            message: Fixtures.sesComplaint(email: "x@example.com"), timestamp: Fixtures.now.addingTimeInterval(-3000))
        _ = try await webhooks.ses(body: Fixtures.body(retried), now: Fixtures.now)
        #expect(await sink.events.count == 1)
    }

    @Test func pinnedCertificateFileIsLoaded() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sns-\(UUID().uuidString).pem").path
        try Fixtures.certificatePEM(Fixtures.rsaKey).write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let keys = try #require(
            try SNSCertificates.pinnedKeys(FeedbackConfiguration.SES(enabled: true, certificateFiles: [path])))
        #expect(keys.map(\.derRepresentation) == [Fixtures.rsaKey.publicKey.derRepresentation])
        let garbage = path + ".bad"
        try "not a certificate".write(toFile: garbage, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: garbage) }
        #expect(throws: ConfigError.self) {
            try SNSCertificates.pinnedKeys(FeedbackConfiguration.SES(enabled: true, certificateFiles: [garbage]))
        }
    }

    @Test func certificateIsFetchedOnlyFromAWSAndCached() async throws {
        let sink = RecordingProviderFeedbackSink()
        let fetcher = FakeSNSFetcher(pem: try Fixtures.certificatePEM(Fixtures.rsaKey))
        let ses = ProviderWebhooks.SES(
            certificates: SNSCertificates(fetcher: fetcher), fetcher: fetcher, topicARNs: [], maxAge: .seconds(300))
        let webhooks = Fixtures.webhooks(ses: ses, sink: sink)
        let forged = try Fixtures.snsNotification(
            message: Fixtures.sesComplaint(email: "x@example.com"), certURL: "https://evil.example/cert.pem")
        await expectRefusal(401, "invalid_signature") {
            _ = try await webhooks.ses(body: Fixtures.body(forged), now: Fixtures.now)
        }
        #expect(await fetcher.requested.isEmpty)
        for id in ["a", "b"] {
            let fields = try Fixtures.snsNotification(
                message: Fixtures.sesComplaint(email: "x@example.com"), messageID: id)
            _ = try await webhooks.ses(body: Fixtures.body(fields), now: Fixtures.now)
        }
        #expect(await fetcher.requested == [Fixtures.certURL])
        #expect(await sink.events.map(\.dedupeKey) == ["ses:a:x@example.com", "ses:b:x@example.com"])
    }

    @Test func subscriptionConfirmationVisitsTheAWSURLOnlyWhenKeysComeFromAWS() async throws {
        let fetcher = FakeSNSFetcher(pem: try Fixtures.certificatePEM(Fixtures.rsaKey))
        let ses = ProviderWebhooks.SES(
            certificates: SNSCertificates(fetcher: fetcher), fetcher: fetcher, topicARNs: [], maxAge: .seconds(300))
        let subscribe = "https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&Token=abc"
        var fields = [
            "Type": "SubscriptionConfirmation", "MessageId": "c-1", "Token": "abc", "TopicArn": Fixtures.topic,
            "Message": "You have chosen to subscribe.", "SubscribeURL": subscribe,
            "Timestamp": ISO8601DateFormatter().string(from: Fixtures.now), "SignatureVersion": "1",
            "SigningCertURL": Fixtures.certURL, "Signature": "",
        ]
        try Fixtures.sign(&fields, key: Fixtures.rsaKey)
        let outcome = try await Fixtures.webhooks(ses: ses, sink: RecordingProviderFeedbackSink())
            .ses(body: Fixtures.body(fields), now: Fixtures.now)
        #expect(outcome == ProviderWebhooks.Outcome())
        #expect(await fetcher.requested == [Fixtures.certURL, subscribe])
    }

    @Test func storageFailureIsA503AndUnconfiguredIsA404() async throws {
        let sink = RecordingProviderFeedbackSink()
        await sink.fail(true)
        let fields = try Fixtures.snsNotification(message: Fixtures.sesComplaint(email: "x@example.com"))
        await expectRefusal(503, "storage_unavailable") {
            _ = try await Fixtures.webhooks(ses: Fixtures.pinnedSES(), sink: sink)
                .ses(body: Fixtures.body(fields), now: Fixtures.now)
        }
        await expectRefusal(404, "not_found") {
            _ = try await Fixtures.webhooks(sink: sink).ses(body: Fixtures.body(fields), now: Fixtures.now)
        }
        await expectRefusal(400, "invalid_request") {
            _ = try await Fixtures.webhooks(ses: Fixtures.pinnedSES(), sink: sink)
                .ses(body: Data("{}".utf8), now: Fixtures.now)
        }
    }
}

/// Expects `body` to throw an `APIError` with `status` and `code`.
func expectRefusal(
    _ status: Int, _ code: String, sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () async throws -> Void
) async {
    do {
        try await body()
        Issue.record("expected a \(status) \(code), got success", sourceLocation: sourceLocation)
    } catch let error as APIError {
        #expect(error.status.code == status, "\(error.message)", sourceLocation: sourceLocation)
        #expect(error.code == code, "\(error.message)", sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected an APIError, got \(error)", sourceLocation: sourceLocation)
    }
}
