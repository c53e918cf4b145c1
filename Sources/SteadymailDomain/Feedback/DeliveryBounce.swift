/// The feedback a relay's final refusal of one recipient gives (a synchronous bounce), read from the recorded reply.
///
/// It exists so that the store can turn a campaign recipient's bounce into a feedback event in the transaction that
/// records the bounce, from the reply text alone (`550 5.1.1 <a@example.org>: no such user`). A refusal about the
/// message rather than the mailbox (RFC 3463 subjects 3 mail system and 6 content: too large for the relay, 8-bit
/// content) says nothing about the address and gives no feedback.
public enum DeliveryBounce {
    /// The reply code and enhanced status of a recorded reply.
    public struct Reply: Sendable, Equatable {
        public var code: Int
        public var status: String?

        public init(code: Int, status: String?) {
            self.code = code
            self.status = status
        }
    }

    /// Reads `550 5.1.1 text`: the code, and the enhanced status when its class matches the code.
    public static func parse(_ reply: String) -> Reply? {
        let tokens = reply.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
        guard let first = tokens.first, first.count == 3, let code = Int(first), (200...599).contains(code) else {
            return nil
        }
        var status: String?
        if tokens.count > 1 {
            let parts = tokens[1].split(separator: ".", omittingEmptySubsequences: false)
            if parts.count == 3, parts[0] == "\(code / 100)",
                parts.dropFirst().allSatisfy({
                    (1...3).contains($0.count) && $0.allSatisfy(\.isASCII) && Int($0) != nil
                })
            {
                status = String(tokens[1])
            }
        }
        return Reply(code: code, status: status)
    }

    /// The kind of feedback a bounce with this reply gives; nil when it gives none (not a 5xx, about the message).
    public static func kind(reply: String?) -> FeedbackKind? {
        guard let reply, let parsed = parse(reply), (500...599).contains(parsed.code) else { return nil }
        if let status = parsed.status {
            let subject = status.split(separator: ".")[1]
            if subject == "3" || subject == "6" { return nil }
        }
        return BounceClassification.kind(status: parsed.status, code: parsed.code)
    }
}
