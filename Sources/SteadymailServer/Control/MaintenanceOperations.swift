import Foundation
import SteadymailConfig
import SteadymailDomain
import SteadymailStorage

/// Adds, lists and removes maintenance windows and ranks candidate windows, for the control socket and the API alike.
///
/// It exists so that `steadymail maintenance` and `/v1/maintenance` parse, validate and show windows the same way; the
/// CLI's offline path lists and suggests from the database with the configuration file's relays.
public struct MaintenanceOperations: Sendable {
    let store: any QueueStore
    /// The `maintenance:` section in force and the relays with their `rate`.
    let settings: @Sendable () async -> (drainBefore: Duration, relays: [OffPeakPlanner.RelayCapacity])
    /// Tells the running maintenance service that the windows changed; nil offline.
    let changed: (@Sendable () async -> Void)?

    init(
        store: any QueueStore,
        settings: @escaping @Sendable () async -> (drainBefore: Duration, relays: [OffPeakPlanner.RelayCapacity]),
        changed: (@Sendable () async -> Void)?
    ) {
        self.store = store
        self.settings = settings
        self.changed = changed
    }

    /// Lists and suggests from a configuration, without a running server.
    public init(store: any QueueStore, configuration: SteadymailConfiguration) {
        let relays = configuration.relays.map { OffPeakPlanner.RelayCapacity(name: $0.name, ratePerSecond: $0.rate) }
        let drainBefore = configuration.maintenance.drainBefore
        self.init(store: store, settings: { (drainBefore, relays) }, changed: nil)
    }

    static let weekdays = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]
    static let maximumSuggestions = 336

    /// Validates and stores a window; refused with the field at fault.
    func add(_ request: MaintenanceRequest, now: Date) async throws -> MaintenanceWindowView {
        let (drainBefore, relays) = await settings()
        var window = try Self.window(request)
        if case .relay(let name) = window.target, !relays.contains(where: { $0.name == name }) {
            throw MaintenanceWindowError(field: "relay", reason: "no relay named \(name)")
        }
        try window.validate()
        window.id = try await store.addMaintenanceWindow(window)
        await changed?()
        return Self.view(window, drainBefore: drainBefore, now: now)
    }

    func list(now: Date) async throws -> [MaintenanceWindowView] {
        let drainBefore = await settings().drainBefore
        return try await store.maintenanceWindows().map { Self.view($0, drainBefore: drainBefore, now: now) }
    }

    /// False when no window has that id.
    func remove(id: Int64) async throws -> Bool {
        let removed = try await store.removeMaintenanceWindow(id: id)
        if removed { await changed?() }
        return removed
    }

    /// The planner's ranking from the last 28 days of traffic and the campaigns scheduled or running.
    func suggest(duration text: String?, relay: String?, limit: Int?, now: Date) async throws
        -> [MaintenanceCandidateView]
    {
        guard let text, let duration = DurationSyntax.parse(text), duration > .zero,
            duration < MaintenanceWindow.maximumWeeklyDuration
        else {
            throw MaintenanceWindowError(field: "duration", reason: "must be a duration such as 2h, under 7 days")
        }
        let limit = limit ?? 10
        guard (1...Self.maximumSuggestions).contains(limit) else {
            throw MaintenanceWindowError(field: "limit", reason: "must be from 1 to \(Self.maximumSuggestions)")
        }
        let relays = await settings().relays
        if let relay, !relays.contains(where: { $0.name == relay }) {
            throw MaintenanceWindowError(field: "relay", reason: "no relay named \(relay)")
        }
        let weeks = Double(OffPeakPlanner.historyWeeks) * 7 * 86_400
        let history = try await store.hourlyVolume(from: now.addingTimeInterval(-weeks), to: now)
        let campaigns = try await PlannedCampaignVolume(store: store).forecast(
            now: now, horizon: OffPeakPlanner.horizon)
        let planner = OffPeakPlanner(
            history: Dictionary(history.map { ($0.hourStart, $0.messages) }, uniquingKeysWith: +), scheduled: campaigns,
            now: now)
        return planner.suggest(duration: duration, relay: relay, relays: relays, now: now, limit: limit).map {
            MaintenanceCandidateView(
                start: InternetDate.rfc3339($0.start), end: InternetDate.rfc3339($0.end),
                expectedVolume: ($0.expectedVolume * 100).rounded() / 100,
                peakHourlyVolume: ($0.peakHourlyVolume * 100).rounded() / 100,
                remainingCapacityPerHour: $0.remainingCapacityPerHour, othersCanCarry: $0.othersCanCarry)
        }
    }

    /// The window a request describes, before validation.
    static func window(_ request: MaintenanceRequest) throws(MaintenanceWindowError) -> MaintenanceWindow {
        let targets = [request.relay != nil, request.monitor != nil, request.node == true].filter { $0 }.count
        guard targets == 1 else {
            throw MaintenanceWindowError(field: "target", reason: "give exactly one of relay, monitor or node")
        }
        let target: MaintenanceWindow.Target =
            if let relay = request.relay { .relay(relay) } else if let monitor = request.monitor {
                .monitor(monitor)
            } else { .node }
        let reason = request.reason ?? ""
        let once = request.start != nil || request.end != nil
        let weekly = request.weekly != nil || request.at != nil || request.tz != nil || request.duration != nil
        guard once != weekly else {
            throw MaintenanceWindowError(
                field: "schedule", reason: "give either start and end, or weekly, at, tz and duration")
        }
        if once {
            guard let start = request.start.flatMap(InternetDate.parseRFC3339) else {
                throw MaintenanceWindowError(field: "start", reason: "must be an RFC 3339 time")
            }
            guard let end = request.end.flatMap(InternetDate.parseRFC3339) else {
                throw MaintenanceWindowError(field: "end", reason: "must be an RFC 3339 time")
            }
            return MaintenanceWindow(target: target, schedule: .once(start: start, end: end), reason: reason)
        }
        guard let day = request.weekly?.lowercased().prefix(3), let index = weekdays.firstIndex(of: String(day)) else {
            throw MaintenanceWindowError(
                field: "weekly", reason: "must be a weekday: sun, mon, tue, wed, thu, fri or sat")
        }
        let clock = (request.at ?? "").split(separator: ":", omittingEmptySubsequences: false)
        guard clock.count == 2, clock.allSatisfy({ $0.count == 2 }), let hour = Int(clock[0]),
            let minute = Int(clock[1])
        else { throw MaintenanceWindowError(field: "at", reason: "must be a local time HH:MM") }
        guard let zone = request.tz else { throw MaintenanceWindowError(field: "tz", reason: "is missing") }
        guard let duration = request.duration.flatMap(DurationSyntax.parse) else {
            throw MaintenanceWindowError(field: "duration", reason: "must be a duration such as 2h")
        }
        return MaintenanceWindow(
            target: target,
            schedule: .weekly(weekday: index + 1, hour: hour, minute: minute, timeZone: zone, duration: duration),
            reason: reason)
    }

    static func view(_ window: MaintenanceWindow, drainBefore: Duration, now: Date) -> MaintenanceWindowView {
        let next = window.nextOccurrence(after: now)
        let draining =
            if case .relay(let name) = window.target {
                MaintenanceTimetable(windows: [window], drainBefore: drainBefore).drainedRelays(at: now).contains(name)
            } else { false }
        var view = MaintenanceWindowView(
            id: window.id ?? 0, target: "node", name: nil, schedule: "once", reason: window.reason,
            nextStart: next.map { InternetDate.rfc3339($0.start) }, nextEnd: next.map { InternetDate.rfc3339($0.end) },
            active: window.occurrence(at: now) != nil, draining: draining)
        switch window.target {
        case .relay(let name): (view.target, view.name) = ("relay", name)
        case .monitor(let name): (view.target, view.name) = ("monitor", name)
        case .node: break
        }
        switch window.schedule {
        case .once(let start, let end):
            (view.start, view.end) = (InternetDate.rfc3339(start), InternetDate.rfc3339(end))
        case .weekly(let weekday, let hour, let minute, let zone, let duration):
            view.schedule = "weekly"
            view.weekday = (1...7).contains(weekday) ? weekdays[weekday - 1] : String(weekday)
            view.at = String(format: "%02d:%02d", hour, minute)
            view.timeZone = zone
            view.durationSeconds = Double(duration.components.seconds)
        }
        return view
    }
}
