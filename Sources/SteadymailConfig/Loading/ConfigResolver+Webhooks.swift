/// Resolution of the `webhooks:` section.
extension ConfigResolver {
    func resolveWebhooks(_ raw: RawWebhooks?) throws(ConfigError) -> WebhooksConfiguration {
        let retryInitial = try duration(raw?.retryInitial, key: "webhooks.retry_initial", default: "10s")
        let retryMax = try duration(raw?.retryMax, key: "webhooks.retry_max", default: "1h")
        guard retryMax >= retryInitial else {
            throw fail("webhooks.retry_max", "must not be shorter than webhooks.retry_initial")
        }
        return WebhooksConfiguration(
            allowPrivateTargets: raw?.allowPrivateTargets ?? false,
            maxAge: try duration(raw?.maxAge, key: "webhooks.max_age", default: "3d"),
            retryInitial: retryInitial,
            retryMax: retryMax,
            timeout: try duration(raw?.timeout, key: "webhooks.timeout", default: "10s"),
            concurrency: try count(raw?.concurrency, key: "webhooks.concurrency", default: 4),
            maxRedirects: try count(raw?.maxRedirects, key: "webhooks.max_redirects", default: 3, minimum: 0),
            pollInterval: try duration(raw?.pollInterval, key: "webhooks.poll_interval", default: "1s"))
    }
}
