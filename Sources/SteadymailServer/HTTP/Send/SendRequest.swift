/// The body of `POST /v1/messages` (and of each item of `POST /v1/messages/batch`) exactly as the client sent it.
///
/// It exists to separate reading the JSON from judging it: decoding refuses unknown fields and wrong types with the
/// field's path; `SendValidator` then checks every value and builds the message.
struct SendRequest: Decodable, Sendable {
    var from: AddressInput?
    var to: [AddressInput]?
    var cc: [AddressInput]?
    var bcc: [AddressInput]?
    var replyTo: AddressList?
    var subject: String?
    var text: String?
    var html: String?
    var headers: [String: String]?
    var attachments: [AttachmentInput]?
    var tags: [String]?
    var metadata: [String: String]?
    var priority: String?
    var deliverBy: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case from, to, cc, bcc, subject, text, html, headers, attachments, tags, metadata, priority
        case replyTo = "reply_to"
        case deliverBy = "deliver_by"
    }

    init(from decoder: any Decoder) throws {
        try StrictDecoding.refuseUnknownFields(decoder, allowed: CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        from = try container.decodeIfPresent(AddressInput.self, forKey: .from)
        to = try container.decodeIfPresent([AddressInput].self, forKey: .to)
        cc = try container.decodeIfPresent([AddressInput].self, forKey: .cc)
        bcc = try container.decodeIfPresent([AddressInput].self, forKey: .bcc)
        replyTo = try container.decodeIfPresent(AddressList.self, forKey: .replyTo)
        subject = try container.decodeIfPresent(String.self, forKey: .subject)
        text = try container.decodeIfPresent(String.self, forKey: .text)
        html = try container.decodeIfPresent(String.self, forKey: .html)
        headers = try container.decodeIfPresent([String: String].self, forKey: .headers)
        attachments = try container.decodeIfPresent([AttachmentInput].self, forKey: .attachments)
        tags = try container.decodeIfPresent([String].self, forKey: .tags)
        metadata = try container.decodeIfPresent([String: String].self, forKey: .metadata)
        priority = try container.decodeIfPresent(String.self, forKey: .priority)
        deliverBy = try container.decodeIfPresent(String.self, forKey: .deliverBy)
    }
}

/// One attachment of a send request: file name, MIME type and the bytes in base64.
struct AttachmentInput: Decodable, Sendable {
    var filename: String?
    var contentType: String?
    var content: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case filename, content
        case contentType = "content_type"
    }

    init(from decoder: any Decoder) throws {
        try StrictDecoding.refuseUnknownFields(decoder, allowed: CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        filename = try container.decodeIfPresent(String.self, forKey: .filename)
        contentType = try container.decodeIfPresent(String.self, forKey: .contentType)
        content = try container.decodeIfPresent(String.self, forKey: .content)
    }
}
