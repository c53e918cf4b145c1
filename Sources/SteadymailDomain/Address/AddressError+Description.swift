/// Why an address was refused, in words an API client or operator can act on.
extension AddressError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .empty: "empty"
        case .missingAngleBrackets: "a path must be enclosed in < and >"
        case .nullPathNotAllowed: "<> is not allowed here"
        case .invalidSourceRoute: "malformed source route"
        case .missingAtSign: "no @ between local part and domain"
        case .invalidLocalPart: "invalid local part"
        case .invalidDomain: "invalid domain"
        case .invalidAddressLiteral: "invalid address literal"
        case .localPartTooLong: "local part longer than 64 octets"
        case .domainTooLong: "domain longer than 255 octets"
        case .pathTooLong: "longer than 256 octets"
        case .nonASCIIRequiresSMTPUTF8: "non-ASCII address without SMTPUTF8"
        case .controlCharacter: "contains CR, LF or another control character"
        case .trailingCharacters: "unexpected characters after the address"
        }
    }
}
