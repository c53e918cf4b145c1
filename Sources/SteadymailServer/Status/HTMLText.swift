/// Escaping of text placed in HTML.
///
/// It exists so that every name, note and title the status page shows, all of them chosen by operators or taken from
/// configuration, is inert: `<script>` stays text and a quote cannot leave an attribute value.
public enum HTMLText {
    /// `text` with `&`, `<`, `>`, `"` and `'` replaced by character references; safe between tags and inside a
    /// quoted attribute value.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }
}
