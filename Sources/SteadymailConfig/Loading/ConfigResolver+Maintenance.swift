/// Resolution of the `maintenance:` section.
extension ConfigResolver {
    func resolveMaintenance(_ raw: RawMaintenance?) throws(ConfigError) -> MaintenanceConfiguration {
        let drainBefore = try duration(raw?.drainBefore, key: "maintenance.drain_before", default: "5m")
        guard drainBefore <= .seconds(86_400) else { throw fail("maintenance.drain_before", "must be at most 1d") }
        let checkInterval = try duration(raw?.checkInterval, key: "maintenance.check_interval", default: "5s")
        guard checkInterval <= .seconds(600) else { throw fail("maintenance.check_interval", "must be at most 10m") }
        return MaintenanceConfiguration(drainBefore: drainBefore, checkInterval: checkInterval)
    }
}
