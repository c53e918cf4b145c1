import Testing

@testable import SteadymailDomain

@Suite struct ThrottleReplyDetectorTests {
    let detector = ThrottleReplyDetector()

    /// Real provider replies, and whether each asks us to slow down.
    @Test(arguments: [
        (
            421, "4.7.28",
            "4.7.28 [192.0.2.1] Our system has detected an unusual rate of unsolicited mail originating from your IP "
                + "address. To protect our users from spam, mail sent from your IP address has been temporarily rate "
                + "limited.", true
        ),
        (421, "4.7.0", "4.7.0 Try again later, closing connection. (EHLO)", true),
        (451, "4.7.500", "4.7.500 Server busy. Please try again later from [192.0.2.1]. (S77719)", true),
        (
            421, "4.7.0",
            "4.7.0 [TSS04] Messages from 192.0.2.1 temporarily deferred due to unexpected volume or user complaints "
                + "- 4.16.55.1; see https://postmaster.yahooinc.com/error-codes", true
        ),
        (421, "4.7.0", "4.7.0 mx.example.com Error: too many connections from 192.0.2.1", true),
        (450, "4.7.1", "4.7.1 Error: too much mail from 192.0.2.1", true),
        (454, nil, "Throttling failure: Maximum sending rate exceeded.", true),
        (451, "4.7.0", "4.7.0 rate limited", true),
        (421, "4.7.0", "4.7.0 RATE-LIMIT reached, slow down", true),
        // Gmail's per-user limit is about one mailbox: retried with backoff, the destination keeps its pace.
        (
            450, "4.2.1",
            "4.2.1 The user you are trying to contact is receiving mail at a rate that prevents additional messages "
                + "from being delivered. Please resend your message at a later time.", false
        ),
        (452, "4.2.2", "4.2.2 The email account that you tried to reach is over quota. Quota exceeded.", false),
        (451, "4.7.1", "4.7.1 <later@example.org>: greylisted, try again later", false),
        (450, "4.7.1", "4.7.1 Greylisting in action, please come back later", false),
        (421, "4.3.2", "4.3.2 sink says: try again later", false),
        (421, "4.3.2", "4.3.2 Service shutting down", false),
        (452, "4.5.3", "4.5.3 Too many recipients", false),
        (451, "4.3.0", "4.3.0 Temporary local problem, please try again", false),
        (550, "5.7.1", "5.7.1 Rate limit exceeded, message rejected", false),
        (250, "2.0.0", "2.0.0 Ok, not rate limited", false),
    ])
    func providerReplies(code: Int, enhanced: String?, text: String, isThrottle: Bool) {
        #expect(detector.isThrottle(code: code, enhanced: enhanced, text: text) == isThrottle, "\(code) \(text)")
    }

    @Test func patternsAreConfigurableAndCaseInsensitive() {
        let custom = ThrottleReplyDetector(patterns: ["Slow Your Roll", ""])
        #expect(custom.patterns == ["slow your roll"])
        #expect(custom.isThrottle(code: 421, enhanced: nil, text: "please SLOW YOUR ROLL"))
        #expect(!custom.isThrottle(code: 421, enhanced: "4.7.0", text: "4.7.0 rate limited"))
        #expect(!ThrottleReplyDetector(patterns: []).isThrottle(code: 421, enhanced: nil, text: "rate limited"))
    }
}
