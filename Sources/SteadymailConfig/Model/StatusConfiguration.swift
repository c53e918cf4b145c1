/// Settings of the public status page (`GET /status`, `GET /status.json`).
///
/// It exists so that the page's title and the cost of serving it to the public are set in the file like every other
/// setting, instead of being fixed in the code.
public struct StatusConfiguration: Sendable, Equatable {
    /// The page's heading and `<title>`; by default "<smtp.hostname> status".
    public var title: String
    /// One reading of relays, monitors and incidents is reused for this long, so that a busy public page costs the
    /// queue at most one reading per interval.
    public var cacheTTL: Duration

    public init(title: String, cacheTTL: Duration) {
        self.title = title
        self.cacheTTL = cacheTTL
    }
}
