import Foundation
import Testing

@testable import SteadymailDomain

/// SNS messages in the shape of the HTTP/S notification and subscription confirmation examples of the SNS developer
/// guide; the canonical text follows "Verifying the signatures of Amazon SNS messages".
@Suite struct SNSEnvelopeTests {
    static let notification = """
        {
          "Type" : "Notification",
          "MessageId" : "22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324",
          "TopicArn" : "arn:aws:sns:us-west-2:123456789012:MyTopic",
          "Subject" : "My First Message",
          "Message" : "Hello world!",
          "Timestamp" : "2012-05-02T00:54:06.655Z",
          "SignatureVersion" : "1",
          "Signature" : "EXAMPLEw6JRN==",
          "SigningCertURL" : "https://sns.us-west-2.amazonaws.com/SimpleNotificationService-f3ecfb7224c7233fe7bb5f59f96de52f.pem",
          "UnsubscribeURL" : "https://sns.us-west-2.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=arn:aws:sns:us-west-2:123456789012:MyTopic:c9135db0-26c4-47ec-8998-413945fb5a96"
        }
        """

    static let confirmation = """
        {
          "Type" : "SubscriptionConfirmation",
          "MessageId" : "165545c9-2a5c-472c-8df2-7ff2be2b3b1b",
          "Token" : "2336412f37f",
          "TopicArn" : "arn:aws:sns:us-west-2:123456789012:MyTopic",
          "Message" : "You have chosen to subscribe to the topic arn:aws:sns:us-west-2:123456789012:MyTopic.",
          "SubscribeURL" : "https://sns.us-west-2.amazonaws.com/?Action=ConfirmSubscription&TopicArn=arn:aws:sns:us-west-2:123456789012:MyTopic&Token=2336412f37f",
          "Timestamp" : "2012-04-26T20:45:04.751Z",
          "SignatureVersion" : "2",
          "Signature" : "EXAMPLEpH+DcEwjAPg8O9mY8dReBSwksfg2S7WKQcikcNKWLQjwu6A4VbeS0QHVCkhRS7fUQvi2egU3N858fiTDN6bkkOxYDVrY0Ad8L10Hs3zH81mtnPk5uvvolIC1CXGu43obcgFxeL3khZl8IKvO61GWB6jI9b5+gLPoBc1Q=",
          "SigningCertURL" : "https://sns.us-west-2.amazonaws.com/SimpleNotificationService-f3ecfb7224c7233fe7bb5f59f96de52f.pem"
        }
        """

    @Test func notificationCanonicalTextHasTheDocumentedFieldsInOrder() throws {
        let envelope = try SNSEnvelope.parse(Data(Self.notification.utf8))
        #expect(envelope.kind == .notification)
        #expect(envelope.signatureVersion == .sha1)
        #expect(
            envelope.stringToSign
                == "Message\nHello world!\nMessageId\n22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324\nSubject\nMy First Message\n"
                + "Timestamp\n2012-05-02T00:54:06.655Z\nTopicArn\narn:aws:sns:us-west-2:123456789012:MyTopic\n"
                + "Type\nNotification\n")
    }

    @Test func subjectIsLeftOutWhenAbsent() throws {
        let withoutSubject = Self.notification.replacingOccurrences(
            of: "\"Subject\" : \"My First Message\",", with: "")
        let envelope = try SNSEnvelope.parse(Data(withoutSubject.utf8))
        #expect(!envelope.stringToSign.contains("Subject"))
        #expect(envelope.stringToSign.hasPrefix("Message\nHello world!\nMessageId\n"))
    }

    @Test func confirmationCanonicalTextCarriesSubscribeURLAndToken() throws {
        let envelope = try SNSEnvelope.parse(Data(Self.confirmation.utf8))
        #expect(envelope.kind == .subscriptionConfirmation)
        #expect(envelope.signatureVersion == .sha256)
        let fields = envelope.stringToSign.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .filter { $0.offset.isMultiple(of: 2) }.map(\.element)
        #expect(fields == ["Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type", ""])
    }

    @Test(arguments: [
        "not json", #"{"Type":"Notification"}"#,
        SNSEnvelopeTests.notification.replacingOccurrences(of: "\"1\"", with: "\"3\""),
        SNSEnvelopeTests.notification.replacingOccurrences(of: "\"Notification\"", with: "\"Other\""),
        SNSEnvelopeTests.confirmation.replacingOccurrences(of: "\"Token\" : \"2336412f37f\",", with: ""),
    ])
    func malformedMessagesAreRefused(body: String) {
        #expect(throws: ProviderPayloadError.self) { try SNSEnvelope.parse(Data(body.utf8)) }
    }

    @Test(arguments: [
        ("https://sns.us-west-2.amazonaws.com/SimpleNotificationService-abc.pem", true),
        ("https://sns.eu-central-1.amazonaws.com/SimpleNotificationService-abc.pem", true),
        ("http://sns.us-west-2.amazonaws.com/SimpleNotificationService-abc.pem", false),
        ("https://sns.us-west-2.amazonaws.com.evil.example/x.pem", false),
        ("https://evil.example/sns.us-west-2.amazonaws.com/x.pem", false),
        ("https://sns.us-west-2.amazonaws.com:8443/x.pem", false),
        ("https://user@sns.us-west-2.amazonaws.com/x.pem", false),
        ("https://sqs.us-west-2.amazonaws.com/x.pem", false),
        ("https://sns.us-west-2.amazonaws.com/x.txt", false),
        ("https://x.sns.us-west-2.amazonaws.com/x.pem", false),
    ])
    func onlyAWSSNSCertificateURLsAreTrusted(url: String, trusted: Bool) {
        #expect(SNSEnvelope.isAWSEndpoint(url, pathSuffix: ".pem") == trusted, "\(url)")
    }
}
