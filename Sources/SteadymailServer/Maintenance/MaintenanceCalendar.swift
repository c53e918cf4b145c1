import Foundation

/// What the monitors ask before acting on a result: is this monitor in a maintenance window now?
///
/// It exists so that `MonitorService` depends on a question, not on the maintenance service: a quiet monitor's results
/// are stored but open no incident, raise no alert and take no relay down.
protocol MaintenanceCalendar: Sendable {
    func isQuiet(monitor: String, relay: String?, at time: Date) async -> Bool
}
