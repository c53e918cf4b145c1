/// The ESMTP parameters of MAIL FROM that Steadymail supports: SIZE, BODY, SMTPUTF8 and AUTH (ignored).
struct SMTPMailParameters: Equatable, Sendable {
    enum Failure: Error, Equatable {
        /// A keyword we did not advertise: 555 5.5.4.
        case unknown
        /// A supported keyword with a bad value: 501 5.5.4.
        case invalidValue
    }

    var declaredSize: Int?
    var bodyType: SMTPBodyType = .sevenBit
    var smtputf8 = false

    init(_ parameters: [Substring]) throws(Failure) {
        for parameter in parameters {
            let parts = parameter.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let keyword = parts[0].asciiUppercased
            let value = parts.count > 1 ? parts[1] : nil
            switch keyword {
            case "SIZE":
                guard let value, !value.isEmpty, value.utf8.allSatisfy({ (48...57).contains($0) }) else {
                    throw .invalidValue
                }
                declaredSize = Int(value) ?? Int.max
            case "BODY":
                guard let value, let type = SMTPBodyType(rawValue: value.asciiUppercased) else {
                    throw .invalidValue
                }
                bodyType = type
            case "SMTPUTF8":
                guard value == nil else { throw .invalidValue }
                smtputf8 = true
            case "AUTH":
                guard let value, !value.isEmpty else { throw .invalidValue }
            default:
                throw .unknown
            }
        }
    }
}
