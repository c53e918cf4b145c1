/// The identifier a message is given when it is queued, printed in `250 2.0.0 Ok: queued as <ID>`.
///
/// It exists so that an operator can quote one short token in logs, the CLI and the API. It is time-ordered (the first
/// ten characters encode milliseconds since 1970 in Crockford base32) so that ids sort by arrival, followed by ten
/// random characters so that several nodes can mint ids without coordinating.
public struct QueueID: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    public let rawValue: String

    static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ".utf8)

    /// Accepts only well-formed ids: 20 characters of the Crockford base32 alphabet.
    public init?(_ text: String) {
        let upper = text.uppercased()
        guard upper.utf8.count == 20, upper.utf8.allSatisfy({ QueueID.alphabet.contains($0) }) else {
            return nil
        }
        rawValue = upper
    }

    /// Mints a new id for the given time in milliseconds since 1970.
    public static func make<G: RandomNumberGenerator>(
        millisecondsSince1970 millis: UInt64, using rng: inout G
    ) -> QueueID {
        var bytes = [UInt8](repeating: 0, count: 20)
        var time = millis
        for index in stride(from: 9, through: 0, by: -1) {
            bytes[index] = alphabet[Int(time & 31)]
            time >>= 5
        }
        for index in 10..<20 {
            bytes[index] = alphabet[Int(rng.next() & 31)]
        }
        return QueueID(unchecked: String(decoding: bytes, as: UTF8.self))
    }

    public static func make(millisecondsSince1970 millis: UInt64) -> QueueID {
        var rng = SystemRandomNumberGenerator()
        return make(millisecondsSince1970: millis, using: &rng)
    }

    private init(unchecked: String) { rawValue = unchecked }

    public var description: String { rawValue }
    public static func < (lhs: QueueID, rhs: QueueID) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let id = QueueID(text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "not a queue id: \(text)"))
        }
        self = id
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
