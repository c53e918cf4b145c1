/// Splits a segment expression into tokens.
///
/// It exists so that quoting (`'O''Brien'`), numbers and two-character operators are read in one place, and so that
/// an unterminated string or a stray character is reported with its column before any parsing starts.
enum SegmentLexer {
    static func tokens(_ text: String) throws(SegmentError) -> [SegmentToken] {
        let characters = Array(text)
        var tokens: [SegmentToken] = []
        var index = 0
        while index < characters.count {
            let character = characters[index]
            let column = index + 1
            if character.isWhitespace {
                index += 1
            } else if character == "'" {
                let (value, next) = try readText(characters, from: index)
                tokens.append(SegmentToken(kind: .text(value), column: column))
                index = next
            } else if isDigit(character)
                || (character == "-" && index + 1 < characters.count
                    && isDigit(characters[index + 1]))
            {
                var end = index + 1
                while end < characters.count, isDigit(characters[end]) || characters[end] == "." { end += 1 }
                tokens.append(SegmentToken(kind: .number(String(characters[index..<end])), column: column))
                index = end
            } else if isWordStart(character) {
                var end = index + 1
                while end < characters.count, isWordPart(characters[end]) { end += 1 }
                tokens.append(SegmentToken(kind: .word(String(characters[index..<end])), column: column))
                index = end
            } else if let symbol = symbol(characters, at: index) {
                tokens.append(SegmentToken(kind: .symbol(symbol), column: column))
                index += symbol.count
            } else {
                throw SegmentError(.unexpectedCharacter(character), column: column)
            }
        }
        tokens.append(SegmentToken(kind: .end, column: characters.count + 1))
        return tokens
    }

    /// Reads a single-quoted string starting at `start`; `''` stands for one quote. Returns the value and the index
    /// after the closing quote.
    private static func readText(_ characters: [Character], from start: Int) throws(SegmentError) -> (String, Int) {
        var value = ""
        var index = start + 1
        while index < characters.count {
            if characters[index] == "'" {
                guard index + 1 < characters.count, characters[index + 1] == "'" else { return (value, index + 1) }
                value.append("'")
                index += 2
            } else {
                value.append(characters[index])
                index += 1
            }
        }
        throw SegmentError(.unterminatedString, column: start + 1)
    }

    private static func symbol(_ characters: [Character], at index: Int) -> String? {
        let next = index + 1 < characters.count ? characters[index + 1] : nil
        switch characters[index] {
        case "(", ")", ",", "=": return String(characters[index])
        case "!": return next == "=" ? "!=" : nil
        case "<":
            if next == "=" { return "<=" }
            return next == ">" ? "<>" : "<"
        case ">": return next == "=" ? ">=" : ">"
        default: return nil
        }
    }

    private static func isDigit(_ character: Character) -> Bool {
        character.isASCII && character.isNumber
    }

    private static func isWordStart(_ character: Character) -> Bool {
        character.isASCII && (character.isLetter || character == "_")
    }

    /// Letters, digits, `_`, and the `.` and `-` that attribute paths may hold (`attributes.opt-in.date`).
    private static func isWordPart(_ character: Character) -> Bool {
        character.isASCII
            && (character.isLetter || character.isNumber || character == "_" || character == "."
                || character == "-")
    }
}
