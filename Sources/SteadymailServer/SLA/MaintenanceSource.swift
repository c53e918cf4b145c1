import Foundation
import SteadymailDomain

/// Where the SLA service learns which time was declared maintenance, to set it apart from downtime.
///
/// It exists so that uptime and error budgets do not depend on how maintenance windows are stored or expanded: the
/// node wires in an implementation over its maintenance windows; without one there is no maintenance.
public protocol MaintenanceSource: Sendable {
    /// The occurrences of windows on `target` (only that target: the caller also asks for `.node`) overlapping
    /// `range`.
    func intervals(for target: MaintenanceWindow.Target, overlapping range: DateInterval) async -> [DateInterval]
}

/// No maintenance is ever declared.
public struct NoMaintenance: MaintenanceSource {
    public init() {}

    public func intervals(for target: MaintenanceWindow.Target, overlapping range: DateInterval) async
        -> [DateInterval]
    { [] }
}
