import Foundation
import Testing

@testable import SteadymailDomain

/// SES notification contents as documented in "Amazon SES notification examples" (feedback notifications) and in
/// the event publishing examples; the Message-ID is ours where the test needs it.
@Suite struct SESNotificationTests {
    static let received = Date(timeIntervalSince1970: 1_700_000_000)

    static let bounce = """
        {
          "notificationType":"Bounce",
          "bounce":{
            "bounceType":"Permanent",
            "reportingMTA":"dns; email.example.com",
            "bouncedRecipients":[
              {
                "emailAddress":"jane@example.com",
                "status":"5.1.1",
                "action":"failed",
                "diagnosticCode":"smtp; 550 5.1.1 <jane@example.com>... User"
              }
            ],
            "bounceSubType":"General",
            "timestamp":"2016-01-27T14:59:38.237Z",
            "feedbackId":"00000138111222aa-33322211-cccc-cccc-cccc-ddddaaaa068a-000000",
            "remoteMtaIp":"127.0.2.0"
          },
          "mail":{
            "timestamp":"2016-01-27T14:59:38.237Z",
            "source":"john@example.com",
            "sourceArn": "arn:aws:ses:us-east-1:888888888888:identity/example.com",
            "sourceIp": "127.0.3.0",
            "sendingAccountId":"123456789012",
            "callerIdentity": "IAM_user_or_role_name",
            "messageId":"00000138111222aa-33322211-cccc-cccc-cccc-ddddaaaa0680-000000",
            "destination":["jane@example.com", "mary@example.com", "richard@example.com"],
            "headersTruncated":false,
            "headers":[
              {"name":"From", "value":"\\"John Doe\\" <john@example.com>"},
              {"name":"To", "value":"\\"Jane Doe\\" <jane@example.com>, \\"Mary Doe\\" <mary@example.com>"},
              {"name":"Message-ID", "value":"<01J9ABCDEFGHJKMNPQRS@mta.example.org>"},
              {"name":"Subject", "value":"Hello"}
            ],
            "commonHeaders":{
              "from":["John Doe <john@example.com>"],
              "date":"Wed, 27 Jan 2016 14:05:45 +0000",
              "to":["Jane Doe <jane@example.com>, Mary Doe <mary@example.com>, Richard Doe <richard@example.com>"],
              "messageId":"<01J9ABCDEFGHJKMNPQRS@mta.example.org>",
              "subject":"Hello"
            }
          }
        }
        """

    static let complaint = """
        {
          "notificationType":"Complaint",
          "complaint":{
            "userAgent":"AnyCompany Feedback Loop (V0.01)",
            "complainedRecipients":[{"emailAddress":"richard@example.com"}],
            "complaintFeedbackType":"abuse",
            "arrivalDate":"2016-01-27T14:59:38.237Z",
            "timestamp":"2016-01-27T14:59:38.237Z",
            "feedbackId":"000001378603177f-18c07c78-fa81-4a58-9dd1-fedc3cb8f49a-000000"
          },
          "mail":{
            "timestamp":"2016-01-27T14:59:38.237Z",
            "messageId":"000001378603177f-7a5433e7-8edb-42ae-af10-f0181f34d6ee-000000",
            "source":"john@example.com",
            "sourceArn": "arn:aws:ses:us-east-1:888888888888:identity/example.com",
            "sourceIp": "127.0.3.0",
            "sendingAccountId":"123456789012",
            "callerIdentity": "IAM_user_or_role_name",
            "destination":["jane@example.com", "mary@example.com", "richard@example.com"],
            "headersTruncated":false,
            "headers":[{"name":"Message-ID", "value":"custom-message-ID"}],
            "commonHeaders":{"messageId":"custom-message-ID", "subject":"Hello"}
          }
        }
        """

    @Test func permanentBounceIsHardWithStatusDetailAndOurMessageID() throws {
        let events = try SESNotification.events(message: Self.bounce, snsMessageID: "m-1", receivedAt: Self.received)
        #expect(
            events == [
                FeedbackEvent(
                    kind: .hardBounce, source: .ses, email: "jane@example.com",
                    messageID: QueueID("01J9ABCDEFGHJKMNPQRS"), status: "5.1.1",
                    detail: "smtp; 550 5.1.1 <jane@example.com>... User",
                    at: Date(timeIntervalSince1970: 1_453_906_778.237), dedupeKey: "ses:m-1:jane@example.com")
            ])
    }

    @Test func transientBounceIsSoftAndUndeterminedIsNotCounted() throws {
        let transient = Self.bounce.replacingOccurrences(of: "\"Permanent\"", with: "\"Transient\"")
        let soft = try SESNotification.events(message: transient, snsMessageID: "m", receivedAt: Self.received)
        #expect(soft.map(\.kind) == [.softBounce])
        let undetermined = Self.bounce.replacingOccurrences(of: "\"Permanent\"", with: "\"Undetermined\"")
        #expect(try SESNotification.events(message: undetermined, snsMessageID: "m", receivedAt: Self.received).isEmpty)
    }

    @Test func complaintNamesEachComplainedRecipientAndForeignMessageIDsAreNotOurs() throws {
        let events = try SESNotification.events(
            message: Self.complaint, snsMessageID: "m-2", receivedAt: Self.received)
        #expect(
            events == [
                FeedbackEvent(
                    kind: .complaint, source: .ses, email: "richard@example.com", detail: "abuse",
                    at: Date(timeIntervalSince1970: 1_453_906_778.237), dedupeKey: "ses:m-2:richard@example.com")
            ])
    }

    @Test func eventPublishingShapeAndOtherTypes() throws {
        let published = Self.complaint.replacingOccurrences(of: "\"notificationType\"", with: "\"eventType\"")
        #expect(try SESNotification.events(message: published, snsMessageID: "m", receivedAt: Self.received).count == 1)
        let delivery = #"{"notificationType":"Delivery","mail":{},"delivery":{"recipients":["a@example.com"]}}"#
        #expect(try SESNotification.events(message: delivery, snsMessageID: "m", receivedAt: Self.received).isEmpty)
    }

    @Test(arguments: ["not json", "[1]", #"{"mail":{}}"#, #"{"notificationType":"Bounce"}"#])
    func malformedMessagesAreRefused(message: String) {
        #expect(throws: ProviderPayloadError.self) {
            try SESNotification.events(message: message, snsMessageID: "m", receivedAt: Self.received)
        }
    }
}
