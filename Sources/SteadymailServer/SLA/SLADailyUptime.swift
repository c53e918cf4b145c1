import Foundation
import SteadymailDomain

/// The status page's daily uptime bars, measured exactly as the SLA report measures availability.
///
/// It exists so that the public page and `steadymail sla` never disagree: the same slots (`SLAHistory`: single results,
/// then minute and hour rollups, the worst monitor deciding), the same maintenance set apart (`UptimeDay.bars`).
struct SLADailyUptime: StatusUptimeSource {
    let history: SLAHistory

    func dailyUptime(relay: String?, monitors: [String], days: [Date], now: Date) async throws -> [StatusUptimeBar] {
        guard let first = days.first, first < now else { return [] }
        let (slots, maintenance) = try await history.relay(
            relay, monitors: monitors, range: DateInterval(start: first, end: now))
        return UptimeDay.bars(slots, days: days.count, now: now, maintenance: maintenance).map { day in
            // The share is of the day up to now for today, of the whole day before.
            let measured = min(day.start.addingTimeInterval(86_400), now).timeIntervalSince(day.start)
            return StatusUptimeBar(
                date: StatusDays.label(day.start),
                uptimePercent: day.uptimePercent.map { ($0 * 100).rounded() / 100 },
                maintenanceMinutes: Int((day.maintenanceShare * max(measured, 0) / 60).rounded()))
        }
    }
}
