import Foundation

/// When a campaign's messages are expected to leave, hour by hour, for the off-peak planner.
///
/// It exists so that `steadymail maintenance suggest` does not propose a window in the hour a scheduled campaign
/// starts: a campaign of `count` recipients starting at `start` sends at its throttle (`perMinute`), or all within its
/// first hour when unthrottled. The estimate ignores send windows and segments (it counts every confirmed subscriber
/// of the campaign's lists), so it errs towards more traffic, which is the safe side for planning maintenance.
public enum CampaignVolumeForecast {
    /// The expected messages per hour, as (hour's start or `start` itself for the first, count); empty for no
    /// recipients. At most `horizon` after `start` is forecast.
    public static func hourly(start: Date, count: Int, perMinute: Int?, horizon: TimeInterval) -> [(
        at: Date, count: Int
    )] {
        guard count > 0 else { return [] }
        guard let perMinute, perMinute > 0 else { return [(start, count)] }
        let perHour = perMinute * 60
        var forecast: [(at: Date, count: Int)] = []
        var remaining = count
        var at = start
        while remaining > 0, at.timeIntervalSince(start) < horizon {
            let sent = min(perHour, remaining)
            forecast.append((at, sent))
            remaining -= sent
            at = at.addingTimeInterval(3600)
        }
        return forecast
    }
}
