/// Decodes HTML character references (`&amp;`, `&#233;`, `&#xE9;`) for `HTMLToText`.
///
/// It exists so that the plain-text part reads `Tom & Jerry`, not `Tom &amp; Jerry`. It knows the named references
/// that mail actually uses; an unknown or broken one is kept as written.
enum HTMLEntities {
    static let named: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " ", "copy": "©", "reg": "®",
        "trade": "™", "hellip": "…", "mdash": "—", "ndash": "–", "lsquo": "‘", "rsquo": "’", "sbquo": "‚",
        "ldquo": "“", "rdquo": "”", "bdquo": "„", "laquo": "«", "raquo": "»", "euro": "€", "pound": "£", "yen": "¥",
        "cent": "¢", "sect": "§", "para": "¶", "middot": "·", "bull": "•", "times": "×", "divide": "÷",
        "deg": "°", "plusmn": "±", "micro": "µ", "shy": "", "zwnj": "", "zwj": "", "ensp": " ", "emsp": " ",
        "thinsp": " ", "auml": "ä", "ouml": "ö", "uuml": "ü", "Auml": "Ä", "Ouml": "Ö", "Uuml": "Ü", "szlig": "ß",
        "eacute": "é", "egrave": "è", "ecirc": "ê", "aacute": "á", "agrave": "à", "acirc": "â", "oacute": "ó",
        "iacute": "í", "uacute": "ú", "ccedil": "ç", "ntilde": "ñ", "Eacute": "É", "larr": "←", "rarr": "→",
        "uarr": "↑", "darr": "↓", "hearts": "♥", "check": "✓",
    ]

    /// Reads a reference starting at `start` (the `&`); returns its text and the index after it (after the `;`), or
    /// nil when there is no valid reference there.
    static func decode(_ scalars: [Unicode.Scalar], at start: Int) -> (String, Int)? {
        var index = start + 1
        let limit = min(scalars.count, start + 12)
        var name = ""
        while index < limit, scalars[index] != ";" {
            guard scalars[index].isASCII,
                scalars[index].properties.isAlphabetic || isDigit(scalars[index])
                    || scalars[index] == "#"
            else { return nil }
            name.unicodeScalars.append(scalars[index])
            index += 1
        }
        guard index < limit, scalars[index] == ";", !name.isEmpty else { return nil }
        if name.hasPrefix("#") { return numeric(name.dropFirst()).map { ($0, index + 1) } }
        return named[name].map { ($0, index + 1) }
    }

    /// `#233` or `#xE9`: the scalar, or U+FFFD for a number that is no scalar (a surrogate, zero, too large).
    private static func numeric(_ digits: Substring) -> String? {
        let value: UInt32?
        if digits.first == "x" || digits.first == "X" {
            value = UInt32(digits.dropFirst(), radix: 16)
        } else {
            value = UInt32(digits, radix: 10)
        }
        guard let value else { return nil }
        guard value != 0, let scalar = Unicode.Scalar(value) else { return "\u{FFFD}" }
        return String(Character(scalar))
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value >= 0x30 && scalar.value <= 0x39
    }
}
