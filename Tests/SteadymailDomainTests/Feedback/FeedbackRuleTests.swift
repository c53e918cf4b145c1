import SteadymailDomain
import Testing

@Suite struct FeedbackRuleTests {
    @Test func aComplaintWinsAndAnUnsubscribeNeverReplacesAnything() {
        #expect(SuppressionPrecedence.replaces(nil, with: .unsubscribe))
        #expect(SuppressionPrecedence.replaces(.hardBounce, with: .complaint))
        #expect(SuppressionPrecedence.replaces(.unsubscribe, with: .complaint))
        #expect(!SuppressionPrecedence.replaces(.complaint, with: .hardBounce))
        #expect(SuppressionPrecedence.replaces(.manual, with: .hardBounce))
        #expect(SuppressionPrecedence.replaces(.unsubscribe, with: .hardBounce))
        #expect(!SuppressionPrecedence.replaces(.manual, with: .unsubscribe))
        #expect(!SuppressionPrecedence.replaces(.hardBounce, with: .unsubscribe))
        #expect(!SuppressionPrecedence.replaces(.complaint, with: .complaint))
    }

    @Test func softBouncesMarkBouncedAtTheLimitOfDistinctCampaigns() {
        let rule = SoftBounceRule(limit: 3)
        #expect(!rule.marksBounced(distinctCampaigns: 0))
        #expect(!rule.marksBounced(distinctCampaigns: 2))
        #expect(rule.marksBounced(distinctCampaigns: 3))
        #expect(rule.marksBounced(distinctCampaigns: 4))
        #expect(SoftBounceRule(limit: 1).marksBounced(distinctCampaigns: 1))
    }

    @Test func theStatusFollowsTheKindButNeverOverridesABlocklistOrAnUnsubscribe() {
        #expect(FeedbackStatusRule.status(after: .hardBounce, current: .enabled) == .bounced)
        #expect(FeedbackStatusRule.status(after: .hardBounce, current: .unsubscribed) == nil)
        #expect(FeedbackStatusRule.status(after: .hardBounce, current: .blocklisted) == nil)
        #expect(FeedbackStatusRule.status(after: .softBounce, current: .enabled) == nil)
        #expect(FeedbackStatusRule.status(after: .softBounce, current: .enabled, softLimitReached: true) == .bounced)
        #expect(FeedbackStatusRule.status(after: .complaint, current: .bounced) == .unsubscribed)
        #expect(FeedbackStatusRule.status(after: .unsubscribe, current: .enabled) == .unsubscribed)
        #expect(FeedbackStatusRule.status(after: .unsubscribe, current: .unsubscribed) == nil)
        #expect(FeedbackStatusRule.status(after: .complaint, current: .blocklisted) == nil)
    }

    @Test func aRelaysRefusalOfTheRecipientIsReadFromTheRecordedReply() {
        #expect(DeliveryBounce.parse("550 5.1.1 <a@example.org>: no such user") == .init(code: 550, status: "5.1.1"))
        #expect(DeliveryBounce.parse("550 no such user") == .init(code: 550, status: nil))
        #expect(DeliveryBounce.parse("550 4.1.1 mismatched class") == .init(code: 550, status: nil))
        #expect(DeliveryBounce.parse("garbage") == nil)
        #expect(DeliveryBounce.kind(reply: "550 5.1.1 no such user") == .hardBounce)
        #expect(DeliveryBounce.kind(reply: "552 5.2.2 mailbox full") == .softBounce)
        #expect(DeliveryBounce.kind(reply: "550 user unknown") == .hardBounce)
        #expect(DeliveryBounce.kind(reply: "554 5.7.1 rejected by policy") == .hardBounce)
        // About the message, not the mailbox: no feedback.
        #expect(DeliveryBounce.kind(reply: "552 5.3.4 Message size 900 exceeds the relay's limit 100") == nil)
        #expect(DeliveryBounce.kind(reply: "554 5.6.3 Relay does not support 8BITMIME") == nil)
        // Not final, not a reply.
        #expect(DeliveryBounce.kind(reply: "450 4.2.0 try later") == nil)
        #expect(DeliveryBounce.kind(reply: nil) == nil)
    }
}
