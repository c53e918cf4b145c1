/// Reads `host:port` and `[ipv6]:port` into a ``ListenAddress``.
///
/// It exists so that a wrong listen address is reported with the exact problem (missing port, port out of range).
enum ListenAddressSyntax {
    /// The address, or a message explaining what is wrong.
    static func parse(_ text: String) -> Result<ListenAddress, ListenAddressProblem> {
        let host: Substring
        let portText: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":")
            else {
                return .failure(.init("\"\(text)\" is not host:port or [ipv6]:port"))
            }
            host = text[text.index(after: text.startIndex)..<close]
            portText = text[text.index(close, offsetBy: 2)...]
        } else {
            guard let colon = text.lastIndex(of: ":"), !text[..<colon].contains(":") else {
                return .failure(.init("\"\(text)\" is not host:port or [ipv6]:port"))
            }
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
        }
        guard !host.isEmpty, !host.contains(where: \.isWhitespace) else {
            return .failure(.init("\"\(text)\" has no host"))
        }
        guard !portText.isEmpty, portText.allSatisfy({ $0.isASCII && $0.isNumber }),
            let port = Int(portText)
        else {
            return .failure(.init("\"\(text)\" has no numeric port"))
        }
        guard (1...65535).contains(port) else {
            return .failure(.init("port \(port) is out of range 1-65535"))
        }
        return .success(ListenAddress(host: String(host), port: port))
    }
}

/// Why a listen address was refused.
///
/// It exists to carry the message out of ``ListenAddressSyntax/parse(_:)`` as a typed failure.
struct ListenAddressProblem: Error {
    let message: String

    init(_ message: String) {
        self.message = message
    }
}
