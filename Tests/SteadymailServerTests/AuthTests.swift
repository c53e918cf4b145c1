import Foundation
import Testing

@testable import SteadymailServer

@Suite struct PasswordHasherTests {
    @Test func hashVerifiesOnlyTheRightPassword() throws {
        let hash = try PasswordHasher.hash("correct horse")
        #expect(hash.hasPrefix("$scrypt$ln=14,r=8,p=1$"))
        #expect(PasswordHasher.verify("correct horse", against: hash))
        #expect(!PasswordHasher.verify("correct horsE", against: hash))
        #expect(!PasswordHasher.verify("", against: hash))
    }

    @Test func saltsDiffer() throws {
        #expect(try PasswordHasher.hash("x") != PasswordHasher.hash("x"))
    }

    @Test func malformedHashesNeverMatch() {
        for hash in ["", "$scrypt$", "$scrypt$ln=14,r=8,p=1$$", "$scrypt$ln=40,r=8,p=1$c2FsdA==$AAAA", "plain"] {
            #expect(!PasswordHasher.isWellFormed(hash))
            #expect(!PasswordHasher.verify("x", against: hash))
        }
    }

    @Test func unknownUserIsRefused() throws {
        let credentials = Credentials(["app": try PasswordHasher.hash("pw")])
        #expect(credentials.verify(username: "app", password: "pw"))
        #expect(!credentials.verify(username: "other", password: "pw"))
    }
}

@Suite struct AuthFailureLimiterTests {
    @Test func blocksAfterMaxFailuresWithinTheWindowOnly() {
        let limiter = AuthFailureLimiter(maxFailures: 3, window: .seconds(60))
        let start = Date(timeIntervalSince1970: 1000)
        for offset in 0..<3 {
            #expect(!limiter.isBlocked("192.0.2.1", now: start.addingTimeInterval(Double(offset))))
            limiter.recordFailure("192.0.2.1", now: start.addingTimeInterval(Double(offset)))
        }
        #expect(limiter.isBlocked("192.0.2.1", now: start.addingTimeInterval(5)))
        #expect(!limiter.isBlocked("192.0.2.2", now: start.addingTimeInterval(5)))
        #expect(!limiter.isBlocked("192.0.2.1", now: start.addingTimeInterval(61)))
    }
}

@Suite struct ConnectionLimiterTests {
    @Test func capsTotalAndPerAddress() {
        let limiter = ConnectionLimiter(maximumTotal: 3, maximumPerAddress: 2)
        #expect(limiter.acquire("a"))
        #expect(limiter.acquire("a"))
        #expect(!limiter.acquire("a"))
        #expect(limiter.acquire("b"))
        #expect(!limiter.acquire("c"))
        limiter.release("a")
        #expect(limiter.acquire("c"))
        #expect(limiter.activeConnections == 3)
    }
}
