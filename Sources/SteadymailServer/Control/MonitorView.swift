import Foundation
import SteadymailDomain

/// One monitor as `steadymail monitors --json` and `GET /v1/monitors` show it.
public struct MonitorView: Codable, Sendable, Equatable {
    public var name: String
    public var type: String
    public var relay: String?
    /// `configuration` or `runtime`.
    public var source: String
    /// `unknown` before the first verdict, then `up` or `down`.
    public var state: String
    /// When the current state began (RFC 3339).
    public var since: String?
    public var intervalSeconds: Double
    public var timeoutSeconds: Double
    public var failuresBeforeDown: Int
    public var consecutiveFailures: Int
    /// The newest result.
    public var last: ProbeResultView?
    /// The open incident of this monitor's outage.
    public var incident: Int64?

    public init(
        definition: MonitorDefinition, health: MonitorHealth, last: ProbeResult?, since: Date?, incident: Int64?
    ) {
        name = definition.name
        type = definition.kind.rawValue
        relay = definition.relay
        source = definition.source.rawValue
        state = health.status.rawValue
        self.since = since.map(InternetDate.rfc3339)
        intervalSeconds = definition.interval.timeInterval
        timeoutSeconds = definition.timeout.timeInterval
        failuresBeforeDown = definition.failuresBeforeDown
        consecutiveFailures = health.consecutiveFailures
        self.last = last.map(ProbeResultView.init)
        self.incident = incident
    }

    /// Every key is always present, null when unknown.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(type, forKey: .type)
        try container.encode(relay, forKey: .relay)
        try container.encode(source, forKey: .source)
        try container.encode(state, forKey: .state)
        try container.encode(since, forKey: .since)
        try container.encode(intervalSeconds, forKey: .intervalSeconds)
        try container.encode(timeoutSeconds, forKey: .timeoutSeconds)
        try container.encode(failuresBeforeDown, forKey: .failuresBeforeDown)
        try container.encode(consecutiveFailures, forKey: .consecutiveFailures)
        try container.encode(last, forKey: .last)
        try container.encode(incident, forKey: .incident)
    }

    enum CodingKeys: String, CodingKey {
        case name, type, relay, source, state, since, last, incident
        case intervalSeconds = "interval_seconds"
        case timeoutSeconds = "timeout_seconds"
        case failuresBeforeDown = "failures_before_down"
        case consecutiveFailures = "consecutive_failures"
    }
}

/// One probe result as the CLI and the API show it.
public struct ProbeResultView: Codable, Sendable, Equatable {
    public var verdict: String
    public var at: String
    public var latencyMilliseconds: Double?
    public var message: String
    public var value: Double?

    public init(_ result: ProbeResult) {
        verdict = result.verdict.rawValue
        at = InternetDate.rfc3339(result.at)
        latencyMilliseconds = result.latency.map { ($0.timeInterval * 1000).rounded() }
        message = result.message
        value = result.value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(verdict, forKey: .verdict)
        try container.encode(at, forKey: .at)
        try container.encode(latencyMilliseconds, forKey: .latencyMilliseconds)
        try container.encode(message, forKey: .message)
        try container.encode(value, forKey: .value)
    }

    enum CodingKeys: String, CodingKey {
        case verdict, at, message, value
        case latencyMilliseconds = "latency_ms"
    }
}
