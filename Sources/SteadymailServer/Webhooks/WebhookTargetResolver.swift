import Foundation
import NIOCore
import SteadymailDomain

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Resolves a webhook target's host with the system resolver and vets every address it yields before anything is
/// dialled: the connection-time half of the SSRF guard.
///
/// It exists because checking a URL's text is not enough: a name can resolve to a private address (or change to one
/// between checks), and resolvers accept spellings such as `127.1` or `0x7f.0.0.1`. Steadymail therefore resolves the
/// name itself (`getaddrinfo`, off the event loops), refuses the target when any address is not allowed (a name that
/// answers with one public and one private address could be steered to the private one), and dials only the
/// addresses it vetted, so the connection goes where the check looked.
struct WebhookTargetResolver: Sendable {
    let policy: TargetAddressPolicy

    /// The vetted addresses of `host`, with `port`, in the resolver's order; throws `WebhookAttemptError.refused`
    /// when an address is not allowed and `.failed` when the name does not resolve within `limit`. A lookup still
    /// running at `limit` is left to finish on its own thread (`getaddrinfo` cannot be interrupted); its answer is
    /// ignored.
    func addresses(host: String, port: Int, within limit: Duration) async throws -> [SocketAddress] {
        let answer = OneAnswer<[SocketAddress]>()
        let timer = Task {
            try? await Task.sleep(for: limit)
            answer.give(.failure(WebhookAttemptError.failed("timed out resolving \(host)")))
        }
        defer { timer.cancel() }
        let resolved = try await withCheckedThrowingContinuation { continuation in
            answer.wait(continuation)
            DispatchQueue.global().async {
                answer.give(Result { try Self.resolve(host: host, port: port) })
            }
        }
        return try vet(resolved, host: host)
    }

    /// Checks every address; the first one refused refuses the target.
    func vet(_ addresses: [SocketAddress], host: String) throws -> [SocketAddress] {
        guard !addresses.isEmpty else { throw WebhookAttemptError.failed("\(host) has no address") }
        for address in addresses {
            guard let bytes = Self.bytes(of: address) else {
                throw WebhookAttemptError.refused("\(host) resolves to a non-IP address")
            }
            if let reason = policy.refusal(bytes) {
                let hint =
                    TargetAddressPolicy.isOpenedByAllowingPrivate(bytes)
                    ? "; webhooks.allow_private_targets is off" : ", never a webhook target"
                throw WebhookAttemptError.refused("\(host) resolves to \(address.ipAddress ?? "?"), \(reason)\(hint)")
            }
        }
        return addresses
    }

    /// The network-order bytes of an IP socket address.
    static func bytes(of address: SocketAddress) -> [UInt8]? {
        switch address {
        case .v4(let v4): withUnsafeBytes(of: v4.address.sin_addr) { Array($0) }
        case .v6(let v6): withUnsafeBytes(of: v6.address.sin6_addr) { Array($0) }
        case .unixDomainSocket: nil
        }
    }

    /// A blocking `getaddrinfo` for TCP.
    static func resolve(host: String, port: Int) throws -> [SocketAddress] {
        var hints = addrinfo()
        #if os(Linux)
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
            hints.ai_socktype = SOCK_STREAM
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            throw WebhookAttemptError.failed("cannot resolve \(host): \(String(cString: gai_strerror(status)))")
        }
        defer { freeaddrinfo(first) }
        var addresses: [SocketAddress] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let info = cursor {
            if let raw = info.pointee.ai_addr {
                switch NIOBSDSocket.AddressFamily(rawValue: info.pointee.ai_family) {
                case .inet:
                    addresses.append(SocketAddress(UnsafeRawPointer(raw).load(as: sockaddr_in.self), host: host))
                case .inet6:
                    addresses.append(SocketAddress(UnsafeRawPointer(raw).load(as: sockaddr_in6.self), host: host))
                default: break
                }
            }
            cursor = info.pointee.ai_next
        }
        return addresses
    }
}

/// Why one webhook request did not get an answer worth recording as a status.
enum WebhookAttemptError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The SSRF guard refused the target: nothing was dialled.
    case refused(String)
    /// Resolution, connection, TLS or the exchange failed, or the deadline passed.
    case failed(String)

    var description: String {
        switch self {
        case .refused(let text), .failed(let text): text
        }
    }
}
