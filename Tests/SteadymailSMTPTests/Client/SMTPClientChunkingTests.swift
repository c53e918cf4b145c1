import NIOCore
import Testing

@testable import SteadymailSMTP

/// The same relay bytes give the same actions however the network splits them.
@Suite struct SMTPClientChunkingTests {
    /// What the relay sends, one string per client write it answers; each is split into random chunks.
    static let scripts: [(SMTPClientConfiguration, [String])] = [
        (
            SMTPClientConfiguration(
                heloName: "out.example", tlsMode: .required,
                credentials: SMTPClientCredentials(username: "u", password: "p")),
            [
                "220-mx.example ESMTP\r\n220 second line\n", ehloReply(["STARTTLS", "PIPELINING"]),
                "220 2.0.0 go\r\n", ehloReply(["PIPELINING", "AUTH LOGIN", "SIZE 1000"]), "334 VXNlcm5hbWU6\r\n",
                "334 UGFzc3dvcmQ6\r\n", "235 2.7.0 ok\r\n",
                "250 2.1.0 ok\r\n550 5.1.1 unknown\r\n250 2.1.5 ok\r\n250 2.1.5 ok\r\n354 go\r\n",
                "250 2.0.0 queued\r\n",
                "250 ok\r\n550 5.1.1 no\r\n554 5.5.1 no rcpt\r\n", "250 2.0.0 reset\r\n",
                "250 ok\r\n250 ok\r\n354 go\r\n", "250 2.0.0 queued\r\n", "221 bye\r\n",
            ]
        ),
        (
            .plain,
            [
                "220 mx\r\n", "502 5.5.2 no EHLO\r\n", "250 old\r\n", "250 ok\r\n", "250 ok\r\n", "250 ok\r\n",
                "250 ok\r\n",
                "354 go\r\n", "250 queued\r\n", "250-a\r\n" + String(repeating: "250-b\r\n", count: 300),
            ]
        ),
        (
            .plain,
            ["220 mx\r\n", ehloReply(["PIPELINING"]), "250 ok\r\n250 ok\r\n250 ok\r\n250 ok\r\n354 go\r\n", "250 2.0"]
        ),
    ]

    /// Plays a script, answering `.startTLS` with success and `.ready`/`.delivered` with the next message or QUIT.
    private func play(_ index: Int, chunkSizes: () -> Int) -> [String] {
        let (configuration, segments) = Self.scripts[index]
        var machine = SMTPClientStateMachine(configuration: configuration)
        var messages = [
            SMTPOutboundMessage.test("a\n.b\n", recipients: ["x@r.example", "y@r.example", "z@r.example"]),
            .test(), .test(),
        ]
        var transcript: [String] = []
        var pending = machine.connected()
        var segmentIterator = segments.makeIterator()
        while true {
            while !pending.isEmpty {
                let action = pending.removeFirst()
                transcript += render([action])
                switch action {
                case .startTLS: pending += machine.tlsEstablished()
                case .ready, .delivered:
                    pending += messages.isEmpty ? machine.quit() : machine.send(messages.removeFirst())
                case .write, .failed, .close: break
                }
            }
            guard let segment = segmentIterator.next() else { break }
            var bytes = ByteBuffer(string: segment)
            while bytes.readableBytes > 0 {
                let chunk = bytes.readSlice(length: min(chunkSizes(), bytes.readableBytes))!
                pending += machine.received(chunk)
            }
        }
        transcript += render(machine.connectionClosed())
        return transcript
    }

    @Test(arguments: 0..<3)
    func everyChunkingGivesTheSameActions(index: Int) {
        let reference = play(index) { Int.max }
        #expect(reference.contains("<close>"))
        #expect(play(index) { 1 } == reference)
        var rng = SplitMix64(state: UInt64(index) + 7)
        for _ in 0..<50 {
            #expect(play(index) { Int.random(in: 1...24, using: &rng) } == reference)
        }
    }

    @Test func referenceTranscriptsEndAsExpected() {
        #expect(play(0) { Int.max }.suffix(3) == ["<delivered ok>", "QUIT\r\n", "<close>"])
        #expect(
            play(1) { Int.max }.suffix(2) == [
                "<failed mail protocolError(\"reply with more than 200 lines\")>", "<close>",
            ])
        #expect(play(2) { Int.max }.suffix(2) == ["<failed dataEnd connectionClosed>", "<close>"])
    }
}
