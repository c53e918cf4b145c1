import Foundation
import Testing

@testable import SteadymailDomain

@Suite struct AlertTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func everyConditionHasARecoveryAndEveryRecoveryIsItsOwn() {
        for kind in AlertKind.allCases {
            #expect(kind.recovery.isRecovery, "\(kind)")
            if kind.isRecovery { #expect(kind.recovery == kind) } else { #expect(kind.recovery != kind) }
        }
        let recoveries = AlertKind.allCases.filter { !$0.isRecovery }.map(\.recovery)
        #expect(Set(recoveries).count == recoveries.count, "no two conditions share a recovery")
    }

    @Test func aConditionAndItsRecoveryShareTheirKey() {
        let pairs: [(Alert, Alert)] = [
            (.monitorDown("relay:primary", cause: "x", at: now), .monitorUp("relay:primary", message: "y", at: now)),
            (.circuitOpen("primary", cause: nil, at: now), .circuitClosed("primary", at: now)),
            (
                .certificateExpiry(monitor: "c", target: "h:465", daysLeft: 2, critical: true, at: now),
                .certificateRenewed(monitor: "c", target: "h:465", daysLeft: 80, at: now)
            ),
            (.oldestDeferred(age: 4000, threshold: 3600, at: now), .oldestDeferredCleared(age: 10, at: now)),
            (
                .diskLow(freeBytes: 1 << 20, threshold: 1 << 30, path: "/var/lib/steadymail", at: now),
                .diskRecovered(freeBytes: 2 << 30, path: "/var/lib/steadymail", at: now)
            ),
        ]
        for (condition, recovery) in pairs {
            #expect(condition.key == recovery.key)
            #expect(condition.kind.recovery == recovery.kind)
            #expect(!condition.isRecovery && recovery.isRecovery)
            #expect(recovery.severity == .info)
            #expect(condition.severity > .info)
        }
    }

    @Test func keysNameTheirSubject() {
        #expect(Alert.monitorDown("relay:primary", cause: "refused", at: now).key == "monitor:relay:primary")
        #expect(Alert.circuitOpen("primary", cause: nil, at: now).key == "circuit:primary")
        #expect(
            Alert.certificateExpiry(monitor: "mx", target: "h:443", daysLeft: 9, critical: false, at: now).key
                == "cert:mx")
    }

    @Test func summariesReadWell() {
        #expect(
            Alert.monitorDown("relay:primary", cause: "connection refused", at: now).summary
                == "monitor relay:primary is down: connection refused")
        #expect(
            Alert.certificateExpiry(monitor: "mx", target: "mx.example.org:465", daysLeft: 1.7, critical: true, at: now)
                .summary == "certificate of mx.example.org:465 expires in 1 day")
        #expect(
            Alert.oldestDeferred(age: 5400, threshold: 3600, at: now).summary
                == "the oldest waiting recipient is 90 min old")
        #expect(Alert.formatAge(9000) == "2 h 30 min")
        #expect(Alert.formatBytes(1536 * 1024 * 1024) == "1.5 GiB")
        #expect(Alert.formatBytes(512) == "512 bytes")
    }
}
