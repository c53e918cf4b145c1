/// Resolution of the `status:` section.
extension ConfigResolver {
    /// The longest title accepted: a heading, not a paragraph.
    static let maxStatusTitleLength = 200

    func resolveStatus(_ raw: RawStatus?, hostname: String) throws(ConfigError) -> StatusConfiguration {
        let title = nonEmpty(raw?.title) ?? "\(hostname) status"
        guard title.count <= Self.maxStatusTitleLength else {
            throw fail("status.title", "must be at most \(Self.maxStatusTitleLength) characters")
        }
        guard !title.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw fail("status.title", "must not contain control characters")
        }
        return StatusConfiguration(
            title: title, cacheTTL: try duration(raw?.cacheTTL, key: "status.cache_ttl", default: "10s"))
    }
}
