/// What an API key may do. `send` submits mail, `read` traces it and reads queue and relay state, `admin` does both and
/// changes the queue, relays and webhooks.
///
/// It exists so that an application that only sends holds a key that cannot read other people's mail or pause a relay,
/// and so that every route states the one scope it needs.
public enum APIKeyScope: String, Sendable, Codable, CaseIterable {
    case send
    case read
    case admin

    /// Whether a key of this scope may use a route that requires `required`.
    public func permits(_ required: APIKeyScope) -> Bool {
        self == .admin || self == required
    }
}
