/// Why an address or path was refused.
///
/// It exists so that the SMTP layer can pick the right reply (for example `553 5.6.7` when non-ASCII arrives
/// without SMTPUTF8, `501` for everything else) and so that the CLI can say what is wrong with an address.
public enum AddressError: Error, Equatable, Sendable {
    /// The input was empty.
    case empty
    /// A path did not start with `<` and end with `>`.
    case missingAngleBrackets
    /// `<>` was given where a mailbox is required (a forward path).
    case nullPathNotAllowed
    /// A source route (`@a,@b:`) was malformed.
    case invalidSourceRoute
    /// No `@` separates the local part from the domain.
    case missingAtSign
    /// The local part is neither a dot-string nor a quoted string.
    case invalidLocalPart
    /// The domain is not a sequence of valid labels.
    case invalidDomain
    /// The bracketed address literal is neither IPv4 nor `IPv6:` tagged.
    case invalidAddressLiteral
    /// The local part is longer than 64 octets.
    case localPartTooLong
    /// The domain is longer than 255 octets.
    case domainTooLong
    /// The path is longer than 256 octets.
    case pathTooLong
    /// Non-ASCII text was found but SMTPUTF8 was not in effect.
    case nonASCIIRequiresSMTPUTF8
    /// A control character (CR, LF, NUL, TAB, DEL, ...) was found.
    case controlCharacter
    /// Characters follow the address.
    case trailingCharacters
}
