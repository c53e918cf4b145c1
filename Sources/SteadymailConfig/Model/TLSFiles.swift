/// The PEM files that enable STARTTLS and the implicit-TLS listener.
///
/// It exists so that "TLS is configured" is one optional value: both files are present and readable, or there is none.
public struct TLSFiles: Sendable, Equatable {
    /// PEM certificate chain, leaf first.
    public var certificatePath: String
    /// PEM private key.
    public var privateKeyPath: String
}
