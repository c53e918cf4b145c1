/// The rules for a template's name.
///
/// It exists because a name is how templates refer to each other (`{{>footer}}`, `{{<layout}}`), how the CLI and the
/// API address them (`/v1/templates/{name}`), and so must be short and safe in a URL path and a Mustache tag.
public enum TemplateName {
    /// The longest name, in characters.
    public static let maximumLength = 64

    /// True for 1 to 64 characters, each a lowercase ASCII letter, a digit, `_` or `-`.
    public static func isValid(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= maximumLength
            && name.utf8.allSatisfy { byte in
                (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                    || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_")
                    || byte == UInt8(ascii: "-")
            }
    }
}
