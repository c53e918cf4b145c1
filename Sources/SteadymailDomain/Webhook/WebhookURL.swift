import Foundation

/// A webhook target, checked and taken apart: the URL Steadymail POSTs events to, or a redirect's `Location`.
///
/// It exists so that every URL Steadymail will dial, when a webhook is created and again on every redirect, passes one
/// set of rules: `http` or `https` only, no user information, a host that is a DNS name or an IP literal in canonical
/// form, and a port. Numeric spellings that resolvers read as addresses (`127.1`, `0177.0.0.1`, `0x7f.0.0.1`,
/// `2130706433`) are refused as malformed: a name whose last label is numeric is no DNS name. Whatever passes here is
/// still resolved and its addresses vetted at every connection (`TargetAddressPolicy`).
public struct WebhookURL: Sendable, Equatable, CustomStringConvertible {
    public enum Scheme: String, Sendable {
        case http, https

        var defaultPort: Int { self == .http ? 80 : 443 }
    }

    public let scheme: Scheme
    /// The host name in lower case (a trailing dot kept), or an IP address without brackets.
    public let host: String
    public let port: Int
    /// The path and query as sent in the request line; `/` when the URL has none. A fragment is never sent.
    public let target: String
    /// The address bytes when the host is an IP literal (4 or 16 bytes); nil for a name.
    public let literalAddress: [UInt8]?
    /// The URL as given.
    public let text: String

    /// The longest URL accepted.
    public static let maximumLength = 2048

    /// Checks `text` and takes it apart; the error says what is wrong.
    public static func parse(_ text: String) -> Result<WebhookURL, WebhookURLError> {
        guard text.count <= maximumLength else { return .failure(.init("is longer than \(maximumLength) characters")) }
        guard !text.unicodeScalars.contains(where: { $0.value <= 32 || $0.value >= 127 }) else {
            return .failure(.init("contains spaces, control or non-ASCII characters"))
        }
        guard let components = URLComponents(string: text), let schemeText = components.scheme else {
            return .failure(.init("is not an absolute URL"))
        }
        guard let scheme = Scheme(rawValue: schemeText.lowercased()) else {
            return .failure(.init("must use http or https, not \(schemeText)"))
        }
        guard components.percentEncodedUser == nil, components.percentEncodedPassword == nil else {
            return .failure(.init("must not contain a user name or password"))
        }
        guard let rawHost = components.percentEncodedHost, !rawHost.isEmpty else {
            return .failure(.init("has no host"))
        }
        let host: String
        let literal: [UInt8]?
        switch checkHost(rawHost) {
        case .success(let checked): (host, literal) = checked
        case .failure(let error): return .failure(error)
        }
        let port = components.port ?? scheme.defaultPort
        guard (1...65535).contains(port) else { return .failure(.init("port \(port) is out of range 1-65535")) }
        var target = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
        if let query = components.percentEncodedQuery { target += "?\(query)" }
        guard target.hasPrefix("/") else { return .failure(.init("has no absolute path")) }
        return .success(
            WebhookURL(scheme: scheme, host: host, port: port, target: target, literalAddress: literal, text: text))
    }

    /// The URL a redirect's `Location` names, resolved against this one (it may be relative).
    public func resolving(_ location: String) -> Result<WebhookURL, WebhookURLError> {
        guard let base = URL(string: text), let resolved = URL(string: location, relativeTo: base) else {
            return .failure(.init("redirect location \"\(location)\" is not a URL"))
        }
        return Self.parse(resolved.absoluteString)
    }

    /// The `Host` header: the host (bracketed when IPv6) and the port unless it is the scheme's default.
    public var hostHeader: String {
        let name = host.contains(":") ? "[\(host)]" : host
        return port == scheme.defaultPort ? name : "\(name):\(port)"
    }

    public var description: String { text }

    /// A DNS name of letters, digits, hyphens and dots, or an IP literal; returns the host to dial and its bytes.
    private static func checkHost(_ raw: String) -> Result<(String, [UInt8]?), WebhookURLError> {
        if raw.hasPrefix("[") || raw.contains(":") {
            let inner = raw.hasPrefix("[") && raw.hasSuffix("]") ? String(raw.dropFirst().dropLast()) : raw
            guard !inner.contains("%"), inner.contains(":"), let bytes = IPAddressBytes.parse(inner) else {
                return .failure(.init("host \(raw) is not a valid IPv6 address"))
            }
            return .success((inner.lowercased(), bytes))
        }
        let name = raw.lowercased()
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789-.")
        guard name.count <= 254, name.allSatisfy({ allowed.contains($0) }) else {
            return .failure(.init("host \(raw) is not a valid host name"))
        }
        let labels = (name.hasSuffix(".") ? String(name.dropLast()) : name).split(
            separator: ".", omittingEmptySubsequences: false)
        guard labels.allSatisfy({ (1...63).contains($0.count) && !$0.hasPrefix("-") && !$0.hasSuffix("-") }) else {
            return .failure(.init("host \(raw) is not a valid host name"))
        }
        let last = labels.last ?? ""
        if last.allSatisfy(\.isNumber) || last.hasPrefix("0x") {
            guard let bytes = IPAddressBytes.parse(name), bytes.count == 4 else {
                return .failure(.init("host \(raw) is a numeric host but not a dotted-quad IPv4 address"))
            }
            return .success((name, bytes))
        }
        return .success((name, nil))
    }
}

/// Why a webhook URL was refused; the text completes "url ...".
public struct WebhookURLError: Error, Sendable, Equatable, CustomStringConvertible {
    public let reason: String

    public init(_ reason: String) {
        self.reason = reason
    }

    public var description: String { reason }
}
