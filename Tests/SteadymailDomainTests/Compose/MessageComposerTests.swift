import Foundation
import Testing

@testable import SteadymailDomain

@Suite struct MessageComposerTests {
    private let composer = MessageComposer(boundaryToken: "T0K3N")
    private let date = Date(timeIntervalSince1970: 1_700_000_000)

    private func mailbox(_ text: String, name: String? = nil) throws -> NamedMailbox {
        NamedMailbox(name: name, mailbox: try Mailbox(parsing: text))
    }

    private func draft(
        subject: String = "Hello", text: String? = "Hi there\n", html: String? = nil,
        headers: [HeaderField] = [], attachments: [DraftAttachment] = []
    ) throws -> MessageDraft {
        MessageDraft(
            from: try mailbox("shop@example.com", name: "The Shop"), to: [try mailbox("ada@example.org")],
            subject: subject, text: text, html: html, headers: headers, attachments: attachments,
            messageID: "abc.1@mx.example.com", date: date)
    }

    private func text(_ draft: MessageDraft) throws -> String {
        String(decoding: try composer.compose(draft), as: UTF8.self)
    }

    private func headerBlock(_ message: String) -> String {
        String(message[..<message.range(of: "\r\n\r\n")!.lowerBound])
    }

    @Test func plainTextMessageIsSevenBitWithEveryLineInCRLF() throws {
        let message = try text(try draft())
        let head = headerBlock(message)
        #expect(head.contains("From: The Shop <shop@example.com>"))
        #expect(head.contains("To: <ada@example.org>"))
        #expect(head.contains("Subject: Hello"))
        #expect(head.contains("Message-ID: <abc.1@mx.example.com>"))
        #expect(head.contains("Date: Tue, 14 Nov 2023 22:13:20 +0000"))
        #expect(head.contains("MIME-Version: 1.0"))
        #expect(head.contains("Content-Type: text/plain; charset=utf-8"))
        #expect(head.contains("Content-Transfer-Encoding: 7bit"))
        #expect(message.hasSuffix("\r\n\r\nHi there\r\n"))
        #expect(!message.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
    }

    @Test func nonASCIISubjectAndNameBecomeEncodedWords() throws {
        var value = try draft(subject: "Grüße aus Köln — 50 % Rabatt auf alles, nur heute und morgen im ganzen Laden")
        value.from.name = "Ünïcode Shop"
        let head = headerBlock(try text(value))
        #expect(head.contains("From: =?UTF-8?B?"))
        #expect(head.contains("Subject: =?UTF-8?B?"))
        for line in head.components(separatedBy: "\r\n") {
            #expect(line.utf8.count <= 78, "line too long: \(line)")
            #expect(line.utf8.allSatisfy { $0 < 128 }, "non-ASCII header line: \(line)")
        }
        let words = head.components(separatedBy: CharacterSet(charactersIn: " \r\n")).filter { $0.hasPrefix("=?") }
        #expect(words.allSatisfy { $0.utf8.count <= 75 })
    }

    @Test func encodedWordsNeverSplitACharacter() {
        let text = String(repeating: "日本語", count: 20)
        let words = EncodedWords.encode(text)
        let decoded = words.map { word -> [UInt8] in
            let payload = word.dropFirst("=?UTF-8?B?".count).dropLast(2)
            return Array(Data(base64Encoded: String(payload))!)
        }
        #expect(decoded.allSatisfy { String(validating: $0, as: UTF8.self) != nil })
        #expect(String(decoding: decoded.joined(), as: UTF8.self) == text)
    }

    @Test func textAndHTMLMakeMultipartAlternative() throws {
        let message = try text(try draft(text: "plain", html: "<p>rich</p>"))
        #expect(headerBlock(message).contains("Content-Type: multipart/alternative;\r\n boundary=\"=_sm_1_T0K3N\""))
        #expect(message.contains("--=_sm_1_T0K3N\r\nContent-Type: text/plain"))
        #expect(message.contains("--=_sm_1_T0K3N\r\nContent-Type: text/html"))
        #expect(message.hasSuffix("--=_sm_1_T0K3N--\r\n"))
    }

    @Test func aTextPartKeepsItsLastLineBreakBeforeTheBoundary() throws {
        let message = try text(try draft(text: "line one\nline two\n", html: "<p>x</p>"))
        // The CRLF right before a boundary line belongs to the boundary: the part's own CRLF must come before it.
        #expect(message.contains("line one\r\nline two\r\n\r\n--=_sm_1_T0K3N\r\n"))
        #expect(message.contains("<p>x</p>\r\n\r\n--=_sm_1_T0K3N--\r\n"))
    }

    @Test func attachmentsMakeMultipartMixedWithBase64InShortLines() throws {
        let bytes = (0..<300).map { UInt8($0 % 256) }
        let message = try text(
            try draft(
                text: "see attached", html: "<p>see attached</p>",
                attachments: [
                    DraftAttachment(filename: "report \"Q3\".pdf", contentType: "application/pdf", content: bytes)
                ]))
        #expect(headerBlock(message).contains("multipart/mixed"))
        #expect(message.contains("Content-Type: multipart/alternative"))
        #expect(message.contains("Content-Disposition: attachment;\r\n filename=\"report \\\"Q3\\\".pdf\""))
        let encoded = Data(bytes).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn])
        #expect(message.contains(encoded.replacingOccurrences(of: "\r", with: "\r\n")))
    }

    @Test func nonASCIIOrLongBodiesAreQuotedPrintable() throws {
        let long = String(repeating: "x", count: 1200)
        for body in ["naïve café\n", long] {
            let message = try text(try draft(text: body))
            #expect(message.contains("Content-Transfer-Encoding: quoted-printable"))
            #expect(
                message.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 76 || $0.hasPrefix("Content") })
        }
    }

    @Test func headerInjectionIsRefused() throws {
        let attempts: [(HeaderField, CompositionError)] = [
            (HeaderField(name: "X-Tag", value: "a\r\nBcc: victim@example.net"), .invalidHeaderValue(name: "X-Tag")),
            (HeaderField(name: "X-Tag", value: "a\nb"), .invalidHeaderValue(name: "X-Tag")),
            (HeaderField(name: "X-Tag\r\nBcc", value: "x"), .invalidHeaderName("X-Tag\r\nBcc")),
            (HeaderField(name: "Bad Name", value: "x"), .invalidHeaderName("Bad Name")),
            (HeaderField(name: "", value: "x"), .invalidHeaderName("")),
            (HeaderField(name: "Content-Type", value: "text/html"), .reservedHeader("Content-Type")),
            (HeaderField(name: "bcc", value: "x@example.net"), .reservedHeader("bcc")),
        ]
        for (field, expected) in attempts {
            #expect(throws: expected) { try composer.compose(try draft(headers: [field])) }
        }
        #expect(throws: CompositionError.controlCharacter(field: "subject")) {
            try composer.compose(try draft(subject: "Hi\r\nBcc: x@example.net"))
        }
        var named = try draft()
        named.from.name = "Shop\r\nBcc: x@example.net"
        #expect(throws: CompositionError.controlCharacter(field: "from name")) { try composer.compose(named) }
    }

    @Test func extraHeadersAreKeptInOrderAndFolded() throws {
        let long = (1...40).map { "word\($0)" }.joined(separator: " ")
        let head = headerBlock(
            try text(
                try draft(headers: [
                    HeaderField(name: "X-Campaign", value: "spring"), HeaderField(name: "X-Long", value: long),
                ])))
        #expect(head.contains("X-Campaign: spring\r\nX-Long: word1"))
        #expect(head.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 78 })
    }

    @Test func displayNamesWithSpecialsAreQuoted() throws {
        var value = try draft()
        value.from.name = "Shop, Inc. \"Best\""
        #expect(headerBlock(try text(value)).contains("From: \"Shop, Inc. \\\"Best\\\"\" <shop@example.com>"))
    }

    @Test func aMessageNeedsABody() throws {
        #expect(throws: CompositionError.noBody) { try composer.compose(try draft(text: nil, html: nil)) }
    }

    @Test func attachmentTypesAreChecked() throws {
        let bad = DraftAttachment(filename: "a.txt", contentType: "text", content: [65])
        #expect(throws: CompositionError.invalidContentType("text")) {
            try composer.compose(try draft(attachments: [bad]))
        }
    }
}
