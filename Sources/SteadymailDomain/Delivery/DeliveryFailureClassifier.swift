/// Decides, from the stage and breadth of a failure and the reply, whether the relay, the recipient or the message is
/// at fault.
///
/// It exists because a wrong answer is expensive either way: blaming a recipient for a relay outage bounces good mail
/// and hurts the sender's reputation, blaming the relay for a dead mailbox retries it for days. The rules live in
/// `table`, first match wins; anything no row matches is treated as relay-level, which never bounces.
public enum DeliveryFailureClassifier {
    private static let lostConnection: Set<DeliveryObservation.Kind.Tag> = [.connectionReset, .connectionClosed]
    private static let sessionStages: Set<DeliveryStage> = [.connect, .greeting, .ehlo]

    /// The classification table, in the order it is evaluated.
    public static let table: [ClassificationRule] = [
        ClassificationRule(
            "connection refused", kinds: [.connectionRefused], result: .relayLevel(reason: "connection refused")),
        ClassificationRule("TLS failure", kinds: [.tlsFailure], result: .relayLevel(reason: "TLS failure")),
        ClassificationRule(
            "lost after the final dot", kinds: lostConnection.union([.timeout, .protocolError]), stages: [.dataEnd],
            result: .maybeDelivered),
        ClassificationRule(
            "lost during DATA", kinds: lostConnection.union([.timeout]), stages: [.data], result: .poisonCandidate),
        ClassificationRule("connection lost", kinds: lostConnection, result: .relayLevel(reason: "connection lost")),
        ClassificationRule("timeout", kinds: [.timeout], result: .relayLevel(reason: "timeout")),
        ClassificationRule("protocol error", kinds: [.protocolError], result: .relayLevel(reason: "protocol error")),
        ClassificationRule("421 anywhere", codes: 421...421, result: .relayLevel(reason: "421 service not available")),
        ClassificationRule("not a failure reply", codes: 100...399, result: .relayLevel(reason: "unexpected reply")),
        ClassificationRule(
            "relaying refused", textContains: ["relay access denied", "relaying denied", "not permitted to relay"],
            result: .relayLevel(reason: "relaying refused")),
        ClassificationRule("UTF-8 address not carried", enhanced: ["5.6.7"], result: .messageLevelPermanent),
        ClassificationRule(
            "greeting or EHLO refused", stages: sessionStages, result: .relayLevel(reason: "greeting or EHLO refused")),
        ClassificationRule(
            "STARTTLS or AUTH refused", stages: [.tls, .auth], result: .relayLevel(reason: "STARTTLS or AUTH refused")),
        ClassificationRule(
            "MAIL or session command refused", stages: [.mail, .other],
            result: .relayLevel(reason: "MAIL or session command refused")),
        ClassificationRule(
            "same reply for every recipient across domains", uniformAcrossDomains: true,
            result: .relayLevel(reason: "same reply for every recipient across domains")),
        ClassificationRule("temporary recipient failure", codes: 400...499, result: .recipientTemporary),
        ClassificationRule(
            "address, mailbox, system or content status", codes: 500...599,
            enhanced: ["5.1.*", "5.2.*", "5.3.*", "5.6.*"], result: .recipientPermanent(status: "5.0.0")),
        // Content and sender-authentication failures travel with the message to any relay. SPF and reverse-DNS
        // failures (5.7.23-5.7.25) depend on the sending relay's address, so they stay ambiguous.
        ClassificationRule(
            "content or sender authentication", codes: 500...599,
            enhanced: [
                "5.7.7", "5.7.13", "5.7.15", "5.7.16", "5.7.17", "5.7.18", "5.7.19", "5.7.20", "5.7.26", "5.7.27",
            ],
            result: .recipientPermanent(status: "5.7.0")),
        ClassificationRule(
            "spam, block or policy", codes: 500...599,
            textContains: ["spam", "blocked", "blacklist", "blocklist", "policy"], result: .ambiguousPermanent),
        ClassificationRule(
            "unknown mailbox", codes: 500...599,
            textContains: [
                "user unknown", "unknown user", "no such user", "does not exist", "mailbox unavailable",
                "mailbox not found",
            ],
            result: .recipientPermanent(status: "5.1.1")),
        ClassificationRule("other permanent reply", codes: 500...599, result: .ambiguousPermanent),
    ]

    /// The class of `observation` under `table`. A permanent status comes from the reply's enhanced code when its
    /// subject (`5.1.x`) is the one the rule names, or the rule names none (`5.0.0`); otherwise from the rule.
    public static func classify(_ observation: DeliveryObservation) -> FailureClass {
        guard let rule = rule(for: observation) else { return .relayLevel(reason: "unclassified") }
        guard case .recipientPermanent(let fallback) = rule.result,
            case .reply(_, let enhanced?, _) = observation.kind, enhanced.hasPrefix("5."),
            subject(fallback) == "0" || subject(fallback) == subject(enhanced)
        else { return rule.result }
        return .recipientPermanent(status: enhanced)
    }

    private static func subject(_ status: String) -> Substring? {
        let parts = status.split(separator: ".")
        return parts.count == 3 ? parts[1] : nil
    }

    /// The first row of `table` matching `observation`, for logs that name the rule applied.
    public static func rule(for observation: DeliveryObservation) -> ClassificationRule? {
        table.first { $0.matches(observation) }
    }
}
