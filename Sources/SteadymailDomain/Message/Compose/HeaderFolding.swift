/// Writes one header field as lines of at most 78 characters where white space allows, never more than 998.
///
/// It exists because RFC 5322 2.1.1 limits lines to 998 octets (and asks for 78): a long subject or a long list of
/// recipients is folded at the spaces between its words, with CRLF followed by a space.
enum HeaderFolding {
    static let preferredLength = 78
    static let maximumLength = 998

    /// `name: word word ...` folded; each word stays whole. Throws when one word cannot fit in a line.
    static func fold(name: String, words: [String]) throws(CompositionError) -> String {
        var lines: [String] = []
        var line = name + ":"
        for word in words where !word.isEmpty {
            if line.utf8.count + 1 + word.utf8.count > preferredLength, line != name + ":" {
                lines.append(line)
                line = ""
            }
            line += " " + word
            guard line.utf8.count <= maximumLength else { throw .headerTooLong(name: name) }
        }
        lines.append(line)
        return lines.joined(separator: "\r\n")
    }

    /// Splits free text at spaces into the words `fold` keeps whole.
    static func words(_ text: String) -> [String] {
        text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
    }
}
