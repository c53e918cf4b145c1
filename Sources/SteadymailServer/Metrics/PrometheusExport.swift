import Metrics
import Prometheus

/// The Prometheus side of Steadymail's metrics: the collector registry that `GET /metrics` renders, and the
/// swift-metrics factory that writes into it (with the delivery latency histogram's buckets).
///
/// It exists so that `steadymail serve` makes one registry, makes it swift-metrics' backend for the process (so that
/// metrics of libraries land in the same scrape) and hands the same factory to `SteadymailMetrics`, while unit tests
/// make an export of their own and never touch the process-wide `MetricsSystem`, which accepts one bootstrap per
/// process.
public struct PrometheusExport: Sendable {
    let registry: PrometheusCollectorRegistry
    let factory: PrometheusMetricsFactory

    public init() {
        registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets[SteadymailMetrics.Name.latency] = SteadymailMetrics.latencyBuckets
        self.factory = factory
    }

    /// Makes this export the backend of swift-metrics for the whole process. Call it once, from `steadymail serve`.
    public func bootstrapMetricsSystem() {
        MetricsSystem.bootstrap(factory)
    }

    /// The metrics Steadymail records, written into this export's registry.
    public func makeMetrics() -> SteadymailMetrics {
        SteadymailMetrics(factory: factory)
    }

    /// Every registered series in the Prometheus text exposition format 0.0.4.
    func render() -> [UInt8] {
        registry.emitToBuffer()
    }
}
