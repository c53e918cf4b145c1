import Foundation
import SteadymailDomain
import SteadymailStorage

/// The query parameters of `GET /v1/messages` (`state`, `recipient`, `tag`, `since`, `until`, `limit`, `cursor`)
/// turned into a storage query.
///
/// It exists so that every bad value is refused with a 400 naming the parameter before the store is asked anything,
/// and so that the rules are tested without a server. Unknown parameters are ignored, as HTTP clients expect; a known
/// one given twice is refused, since it is not clear which one was meant.
enum MessageListParameters {
    static let defaultLimit = 100
    static let limits = 1...1000
    static let names: Set<String> = ["state", "recipient", "tag", "since", "until", "limit", "cursor"]

    static func query(_ parameters: [(name: String, value: String)]) throws(APIError) -> MessageQuery {
        var values: [String: String] = [:]
        for (name, value) in parameters where names.contains(name) {
            guard values.updateValue(value, forKey: name) == nil else {
                throw invalid(name, "given more than once")
            }
        }
        var query = MessageQuery(limit: defaultLimit)
        if let state = values["state"] {
            guard let parsed = RecipientState(rawValue: state) else {
                let states = RecipientState.allCases.map(\.rawValue).joined(separator: ", ")
                throw invalid("state", "must be one of \(states)")
            }
            query.state = parsed
        }
        if let recipient = values["recipient"] {
            guard !recipient.isEmpty, recipient.utf8.count <= 1000 else {
                throw invalid("recipient", "must be an address of 1 to 1000 bytes")
            }
            query.recipient = recipient
        }
        if let tag = values["tag"] {
            guard MessageTags.isValid(tag) else {
                throw invalid("tag", "must be 1 to \(MessageTags.maximumLength) printable ASCII characters, no comma")
            }
            query.tag = tag
        }
        query.receivedSince = try time(values["since"], name: "since")
        query.receivedBefore = try time(values["until"], name: "until")
        if let limit = values["limit"] {
            guard let parsed = Int(limit), limits.contains(parsed) else {
                throw invalid("limit", "must be an integer from \(limits.lowerBound) to \(limits.upperBound)")
            }
            query.limit = parsed
        }
        if let cursor = values["cursor"] {
            guard let position = MessageCursor.decode(cursor) else {
                throw APIError.badRequest(
                    "invalid_cursor", "cursor: not a cursor this server issued (use next_cursor as given)")
            }
            query.after = position
        }
        return query
    }

    private static func time(_ value: String?, name: String) throws(APIError) -> Date? {
        guard let value else { return nil }
        guard let date = InternetDate.parseRFC3339(value) else {
            throw invalid(name, "must be an RFC 3339 time such as 2026-11-29T10:00:00Z")
        }
        return date
    }

    private static func invalid(_ name: String, _ reason: String) -> APIError {
        APIError.badRequest("invalid_parameter", "\(name): \(reason)")
    }
}
