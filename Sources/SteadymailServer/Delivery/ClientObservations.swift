import SteadymailDomain
import SteadymailSMTP

/// Translations from what the SMTP client saw to what the delivery policy classifies.
///
/// They exist so the domain layer never imports the protocol layer: the classifier speaks of stages and replies, the
/// client of sessions and transactions, and this file is the one place that joins them.
extension DeliveryStage {
    init(_ stage: SMTPClientStage) {
        switch stage {
        case .connect: self = .connect
        case .greeting: self = .greeting
        case .ehlo: self = .ehlo
        case .startTLS: self = .tls
        case .auth: self = .auth
        case .mail, .idle, .rset: self = .mail
        case .rcpt: self = .rcpt
        case .data: self = .data
        case .dataEnd: self = .dataEnd
        case .quit: self = .other
        }
    }
}

extension DeliveryObservation {
    /// A whole-session failure: every recipient of the transaction shares it.
    init(failure: SMTPSessionFailure, recipients: Int, domains: Int) {
        let kind: DeliveryObservation.Kind
        switch failure.kind {
        case .reply(let reply): kind = .reply(code: reply.code, enhanced: reply.enhancedStatus, text: reply.text)
        case .protocolError: kind = .protocolError
        case .connectionClosed: kind = failure.stage == .connect ? .connectionRefused : .connectionClosed
        case .timeout: kind = .timeout
        case .tlsRequiredButNotOffered, .tlsFailed: kind = .tlsFailure
        case .authenticationNotOffered: kind = .protocolError
        }
        self.init(
            stage: DeliveryStage(failure.stage), kind: kind, recipientsInTransaction: recipients,
            sameReplyForAllRecipients: true, distinctRecipientDomains: domains)
    }
}

extension SMTPSessionFailure {
    /// One line for logs, events and `steadymail relays`.
    var summary: String {
        switch kind {
        case .reply(let reply): "\(reply) (at \(stage))"
        case .protocolError(let text): "protocol error at \(stage): \(text)"
        case .connectionClosed: stage == .connect ? "connection refused" : "connection closed at \(stage)"
        case .timeout: "timeout at \(stage)"
        case .tlsRequiredButNotOffered: "TLS required but not offered"
        case .tlsFailed: "TLS handshake failed"
        case .authenticationNotOffered: "no usable AUTH mechanism offered"
        }
    }
}
