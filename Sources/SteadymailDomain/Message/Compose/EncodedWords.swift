/// RFC 2047 encoded words for header text that is not plain ASCII.
///
/// It exists because header fields may carry only ASCII (RFC 5322): a subject or display name in any other script is
/// sent as `=?UTF-8?B?...?=` words, each at most 75 characters and never splitting a character, so that every reader
/// decodes it and no line grows past the limits.
enum EncodedWords {
    private static let prefix = "=?UTF-8?B?"
    private static let suffix = "?="

    /// Whether `text` may appear in a header as it is: printable ASCII and space only, and nothing that looks like an
    /// encoded word already.
    static func isPlain(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 == 32 || (33...126).contains($0) } && !text.contains("=?")
    }

    /// The words to write for `text`: itself when plain, else encoded words separated by spaces (white space between
    /// adjacent encoded words is ignored by readers, so the text decodes exactly).
    static func encode(_ text: String) -> [String] {
        if isPlain(text) { return [text] }
        // 36 bytes make 48 base64 characters, a 60-character word: with a field name in front the first line still
        // fits in 78 characters (RFC 5322 2.1.1), and every word stays under the 75 of RFC 2047.
        let room = 36
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in text {
            let bytes = Array(String(character).utf8)
            if !chunk.isEmpty, chunk.count + bytes.count > room {
                words.append(prefix + Base64.encode(chunk) + suffix)
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty || words.isEmpty { words.append(prefix + Base64.encode(chunk) + suffix) }
        return words
    }
}
