/// What a configuration reload did, as `steadymail reload` prints it.
///
/// It exists so that the operator sees which changes took effect and which wait for a restart, and, when the new
/// file was refused, why (the running configuration then stays in force).
public struct ReloadOutcome: Codable, Sendable, Equatable {
    /// The configuration keys whose new values took effect.
    public var applied: [String]
    /// The configuration keys whose new values wait for a restart.
    public var restartNeeded: [String]
    /// Why the new configuration was refused; nil when it was applied.
    public var error: String?

    public init(applied: [String] = [], restartNeeded: [String] = [], error: String? = nil) {
        self.applied = applied
        self.restartNeeded = restartNeeded
        self.error = error
    }

    enum CodingKeys: String, CodingKey {
        case applied, error
        case restartNeeded = "restart_needed"
    }
}
