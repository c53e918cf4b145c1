/// The body of `POST /v1/messages/batch`: up to `maximumCount` message objects, each judged on its own.
///
/// It exists so that one bad message refuses only itself: each item decodes into either a request or the problem
/// that stopped it, and the answer has one result per item, in order.
struct BatchSendRequest: Decodable, Sendable {
    static let maximumCount = 500

    var messages: [Item]?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case messages
    }

    /// One item of the batch as decoded.
    enum Item: Decodable, Sendable {
        case request(SendRequest)
        case refused(FieldProblem)

        init(from decoder: any Decoder) throws {
            // Paths inside an item are reported relative to it: `to[1].email`, not `messages[3].to[1].email`.
            let depth = decoder.codingPath.count
            do {
                self = .request(try SendRequest(from: decoder))
            } catch {
                guard let problem = StrictDecoding.problem(error, pathOffset: depth) else { throw error }
                self = .refused(problem)
            }
        }
    }

    init(from decoder: any Decoder) throws {
        try StrictDecoding.refuseUnknownFields(decoder, allowed: CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        messages = try container.decodeIfPresent([Item].self, forKey: .messages)
    }
}
