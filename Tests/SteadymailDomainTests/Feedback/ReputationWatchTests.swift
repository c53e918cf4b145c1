import Foundation
import SteadymailDomain
import Testing

@Suite struct ReputationWatchTests {
    let thresholds = ReputationThresholds(
        hardBouncePause: 0.05, hardBounceMinAttempts: 200, complaintWarn: 0.001, complaintPause: 0.002,
        complaintMinDelivered: 1000)
    let window = Duration.seconds(86_400)
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    private func judge(
        _ watch: inout ReputationWatch, _ counts: ReputationCounts, at seconds: Double, pauses: Bool = true
    )
        -> ReputationWatch.Step
    {
        watch.judge(
            thresholds.verdict(counts), counts: counts, thresholds: thresholds, window: window, pauses: pauses,
            now: t0.addingTimeInterval(seconds))
    }

    @Test func aPauseIsRaisedOnceAndNotRepeatedAfterAResumeUntilEnoughNewAttempts() {
        var watch = ReputationWatch()
        let breach = ReputationCounts(delivered: 222, hardBounces: 18)
        #expect(judge(&watch, breach, at: 0) == .raise(.pause(.hardBounces)))
        // Resumed at once: the same counts, and 199 new attempts, are not enough.
        #expect(judge(&watch, breach, at: 30) == .hold(.hardBounces, new: 0, needed: 200))
        #expect(
            judge(&watch, ReputationCounts(delivered: 400, hardBounces: 39), at: 60)
                == .hold(.hardBounces, new: 199, needed: 200))
        // 200 new attempts still over the rate: paused again, and the count starts from there.
        let again = ReputationCounts(delivered: 401, hardBounces: 39)
        #expect(judge(&watch, again, at: 90) == .raise(.pause(.hardBounces)))
        #expect(judge(&watch, again, at: 120) == .hold(.hardBounces, new: 0, needed: 200))
        #expect(
            judge(&watch, ReputationCounts(delivered: 1000, hardBounces: 39), at: 150) == .recover(.pause(.hardBounces))
        )
        #expect(judge(&watch, ReputationCounts(delivered: 1000, hardBounces: 39), at: 180) == .none)
    }

    @Test func theMemoryOfAPauseLapsesAfterOneWindow() {
        var watch = ReputationWatch()
        let breach = ReputationCounts(delivered: 222, hardBounces: 18)
        #expect(judge(&watch, breach, at: 0) == .raise(.pause(.hardBounces)))
        #expect(judge(&watch, breach, at: 86_399) == .hold(.hardBounces, new: 0, needed: 200))
        #expect(judge(&watch, breach, at: 86_400) == .raise(.pause(.hardBounces)))
    }

    @Test func complaintsCountNewDeliveredAfterAResume() {
        var watch = ReputationWatch()
        #expect(judge(&watch, ReputationCounts(delivered: 1000, complaints: 2), at: 0) == .raise(.pause(.complaints)))
        #expect(
            judge(&watch, ReputationCounts(delivered: 1999, complaints: 4), at: 30)
                == .hold(.complaints, new: 999, needed: 1000))
        #expect(judge(&watch, ReputationCounts(delivered: 2000, complaints: 4), at: 60) == .raise(.pause(.complaints)))
    }

    @Test func aWarningIsRaisedOnceUntilItRecoversAndMayEscalate() {
        var watch = ReputationWatch()
        let warn = ReputationCounts(delivered: 1000, complaints: 1)
        #expect(judge(&watch, warn, at: 0) == .raise(.warn(.complaints)))
        #expect(judge(&watch, warn, at: 30) == .none)
        #expect(judge(&watch, ReputationCounts(delivered: 2000, complaints: 1), at: 60) == .recover(.warn(.complaints)))
        #expect(judge(&watch, warn, at: 90) == .raise(.warn(.complaints)))
        #expect(judge(&watch, ReputationCounts(delivered: 1000, complaints: 3), at: 120) == .raise(.pause(.complaints)))
        #expect(watch.end() == .pause(.complaints))
        #expect(watch.isIdle)
    }

    @Test func aRelayIsOnlyAlertedAndNeverHeld() {
        var watch = ReputationWatch()
        let breach = ReputationCounts(delivered: 222, hardBounces: 18)
        #expect(judge(&watch, breach, at: 0, pauses: false) == .raise(.pause(.hardBounces)))
        #expect(judge(&watch, breach, at: 30, pauses: false) == .none)
        #expect(watch.lastPause == nil)
        #expect(
            judge(&watch, ReputationCounts(delivered: 300), at: 60, pauses: false) == .recover(.pause(.hardBounces)))
        #expect(watch.isIdle)
    }

    @Test func theAlertsNameTheRateAndShareOneKeyPerSubject() {
        let counts = ReputationCounts(delivered: 222, hardBounces: 18)
        let pause = Alert.reputationPause(
            .campaign(12), breach: .hardBounces, counts: counts, thresholds: thresholds, window: window, at: t0)
        #expect(pause.kind == .reputationPause && pause.severity == .critical)
        #expect(pause.key == "reputation:campaign:12" && pause.subject == "campaign-12")
        #expect(pause.summary == "campaign 12 paused by the reputation guard: hard bounces 7.5% of 240 attempts in 24h")
        #expect(pause.details.contains("18 hard bounces of 240 attempts (7.5%)"))
        let relay = Alert.reputationPause(
            .relay("primary"), breach: .hardBounces, counts: counts, thresholds: thresholds, window: window, at: t0)
        #expect(relay.key == "reputation:relay:primary" && relay.subject == "primary")
        #expect(relay.summary.contains("nothing paused"))
        let warn = Alert.reputationWarn(
            .campaign(12), breach: .complaints, counts: ReputationCounts(delivered: 2000, complaints: 3),
            thresholds: thresholds, window: .seconds(5400), at: t0)
        #expect(warn.severity == .warning && warn.key == pause.key)
        #expect(warn.summary.hasSuffix("complaints 0.15% of 2000 delivered in 90m"))
        let recovered = Alert.reputationRecovered(.campaign(12), raised: .reputationWarn, reason: "ok", at: t0)
        #expect(recovered.kind == .reputationWarnRecovered && recovered.key == pause.key && recovered.isRecovery)
    }
}
