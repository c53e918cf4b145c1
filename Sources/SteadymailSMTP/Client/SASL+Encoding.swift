/// Encoding of SASL initial responses for the client side (RFC 4954).
extension SASL {
    /// RFC 4648 base64 with padding.
    static func encodeBase64(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count + 2) / 3 * 4)
        for start in stride(from: 0, to: bytes.count, by: 3) {
            let chunk = bytes[start..<min(start + 3, bytes.count)]
            let value = chunk.enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (16 - 8 * $1.offset) }
            for index in 0...3 {
                output.append(index <= chunk.count ? alphabet[Int(value >> (18 - 6 * index) & 63)] : UInt8(ascii: "="))
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// RFC 4616 PLAIN with an empty authorization identity: `NUL username NUL password`, base64.
    static func plainResponse(_ credentials: SMTPClientCredentials) -> String {
        encodeBase64([0] + Array(credentials.username.utf8) + [0] + Array(credentials.password.utf8))
    }
}
