import Testing

@testable import SteadymailDomain

@Suite struct DeliveryFailureClassifierTests {
    private func classify(
        _ kind: DeliveryObservation.Kind, at stage: DeliveryStage, recipients: Int = 1, sameForAll: Bool = true,
        domains: Int = 1
    ) -> FailureClass {
        DeliveryFailureClassifier.classify(
            DeliveryObservation(
                stage: stage, kind: kind, recipientsInTransaction: recipients, sameReplyForAllRecipients: sameForAll,
                distinctRecipientDomains: domains))
    }

    private func isRelayLevel(_ failure: FailureClass) -> Bool {
        if case .relayLevel = failure { return true }
        return false
    }

    @Test func tablePrintsOneReadableLinePerRule() {
        let lines = DeliveryFailureClassifier.table.map(\.description)
        print(lines.joined(separator: "\n"))
        #expect(lines.allSatisfy { $0.contains("→") })
        #expect(Set(DeliveryFailureClassifier.table.map(\.name)).count == lines.count)
    }

    @Test func connectionFailuresAreRelayLevel() {
        #expect(isRelayLevel(classify(.connectionRefused, at: .connect)))
        #expect(isRelayLevel(classify(.connectionReset, at: .ehlo)))
        #expect(isRelayLevel(classify(.connectionClosed, at: .rcpt)))
        #expect(isRelayLevel(classify(.timeout, at: .connect)))
        #expect(isRelayLevel(classify(.tlsFailure, at: .tls)))
        #expect(isRelayLevel(classify(.protocolError, at: .greeting)))
    }

    @Test func lossDuringDataIsAPoisonCandidate() {
        #expect(classify(.connectionReset, at: .data) == .poisonCandidate)
        #expect(classify(.connectionClosed, at: .data) == .poisonCandidate)
        #expect(classify(.timeout, at: .data) == .poisonCandidate)
    }

    @Test func lossAfterTheFinalDotIsMaybeDelivered() {
        #expect(classify(.timeout, at: .dataEnd) == .maybeDelivered)
        #expect(classify(.connectionClosed, at: .dataEnd) == .maybeDelivered)
        #expect(classify(.connectionReset, at: .dataEnd) == .maybeDelivered)
        #expect(classify(.protocolError, at: .dataEnd) == .maybeDelivered)
    }

    @Test func a421IsRelayLevelAtEveryStage() {
        for stage in DeliveryStage.allCases {
            #expect(isRelayLevel(classify(.reply(code: 421, enhanced: "4.3.2", text: "busy"), at: stage)))
        }
    }

    @Test func failuresBeforeRecipientsAreRelayLevel() {
        let refusal = DeliveryObservation.Kind.reply(code: 550, enhanced: "5.1.1", text: "user unknown")
        for stage in [DeliveryStage.greeting, .ehlo, .tls, .auth, .mail, .other] {
            #expect(isRelayLevel(classify(refusal, at: stage)))
        }
    }

    @Test func breadthDecidesBetweenRelayAndRecipient() {
        let reply = DeliveryObservation.Kind.reply(code: 550, enhanced: "5.1.1", text: "user unknown")
        #expect(isRelayLevel(classify(reply, at: .rcpt, recipients: 2, domains: 2)))
        #expect(classify(reply, at: .rcpt, recipients: 2, domains: 1) == .recipientPermanent(status: "5.1.1"))
        #expect(
            classify(reply, at: .rcpt, recipients: 5, sameForAll: false, domains: 3)
                == .recipientPermanent(status: "5.1.1"))
    }

    @Test func utf8AddressIsMessageLevelEvenAtMail() {
        let reply = DeliveryObservation.Kind.reply(code: 553, enhanced: "5.6.7", text: "UTF-8 not supported")
        #expect(classify(reply, at: .mail) == .messageLevelPermanent)
    }

    @Test func textMatchingIgnoresCase() {
        let reply = DeliveryObservation.Kind.reply(code: 550, enhanced: nil, text: "USER UNKNOWN")
        #expect(classify(reply, at: .rcpt) == .recipientPermanent(status: "5.1.1"))
    }

    @Test func anUnmatchedObservationNeverBounces() {
        let reply = DeliveryObservation.Kind.reply(code: 699, enhanced: nil, text: "odd")
        #expect(classify(reply, at: .rcpt) == .relayLevel(reason: "unclassified"))
        #expect(DeliveryFailureClassifier.rule(for: DeliveryObservation(stage: .rcpt, kind: reply)) == nil)
    }

    @Test func ruleForNamesTheRowApplied() {
        let observation = DeliveryObservation(stage: .connect, kind: .connectionRefused)
        #expect(DeliveryFailureClassifier.rule(for: observation)?.name == "connection refused")
    }
}
