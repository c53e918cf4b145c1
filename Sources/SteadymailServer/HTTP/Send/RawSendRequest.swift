/// The body of `POST /v1/messages/raw`: a complete RFC 5322 message and its envelope, plus the same queue options as
/// a composed message.
///
/// It exists for applications that build their own MIME (or relay mail they received): Steadymail adds only its trace
/// header, and Message-ID and Date when they are missing.
struct RawSendRequest: Decodable, Sendable {
    var envelope: Envelope?
    var raw: String?
    var tags: [String]?
    var metadata: [String: String]?
    var priority: String?
    var deliverBy: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case envelope, raw, tags, metadata, priority
        case deliverBy = "deliver_by"
    }

    /// The SMTP envelope: the reverse path (`""` for the null sender) and the forward paths.
    struct Envelope: Decodable, Sendable {
        var from: String?
        var to: [String]?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case from, to
        }

        init(from decoder: any Decoder) throws {
            try StrictDecoding.refuseUnknownFields(decoder, allowed: CodingKeys.self)
            let container = try decoder.container(keyedBy: CodingKeys.self)
            from = try container.decodeIfPresent(String.self, forKey: .from)
            to = try container.decodeIfPresent([String].self, forKey: .to)
        }
    }

    init(from decoder: any Decoder) throws {
        try StrictDecoding.refuseUnknownFields(decoder, allowed: CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        envelope = try container.decodeIfPresent(Envelope.self, forKey: .envelope)
        raw = try container.decodeIfPresent(String.self, forKey: .raw)
        tags = try container.decodeIfPresent([String].self, forKey: .tags)
        metadata = try container.decodeIfPresent([String: String].self, forKey: .metadata)
        priority = try container.decodeIfPresent(String.self, forKey: .priority)
        deliverBy = try container.decodeIfPresent(String.self, forKey: .deliverBy)
    }
}
