/// The argument of MAIL or RCPT split into the path (`<...>`, brackets kept) and its parameters.
///
/// `FROM:` / `TO:` is matched case-insensitively; spaces after the colon are tolerated (a common client habit).
/// The path ends at the first `>` outside a quoted string, so `"a>b"@example.com` stays one path.
struct SMTPPathArgument {
    var path: String
    var parameters: [Substring]

    init?(_ argument: String, keyword: String) {
        guard argument.asciiUppercased.utf8.starts(with: keyword.utf8) else { return nil }
        let rest = argument.utf8.dropFirst(keyword.utf8.count).drop { $0 == UInt8(ascii: " ") }
        guard rest.first == UInt8(ascii: "<") else { return nil }
        var inQuotes = false
        var escaped = false
        var end: String.UTF8View.Index?
        for index in rest.indices {
            let byte = rest[index]
            if escaped {
                escaped = false
            } else if inQuotes && byte == UInt8(ascii: "\\") {
                escaped = true
            } else if byte == UInt8(ascii: "\"") {
                inQuotes.toggle()
            } else if !inQuotes && byte == UInt8(ascii: ">") {
                end = index
                break
            }
        }
        guard let end else { return nil }
        let afterPath = argument.utf8.index(after: end)
        let remainder = Substring(argument[afterPath...])
        guard remainder.isEmpty || remainder.first == " " else { return nil }
        path = String(argument[rest.startIndex..<afterPath])
        parameters = remainder.split(separator: " ")
    }
}
