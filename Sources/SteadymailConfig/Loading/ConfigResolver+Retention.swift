/// Resolution of the `retention:` section.
extension ConfigResolver {
    func resolveRetention(_ raw: RawRetention?) throws(ConfigError) -> RetentionConfiguration {
        RetentionConfiguration(
            bodies: try duration(raw?.bodies, key: "retention.bodies", default: "7d"),
            events: try duration(raw?.events, key: "retention.events", default: "90d"),
            interval: try duration(raw?.interval, key: "retention.interval", default: "1m"),
            batch: try count(raw?.batch, key: "retention.batch", default: 500),
            vacuumPages: try count(raw?.vacuumPages, key: "retention.vacuum_pages", default: 1000)
        )
    }
}
