/// The answer to an accepted message: its queue id, its Message-ID and one id per queued recipient.
///
/// It exists as the one shape `POST /v1/messages`, `/raw` and each accepted batch item share, so that a client can
/// trace each recipient (`GET /v1/messages/{id}`) by the id given here.
struct SendAnswer: Encodable, Sendable, Equatable {
    struct Recipient: Encodable, Sendable, Equatable {
        var email: String
        /// `<queue id>.<index>`.
        var id: String
    }

    var id: String
    /// Without angle brackets.
    var messageID: String
    /// The recipients queued for delivery, in envelope order (local-domain recipients are consumed, not queued).
    var recipients: [Recipient]

    init(_ prepared: PreparedIntake) {
        id = prepared.id.rawValue
        messageID = prepared.messageID ?? ""
        recipients = (prepared.outbound?.recipients ?? []).enumerated().map { index, email in
            Recipient(email: email, id: "\(prepared.id.rawValue).\(index)")
        }
    }

    enum CodingKeys: String, CodingKey {
        case id, recipients
        case messageID = "message_id"
    }
}

/// The answer to `POST /v1/messages/batch`: one result per item, in order.
struct BatchAnswer: Encodable, Sendable {
    enum Result: Encodable, Sendable {
        case accepted(SendAnswer)
        case refused(APIError)

        private enum CodingKeys: String, CodingKey {
            case status, id, recipients, error
            case messageID = "message_id"
        }

        private struct ErrorBody: Encodable {
            var code: String
            var message: String
            /// The request field at fault, relative to the item (`to[0]`), when the refusal names one.
            var field: String?
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            switch self {
            case .accepted(let answer):
                try container.encode(202, forKey: .status)
                try container.encode(answer.id, forKey: .id)
                try container.encode(answer.messageID, forKey: .messageID)
                try container.encode(answer.recipients, forKey: .recipients)
            case .refused(let error):
                try container.encode(Int(error.status.code), forKey: .status)
                try container.encode(
                    ErrorBody(code: error.code, message: error.message, field: error.field), forKey: .error)
            }
        }
    }

    var results: [Result]
}
