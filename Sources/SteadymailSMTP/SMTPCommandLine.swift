/// A command line split into its verb (uppercased) and argument (trailing spaces removed).
struct SMTPCommandLine {
    var verb: String
    var argument: String

    init(_ text: Substring) {
        var text = text
        while text.last == " " { text = text.dropLast() }
        if let space = text.firstIndex(of: " ") {
            verb = text[..<space].asciiUppercased
            argument = String(text[text.index(after: space)...])
        } else {
            verb = text.asciiUppercased
            argument = ""
        }
    }
}
