extension Mailbox: Codable {
    enum CodingKeys: String, CodingKey {
        case localPart
        case domain
    }

    /// Decodes and re-validates, so that stored or received JSON cannot smuggle an invalid address in.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let localPart = try container.decode(String.self, forKey: .localPart)
        let domain = try container.decode(String.self, forKey: .domain)
        do {
            self = try Mailbox(localPart: localPart, domain: domain)
        } catch {
            throw DecodingError.dataCorruptedError(
                forKey: .localPart, in: container, debugDescription: "Invalid mailbox: \(error)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(localPart, forKey: .localPart)
        try container.encode(domain, forKey: .domain)
    }
}
