import Foundation
import Testing

@testable import SteadymailDomain

@Suite struct MailboxPathParsingTests {
    @Test(arguments: [
        ("<user@example.com>", "user", "example.com"),
        ("<User.Name+tag@Example.COM>", "User.Name+tag", "Example.COM"),
        ("<\"john doe\"@example.com>", "john doe", "example.com"),
        ("<\"a\\\"b\\\\c\"@example.com>", "a\"b\\c", "example.com"),
        ("<\"a@b\"@local.example>", "a@b", "local.example"),
        ("<user%other@local.example>", "user%other", "local.example"),
        ("<user@[192.0.2.1]>", "user", "[192.0.2.1]"),
        ("<user@[IPv6:2001:db8::1]>", "user", "[IPv6:2001:db8::1]"),
        ("<user@[ipv6:::ffff:192.0.2.1]>", "user", "[ipv6:::ffff:192.0.2.1]"),
        ("<user@[IPv6:1:2:3:4:5:6:7:8]>", "user", "[IPv6:1:2:3:4:5:6:7:8]"),
        ("<@relay.example,@other.example:user@x.example>", "user", "x.example"),
        ("<@relay.example:user@x.example>", "user", "x.example"),
        ("<a-b@x-1.example>", "a-b", "x-1.example"),
    ])
    func validPaths(path: String, localPart: String, domain: String) throws {
        let mailbox = try Mailbox.parse(path: path, allowUTF8: false)
        #expect(mailbox.localPart == localPart)
        #expect(mailbox.domain == domain)
    }

    @Test(arguments: [
        ("<a>", AddressError.missingAtSign),
        ("<a@>", .invalidDomain),
        ("<@a>", .invalidSourceRoute),
        ("<>", .nullPathNotAllowed),
        ("", .empty),
        ("user@example.com", .missingAngleBrackets),
        ("<user@example.com", .missingAngleBrackets),
        ("user@example.com>", .missingAngleBrackets),
        ("<<user@example.com>", .invalidLocalPart),
        ("<user@example.com>>", .trailingCharacters),
        ("<user @example.com>", .invalidLocalPart),
        ("< user@example.com>", .invalidLocalPart),
        ("<user@example .com>", .trailingCharacters),
        ("<user@exa\rmple.com>", .controlCharacter),
        ("<user@example.com\n>", .controlCharacter),
        ("<us\0er@example.com>", .controlCharacter),
        ("<us\ter@example.com>", .controlCharacter),
        ("<.user@example.com>", .invalidLocalPart),
        ("<user.@example.com>", .invalidLocalPart),
        ("<us..er@example.com>", .invalidLocalPart),
        ("<user@-example.com>", .invalidDomain),
        ("<user@example-.com>", .invalidDomain),
        ("<user@example..com>", .invalidDomain),
        ("<user@example.com.>", .invalidDomain),
        ("<user@exa_mple.com>", .trailingCharacters),
        ("<user@[192.0.2.256]>", .invalidAddressLiteral),
        ("<user@[192.0.2]>", .invalidAddressLiteral),
        ("<user@[IPv6:1::2::3]>", .invalidAddressLiteral),
        ("<user@[IPv6:1:2:3:4:5:6:7:8:9]>", .invalidAddressLiteral),
        ("<user@[IPv6:12345::1]>", .invalidAddressLiteral),
        ("<user@[tag:content]>", .invalidAddressLiteral),
        ("<user@[192.0.2.1>", .invalidAddressLiteral),
        ("<\"unterminated@example.com>", .invalidLocalPart),
        ("<\"\"@example.com>", .invalidLocalPart),
        ("<@a,:user@x.example>", .invalidSourceRoute),
        ("<@a user@x.example>", .invalidSourceRoute),
        ("<jöhn@example.com>", .nonASCIIRequiresSMTPUTF8),
        ("<john@exämple.com>", .nonASCIIRequiresSMTPUTF8),
    ])
    func invalidPaths(path: String, error: AddressError) {
        #expect(throws: error) { try Mailbox.parse(path: path, allowUTF8: false) }
    }

    @Test func utf8NeedsSMTPUTF8() throws {
        let mailbox = try Mailbox.parse(path: "<jöhn@exämple.com>", allowUTF8: true)
        #expect(mailbox.localPart == "jöhn")
        #expect(mailbox.normalizedDomain == "exämple.com")
    }

    @Test func lengthLimits() throws {
        let local64 = String(repeating: "a", count: 64)
        _ = try Mailbox.parse(path: "<\(local64)@example.com>", allowUTF8: false)
        #expect(throws: AddressError.localPartTooLong) {
            try Mailbox.parse(path: "<\(local64)a@example.com>", allowUTF8: false)
        }
        let label63 = String(repeating: "b", count: 63)
        _ = try Mailbox.parse(path: "<a@\(label63).example>", allowUTF8: false)
        #expect(throws: AddressError.invalidDomain) {
            try Mailbox.parse(path: "<a@\(label63)b.example>", allowUTF8: false)
        }
        let longDomain = Array(repeating: "c", count: 130).joined(separator: ".")
        #expect(!Mailbox.isValidDomain(longDomain, allowUTF8: false))
        #expect(Mailbox.isValidDomain(String(longDomain.prefix(255)), allowUTF8: false))
        let longPath = "<a@" + Array(repeating: "d", count: 130).joined(separator: ".") + ">"
        #expect(throws: AddressError.pathTooLong) {
            try Mailbox.parse(path: longPath, allowUTF8: false)
        }
    }

    @Test func hugeInputIsRefusedQuickly() {
        let huge = "<" + String(repeating: "a", count: 1_000_000) + "@example.com>"
        #expect(throws: AddressError.pathTooLong) { try Mailbox.parse(path: huge, allowUTF8: false) }
    }
}

@Suite struct ReversePathTests {
    @Test func nullSenderIsAccepted() throws {
        #expect(try ReversePath.parse(path: "<>", allowUTF8: false) == .null)
        #expect(ReversePath.null.description == "<>")
    }

    @Test func mailboxSender() throws {
        let path = try ReversePath.parse(path: "<a@example.com>", allowUTF8: false)
        #expect(path == .mailbox(try Mailbox(parsing: "a@example.com")))
        #expect(path.description == "<a@example.com>")
    }

    @Test func badSendersAreRefused() {
        #expect(throws: AddressError.missingAtSign) {
            try ReversePath.parse(path: "<a>", allowUTF8: false)
        }
        #expect(throws: AddressError.controlCharacter) {
            try ReversePath.parse(path: "<>\r\n", allowUTF8: false)
        }
    }
}

@Suite struct BareMailboxParsingTests {
    @Test func bareAddresses() throws {
        let mailbox = try Mailbox(parsing: "  user@example.com ")
        #expect(mailbox.localPart == "user" && mailbox.domain == "example.com")
        #expect(try Mailbox(parsing: "<user@example.com>") == mailbox)
        #expect(try Mailbox(parsing: "jöhn@exämple.com").localPart == "jöhn")
    }

    @Test(arguments: [
        "", "user", "user@", "@example.com", "a@b@c", "user@example.com\r\nRCPT TO:<x@y>", "a b@c.d",
    ])
    func refused(text: String) {
        #expect(throws: AddressError.self) { try Mailbox(parsing: text) }
    }

    @Test func domainValidation() {
        #expect(Mailbox.isValidDomain("mail.example.com", allowUTF8: false))
        #expect(Mailbox.isValidDomain("[192.0.2.1]", allowUTF8: false))
        #expect(!Mailbox.isValidDomain("", allowUTF8: false))
        #expect(!Mailbox.isValidDomain("bad domain", allowUTF8: false))
        #expect(!Mailbox.isValidDomain("-bad.example", allowUTF8: false))
    }
}

@Suite struct MailboxValueTests {
    @Test func descriptionQuotesWhenNeeded() throws {
        #expect(
            try Mailbox(localPart: "john doe", domain: "example.com").description
                == "\"john doe\"@example.com")
        #expect(
            try Mailbox(localPart: "a\"b", domain: "example.com").description == "\"a\\\"b\"@example.com")
        #expect(
            try Mailbox(localPart: "plain.name", domain: "example.com").description
                == "plain.name@example.com")
    }

    @Test(arguments: [
        "<user@example.com>", "<\"john doe\"@example.com>", "<\"a\\\\b\"@[IPv6:::1]>",
        "<x@[192.0.2.1]>",
    ])
    func descriptionRoundTrips(path: String) throws {
        let mailbox = try Mailbox.parse(path: path, allowUTF8: false)
        #expect(try Mailbox(parsing: mailbox.description) == mailbox)
    }

    @Test func validatingInitRefusesControlCharacters() {
        #expect(throws: AddressError.self) { try Mailbox(localPart: "a\r\nb", domain: "example.com") }
        #expect(throws: AddressError.self) { try Mailbox(localPart: "a", domain: "exa mple.com") }
    }

    @Test func literalsAndNormalization() throws {
        #expect(try Mailbox(parsing: "a@[192.0.2.1]").isAddressLiteral)
        #expect(try !Mailbox(parsing: "a@Example.COM").isAddressLiteral)
        #expect(try Mailbox(parsing: "a@Example.COM").normalizedDomain == "example.com")
    }

    @Test func codableRoundTripAndValidation() throws {
        let mailbox = try Mailbox(parsing: "\"john doe\"@example.com")
        let data = try JSONEncoder().encode(mailbox)
        #expect(try JSONDecoder().decode(Mailbox.self, from: data) == mailbox)
        let hostile = Data(#"{"localPart":"a\r\nRCPT TO:<x@y>","domain":"example.com"}"#.utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Mailbox.self, from: hostile) }
    }
}
