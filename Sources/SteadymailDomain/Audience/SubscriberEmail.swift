/// The one spelling under which a subscriber's address is stored, looked up and suppressed.
///
/// It exists so that `Ada@Example.org`, ` ada@example.org ` and `<ada@EXAMPLE.org>` are one subscriber, not three:
/// the address is checked against the RFC 5321 grammar (`Mailbox`), then lowercased whole. Local parts are
/// case-sensitive in theory, but no mailbox provider in use treats them so, and two subscribers differing only in
/// case would be mailed twice.
public enum SubscriberEmail {
    /// The normalised address, or the grammar's error. An address literal domain (`[192.0.2.1]`) is refused: no
    /// subscriber list should hold one.
    public static func normalised(_ text: String) throws(AddressError) -> String {
        let mailbox = try Mailbox(parsing: text)
        guard !mailbox.isAddressLiteral else { throw .invalidDomain }
        return mailbox.description.lowercased()
    }
}
