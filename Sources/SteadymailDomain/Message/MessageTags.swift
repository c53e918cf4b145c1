/// The tags of a message, labels a submitter attaches (`X-Steadymail-Tag: newsletter, 2026-11`) so that an operator
/// can later hold, release or delete a whole campaign at once (`steadymail queue hold --tag newsletter`).
///
/// It exists so that every front door reads tags by the same forgiving rules: a tag that breaks them is dropped,
/// never a reason to refuse the message, because tags are an operator's convenience, not part of the mail.
public enum MessageTags {
    /// The most tags one message keeps; later ones are dropped.
    public static let maximumCount = 10
    /// The longest tag kept, in characters (all ASCII, so also in bytes).
    public static let maximumLength = 64

    /// The valid tags of the given header field values, in order: each value is a comma-separated list; every item is
    /// trimmed of surrounding white space and kept when it is valid (`isValid`) and not a case-insensitive repeat of an
    /// earlier tag, up to `maximumCount` tags. Spelling is kept; tags are compared without regard to case.
    public static func parse(_ fieldValues: [String]) -> [String] {
        var tags: [String] = []
        var seen: Set<String> = []
        for value in fieldValues {
            for item in value.split(separator: ",", omittingEmptySubsequences: false) {
                guard tags.count < maximumCount else { return tags }
                let tag = String(item).trimmingWhitespace()
                guard isValid(tag), seen.insert(tag.lowercased()).inserted else { continue }
                tags.append(tag)
            }
        }
        return tags
    }

    /// True for 1 to `maximumLength` printable ASCII characters (0x20 to 0x7E) other than the comma that separates
    /// tags, neither starting nor ending with a space.
    public static func isValid(_ tag: String) -> Bool {
        guard !tag.isEmpty, tag.utf8.count <= maximumLength, tag.first != " ", tag.last != " " else { return false }
        return tag.utf8.allSatisfy { $0 >= 0x20 && $0 <= 0x7E && $0 != UInt8(ascii: ",") }
    }
}
