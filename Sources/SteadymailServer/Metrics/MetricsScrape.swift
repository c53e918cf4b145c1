import Foundation

/// One answer of `GET /metrics`: read the gauges' sources, set the gauges, render the registry.
///
/// It exists so that the route is one call, and so that a scrape is tested end to end (sources to text) without HTTP.
struct MetricsScrape: Sendable {
    let export: PrometheusExport
    let metrics: SteadymailMetrics
    let sources: MetricsSources

    func render(now: Date) async throws -> [UInt8] {
        metrics.refresh(try await sources.snapshot(now: now))
        return export.render()
    }
}
