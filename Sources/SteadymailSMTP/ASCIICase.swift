extension StringProtocol {
    /// The text with only ASCII letters uppercased, byte length unchanged.
    ///
    /// Unlike `uppercased()` it never maps a non-ASCII character to ASCII (`ſ` becomes `S` there), so a command
    /// verb or keyword cannot be spelled with look-alikes, and UTF-8 offsets stay valid.
    var asciiUppercased: String {
        String(decoding: utf8.map { (0x61...0x7A).contains($0) ? $0 - 0x20 : $0 }, as: UTF8.self)
    }
}
