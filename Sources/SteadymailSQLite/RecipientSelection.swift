import GRDB
import SteadymailDomain
import SteadymailStorage

/// The SQL condition on the `recipients` table that a `RecipientSelector` means, with its arguments.
///
/// It exists so that every queue operation, and the count an operator is shown before a deletion, select exactly the
/// same recipients, each field through an index: the message id through the primary key, the domain through
/// `recipients_domain`, the sender through `messages_sender`, the tag through `message_tags_order` and the relay
/// through `recipients_last_relay`. Only fixed SQL is built; every value is a bound argument.
struct RecipientSelection {
    var sql: String
    var arguments: StatementArguments

    /// The recipients in one of `states` (any state when nil) that `selector` matches. The condition names columns of
    /// `recipients` without a table alias, so that it fits an `UPDATE` as well as a `SELECT`.
    init(_ selector: RecipientSelector, states: [RecipientState]?) {
        var conditions: [String] = []
        var arguments = StatementArguments()
        if let states {
            conditions.append("state IN (\(Array(repeating: "?", count: states.count).joined(separator: ", ")))")
            arguments += StatementArguments(states.map(\.rawValue))
        }
        if let id = selector.messageID {
            conditions.append("message_id = ?")
            arguments += [id.rawValue]
        }
        if let domain = selector.domain {
            conditions.append("domain = ?")
            arguments += [domain.lowercased()]
        }
        if let sender = selector.sender {
            conditions.append("message_id IN (SELECT id FROM messages WHERE sender = ? COLLATE NOCASE)")
            arguments += [sender]
        }
        if let tag = selector.tag {
            conditions.append("message_id IN (SELECT message_id FROM message_tags WHERE tag = ?)")
            arguments += [tag]
        }
        if let relay = selector.relay {
            conditions.append("last_relay = ?")
            arguments += [relay]
        }
        sql = conditions.isEmpty ? "1" : conditions.joined(separator: " AND ")
        self.arguments = arguments
    }
}
