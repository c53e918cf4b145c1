/// An RFC 5321 mailbox: a local part and a domain (or an address literal such as `[192.0.2.1]`).
///
/// It exists so that every address that enters Steadymail (SMTP envelope, CLI, API) has been checked against one
/// grammar, and so that no CR, LF, NUL or other control character can ever travel inside an address.
/// The local part is stored unquoted (its meaning); `description` quotes it again when needed.
public struct Mailbox: Hashable, Sendable, CustomStringConvertible {
    /// The local part, unquoted: for `"john doe"@example.com` this is `john doe`.
    public let localPart: String
    /// The domain as given (case kept), or an address literal with its brackets.
    public let domain: String

    init(uncheckedLocalPart localPart: String, domain: String) {
        self.localPart = localPart
        self.domain = domain
    }

    /// Builds a mailbox from its parts, checking both against RFC 5321 (UTF-8 allowed).
    public init(localPart: String, domain: String) throws(AddressError) {
        let candidate = Mailbox(uncheckedLocalPart: localPart, domain: domain)
        self = try Mailbox(parsing: candidate.description)
    }

    /// The domain lowercased, for comparisons (domains are case-insensitive).
    public var normalizedDomain: String { domain.lowercased() }

    /// Whether the domain is an address literal (`[192.0.2.1]`, `[IPv6:...]`), which is never a local domain.
    public var isAddressLiteral: Bool { domain.hasPrefix("[") }

    /// `local@domain`, with the local part quoted (and `"` and `\` escaped) when it is not a dot-string.
    public var description: String {
        let local = Array(localPart.utf8)
        if AddressGrammar.isDotString(local[...], allowUTF8: true) {
            return "\(localPart)@\(domain)"
        }
        var quoted = "\""
        for character in localPart {
            if character == "\"" || character == "\\" { quoted.append("\\") }
            quoted.append(character)
        }
        quoted.append("\"")
        return "\(quoted)@\(domain)"
    }
}
