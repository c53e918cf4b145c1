import Crypto
import CryptoExtras
import Foundation
import Logging
import SteadymailConfig
import SteadymailDomain
import X509

@testable import SteadymailServer

/// Keys, certificates and signed requests made at test time for the provider webhook tests.
enum ProviderWebhookFixtures {
    static let now = Date(timeIntervalSince1970: 1_700_000_000)
    static let certURL = "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-test.pem"
    static let topic = "arn:aws:sns:us-east-1:123456789012:ses-feedback"
    static let rsaKey = try! _RSA.Signing.PrivateKey(keySize: .bits2048)

    /// A self-signed certificate for `key`, in PEM.
    static func certificatePEM(_ key: _RSA.Signing.PrivateKey) throws -> String {
        let name = try DistinguishedName { CommonName("sns.test") }
        let certificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: Certificate.PublicKey(key.publicKey),
            notValidBefore: now.addingTimeInterval(-3600), notValidAfter: now.addingTimeInterval(86400 * 365),
            issuer: name, subject: name, signatureAlgorithm: .sha256WithRSAEncryption,
            extensions: Certificate.Extensions(), issuerPrivateKey: Certificate.PrivateKey(key))
        return try certificate.serializeAsPEM().pemString
    }

    /// An SNS notification carrying `message`, signed with `key` in `version`.
    static func snsNotification(
        message: String, messageID: String = "msg-1", timestamp: Date = now, version: String = "2",
        key: _RSA.Signing.PrivateKey = rsaKey, certURL: String = certURL, topic: String = topic
    ) throws -> [String: String] {
        var fields = [
            "Type": "Notification", "MessageId": messageID, "TopicArn": topic, "Message": message,
            "Timestamp": ISO8601DateFormatter().string(from: timestamp), "SignatureVersion": version,
            "SigningCertURL": certURL, "Signature": "",
        ]
        try sign(&fields, key: key)
        return fields
    }

    static func sign(_ fields: inout [String: String], key: _RSA.Signing.PrivateKey) throws {
        let envelope = try SNSEnvelope.parse(body(fields))
        let text = Data(envelope.stringToSign.utf8)
        let signature =
            envelope.signatureVersion == .sha1
            ? try key.signature(for: Insecure.SHA1.hash(data: text), padding: .insecurePKCS1v1_5)
            : try key.signature(for: SHA256.hash(data: text), padding: .insecurePKCS1v1_5)
        fields["Signature"] = signature.rawRepresentation.base64EncodedString()
    }

    static func body(_ fields: [String: String]) throws -> Data {
        var filled = fields
        if filled["Signature"] == "" { filled["Signature"] = "AA==" }
        return try JSONSerialization.data(withJSONObject: filled, options: [.sortedKeys])
    }

    static func sesComplaint(email: String) -> String {
        """
        {"notificationType":"Complaint","complaint":{"complainedRecipients":[{"emailAddress":"\(email)"}],
        "complaintFeedbackType":"abuse","timestamp":"2023-11-14T22:13:20.000Z","feedbackId":"f-1"},
        "mail":{"messageId":"ses-1","commonHeaders":{"messageId":"<01J9ABCDEFGHJKMNPQRS@mta.example.org>"}}}
        """
    }

    static func webhooks(
        ses: ProviderWebhooks.SES? = nil, sendgrid: SendGridSignature? = nil, mailgun: MailgunSignature? = nil,
        postmark: PostmarkCredentials? = nil, sink: RecordingProviderFeedbackSink
    ) -> ProviderWebhooks {
        ProviderWebhooks(
            ses: ses, sendgrid: sendgrid, mailgun: mailgun, postmark: postmark, feedback: sink,
            logger: Logger(label: "test"))
    }

    static func pinnedSES(_ keys: [_RSA.Signing.PublicKey] = [rsaKey.publicKey], topics: Set<String> = [])
        -> ProviderWebhooks.SES
    {
        ProviderWebhooks.SES(
            certificates: SNSCertificates(pinned: keys), fetcher: nil, topicARNs: topics, maxAge: .seconds(300))
    }
}

/// An SNS fetcher that serves one PEM and counts requests by URL.
actor FakeSNSFetcher: SNSFetching {
    let pem: String
    private(set) var requested: [String] = []

    init(pem: String) { self.pem = pem }

    func get(_ url: WebhookURL, bodyLimit: Int) async throws -> WebhookHTTPClient.Response {
        requested.append(url.text)
        return WebhookHTTPClient.Response(status: 200, location: nil, body: Array(pem.utf8))
    }
}
