/// The configured routes in order; the first matching route decides which relays a message may use.
///
/// It exists so the delivery worker asks one question per message and gets either a subset or "any relay".
public struct RouteTable: Sendable, Equatable {
    public var routes: [Route]

    public init(routes: [Route] = []) {
        self.routes = routes
    }

    /// The relays of the first route matching the message, or nil when no route matches (every relay may be used).
    public func relays(for priority: Priority, senderDomain: String, apiKey: String?) -> [String]? {
        routes.first { $0.matches(priority: priority, senderDomain: senderDomain, apiKey: apiKey) }?.relays
    }
}
