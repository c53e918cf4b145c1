import Foundation
import SteadymailDomain
import SteadymailStorage

/// The recipient selection of a queue operation as it travels over the control socket: the options `--id`,
/// `--domain`, `--sender`, `--tag` and `--relay` exactly as the operator typed them.
///
/// It exists so that the server, not each CLI command, decides what a selection means and words the error when an
/// option makes no sense, naming the option.
public struct SelectorQuery: Codable, Sendable, Equatable {
    public var id: String?
    public var domain: String?
    public var sender: String?
    public var tag: String?
    public var relay: String?

    public init(
        id: String? = nil, domain: String? = nil, sender: String? = nil, tag: String? = nil, relay: String? = nil
    ) {
        self.id = id
        self.domain = domain
        self.sender = sender
        self.tag = tag
        self.relay = relay
    }

    /// The storage selector this query means. A sender may be written with or without angle brackets; `<>` is the
    /// null sender of delivery status notifications. Throws a one-line error naming the option at fault, spelled with
    /// `optionPrefix` (`--domain` on the command line, `domain` for a JSON field).
    public func selector(optionPrefix: String = "--") throws(ControlError) -> RecipientSelector {
        var selector = RecipientSelector()
        if let id {
            guard let parsed = QueueID(id) else { throw .server("\(optionPrefix)id: not a queue id: \(id)") }
            selector.messageID = parsed
        }
        selector.domain = try Self.nonEmpty(domain, option: optionPrefix + "domain")?.lowercased()
        if let sender {
            let trimmed = sender.trimmingCharacters(in: .whitespaces)
            let isBracketed = trimmed.hasPrefix("<") && trimmed.hasSuffix(">") && trimmed.count >= 2
            let bare = isBracketed ? String(trimmed.dropFirst().dropLast()) : trimmed
            guard isBracketed || !bare.isEmpty else {
                throw .server("\(optionPrefix)sender: empty; write <> for the null sender")
            }
            selector.sender = bare
        }
        selector.tag = try Self.nonEmpty(tag, option: optionPrefix + "tag")
        selector.relay = try Self.nonEmpty(relay, option: optionPrefix + "relay")
        return selector
    }

    private static func nonEmpty(_ value: String?, option: String) throws(ControlError) -> String? {
        guard let value else { return nil }
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw .server("\(option): empty") }
        return trimmed
    }
}
