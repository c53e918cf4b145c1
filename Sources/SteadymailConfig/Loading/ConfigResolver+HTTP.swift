import Foundation

/// The `http:` section: the API listener, its request size limit, the per-key rate limit and idempotency.
extension ConfigResolver {
    func resolveHTTP(_ raw: RawHTTP?) throws(ConfigError) -> HTTPConfiguration {
        let rateLimit = raw?.rateLimit ?? 1000
        guard rateLimit > 0, rateLimit.isFinite else {
            throw fail("http.rate_limit", "must be a number of messages per second greater than zero")
        }
        let listen = try listen(raw?.listen, key: "http.listen", default: "127.0.0.1:8025")
        let publicListen = try optionalListen(raw?.publicListen, key: "http.public_listen")
        if let publicListen, publicListen == listen {
            throw fail("http.public_listen", "must differ from http.listen (the admin API)")
        }
        return HTTPConfiguration(
            listen: listen,
            idleTimeout: try duration(raw?.idleTimeout, key: "http.idle_timeout", default: "60s"),
            readyProbeInterval: try duration(
                raw?.readyProbeInterval, key: "http.ready_probe_interval", default: "1s"),
            maxRequestSize: try size(raw?.maxRequestSize, key: "http.max_request_size", default: "64MiB"),
            rateLimit: rateLimit,
            rateBurst: try count(raw?.rateBurst, key: "http.rate_burst", default: 2000),
            idempotencyTTL: try duration(raw?.idempotencyTTL, key: "http.idempotency_ttl", default: "24h"),
            publicListen: publicListen,
            publicURL: try publicURL(raw?.publicURL, publicListen: publicListen),
            linkKeyFile: nonEmpty(raw?.linkKeyFile))
    }

    /// `http.public_url` checked (http or https, a host, no query or fragment) without its trailing slash, or the
    /// public listener's address when it is unset.
    private func publicURL(_ text: String?, publicListen: ListenAddress?) throws(ConfigError) -> String? {
        guard let text = nonEmpty(text) else {
            return publicListen.map { "http://\($0.host.contains(":") ? "[\($0.host)]" : $0.host):\($0.port)" }
        }
        guard let url = URLComponents(string: text), let scheme = url.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = url.host, !host.isEmpty, url.query == nil,
            url.fragment == nil, url.user == nil
        else {
            throw fail("http.public_url", "\"\(text)\" is not an http or https URL such as https://news.example.org")
        }
        var base = text
        while base.hasSuffix("/") { base.removeLast() }
        return base
    }
}
