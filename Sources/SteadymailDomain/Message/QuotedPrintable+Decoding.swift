/// Quoted-printable (RFC 2045 6.7) decoding, for reading the parts of returned reports; a malformed escape is kept as
/// it stands.
extension QuotedPrintable {
    static func decode(_ body: ArraySlice<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(body.count)
        var index = body.startIndex
        while index < body.endIndex {
            let byte = body[index]
            guard byte == UInt8(ascii: "=") else {
                output.append(byte)
                index += 1
                continue
            }
            let first = index + 1 < body.endIndex ? body[index + 1] : nil
            let second = index + 2 < body.endIndex ? body[index + 2] : nil
            if first == UInt8(ascii: "\n") {
                index += 2
            } else if first == UInt8(ascii: "\r"), second == UInt8(ascii: "\n") {
                index += 3
            } else if let high = first.flatMap(hexValue), let low = second.flatMap(hexValue) {
                output.append(high << 4 | low)
                index += 3
            } else {
                output.append(byte)
                index += 1
            }
        }
        return output
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}
