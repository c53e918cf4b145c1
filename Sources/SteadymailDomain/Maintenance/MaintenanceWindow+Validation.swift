import Foundation

/// Why a maintenance window was refused, naming the field.
public struct MaintenanceWindowError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The field at fault: `relay`, `monitor`, `start`, `end`, `weekday`, `at`, `tz`, `duration` or `reason`.
    public var field: String
    public var reason: String

    public init(field: String, reason: String) {
        self.field = field
        self.reason = reason
    }

    public var description: String { "\(field): \(reason)" }
}

/// The rules a window must meet before it is stored, so that every stored window has occurrences that make sense.
extension MaintenanceWindow {
    /// The longest weekly window: shorter than the week, so that occurrences never overlap.
    public static let maximumWeeklyDuration: Duration = .seconds(7 * 86_400)
    public static let maximumReasonLength = 500

    public func validate() throws(MaintenanceWindowError) {
        switch target {
        case .relay(let name) where name.isEmpty: throw MaintenanceWindowError(field: "relay", reason: "is empty")
        case .monitor(let name) where name.isEmpty:
            throw MaintenanceWindowError(field: "monitor", reason: "is empty")
        default: break
        }
        let text = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw MaintenanceWindowError(field: "reason", reason: "is empty") }
        guard reason.count <= Self.maximumReasonLength, !reason.contains(where: \.isNewline) else {
            throw MaintenanceWindowError(
                field: "reason", reason: "must be one line of at most \(Self.maximumReasonLength) characters")
        }
        switch schedule {
        case .once(let start, let end):
            guard end > start else { throw MaintenanceWindowError(field: "end", reason: "must be after the start") }
        case .weekly(let weekday, let hour, let minute, let zone, let duration):
            guard (1...7).contains(weekday) else {
                throw MaintenanceWindowError(field: "weekday", reason: "must be 1 (Sunday) to 7 (Saturday)")
            }
            guard (0...23).contains(hour), (0...59).contains(minute) else {
                throw MaintenanceWindowError(field: "at", reason: "must be a time from 00:00 to 23:59")
            }
            guard TimeZone(identifier: zone) != nil else {
                throw MaintenanceWindowError(field: "tz", reason: "unknown time zone \(zone)")
            }
            guard duration > .zero, duration < Self.maximumWeeklyDuration else {
                throw MaintenanceWindowError(field: "duration", reason: "must be longer than 0 and shorter than 7 days")
            }
        }
    }
}
