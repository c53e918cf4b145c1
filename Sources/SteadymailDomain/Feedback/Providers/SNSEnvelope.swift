import Foundation

/// An Amazon SNS message as SNS posts it to an HTTPS subscription: a notification (for SES feedback, the SES event
/// is the `Message` text) or a subscription or unsubscription confirmation.
///
/// It exists to hold exactly what the signature covers: `stringToSign` is the canonical text AWS documents for
/// verifying SNS message signatures (each signed field as `Name\nValue\n`, in a fixed order, `Subject` only when the
/// message has one), so the verifier checks the bytes SNS signed and nothing we assembled differently.
public struct SNSEnvelope: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case notification = "Notification"
        case subscriptionConfirmation = "SubscriptionConfirmation"
        case unsubscribeConfirmation = "UnsubscribeConfirmation"
    }

    /// The signature algorithm: version 1 is SHA1withRSA, version 2 SHA256withRSA.
    public enum SignatureVersion: String, Sendable {
        case sha1 = "1"
        case sha256 = "2"
    }

    public var kind: Kind
    public var messageID: String
    public var topicARN: String
    public var subject: String?
    public var message: String
    public var timestamp: String
    public var signatureVersion: SignatureVersion
    public var signature: Data
    public var signingCertURL: String
    /// The URL that confirms a subscription (confirmations only).
    public var subscribeURL: String?
    /// The confirmation token (confirmations only).
    public var token: String?

    /// Reads an SNS message; throws when a field the signature covers is missing or the body is not one.
    public static func parse(_ body: Data) throws(ProviderPayloadError) -> SNSEnvelope {
        let object = try ProviderJSON.object(body)
        let typeText = try ProviderJSON.required(object, "Type")
        guard let kind = Kind(rawValue: typeText) else { throw ProviderPayloadError("Type: unknown \"\(typeText)\"") }
        let versionText = try ProviderJSON.required(object, "SignatureVersion")
        guard let version = SignatureVersion(rawValue: versionText) else {
            throw ProviderPayloadError("SignatureVersion: unsupported \"\(versionText)\"")
        }
        guard let signature = Data(base64Encoded: try ProviderJSON.required(object, "Signature")) else {
            throw ProviderPayloadError("Signature: not base64")
        }
        var envelope = SNSEnvelope(
            kind: kind, messageID: try ProviderJSON.required(object, "MessageId"),
            topicARN: try ProviderJSON.required(object, "TopicArn"), subject: object["Subject"] as? String,
            message: try ProviderJSON.required(object, "Message"),
            timestamp: try ProviderJSON.required(object, "Timestamp"), signatureVersion: version,
            signature: signature, signingCertURL: try ProviderJSON.required(object, "SigningCertURL"))
        if kind != .notification {
            envelope.subscribeURL = try ProviderJSON.required(object, "SubscribeURL")
            envelope.token = try ProviderJSON.required(object, "Token")
        }
        return envelope
    }

    /// The canonical text SNS signed.
    public var stringToSign: String {
        var fields: [(String, String?)] = [("Message", message), ("MessageId", messageID)]
        switch kind {
        case .notification:
            fields += [("Subject", subject), ("Timestamp", timestamp), ("TopicArn", topicARN), ("Type", kind.rawValue)]
        case .subscriptionConfirmation, .unsubscribeConfirmation:
            fields += [
                ("SubscribeURL", subscribeURL), ("Timestamp", timestamp), ("Token", token), ("TopicArn", topicARN),
                ("Type", kind.rawValue),
            ]
        }
        return fields.compactMap { name, value in value.map { "\(name)\n\($0)\n" } }.joined()
    }

    /// The time SNS published the message.
    public var publishedAt: Date? { ProviderTime.iso8601(timestamp) }

    /// True when `text` is an `https` URL on an SNS endpoint of AWS (`sns.<region>.amazonaws.com`, default port, no
    /// user information) whose path ends in `suffix`: the only certificates and confirmation URLs Steadymail fetches,
    /// so a forged message cannot make it download a key of the forger's choosing or call any other host.
    public static func isAWSEndpoint(_ text: String, pathSuffix suffix: String = "") -> Bool {
        guard case .success(let url) = WebhookURL.parse(text), url.scheme == .https, url.port == 443,
            url.literalAddress == nil, !text.contains("@")
        else { return false }
        let labels = url.host.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count == 4, labels[0] == "sns", labels[2] == "amazonaws", labels[3] == "com" else {
            return false
        }
        let region = labels[1]
        guard !region.isEmpty, region.allSatisfy({ ($0.isLetter && $0.isLowercase) || $0.isNumber || $0 == "-" })
        else { return false }
        let path = url.target.split(separator: "?", maxSplits: 1).first.map(String.init) ?? url.target
        return path.hasSuffix(suffix)
    }
}
