import Foundation
import SteadymailDomain

/// A `disk` monitor: free bytes on the file system holding `data_dir`; value = free bytes, `down` under the
/// threshold.
///
/// It exists to warn before intake closes for lack of space (`smtp.min_free_disk`): the threshold is usually set
/// above that limit, so the operator hears about it while mail still flows.
struct DiskProbe: MonitorProbe {
    let dataDir: String
    /// Free bytes under which the check fails; nil only reports.
    let threshold: Double?

    func run(now: Date, deadline: Date) async -> ProbeResult {
        let run = ProbeRun(now: now, deadline: deadline)
        guard let (free, total) = DiskSpaceMonitor.space(dataDir) else {
            return run.down("cannot read the free space under \(dataDir)")
        }
        let value = Double(free)
        let message = "\(Self.bytes(value)) free of \(Self.bytes(Double(total))) under \(dataDir)"
        guard let threshold else { return run.up(message, value: value) }
        if value < threshold {
            return run.down("\(message), under \(Self.bytes(threshold))", measured: true, value: value)
        }
        return run.up(message, value: value)
    }

    /// "1.5 GiB".
    static func bytes(_ count: Double) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"]
        var amount = count
        var unit = 0
        while amount >= 1_024, unit < units.count - 1 {
            amount /= 1_024
            unit += 1
        }
        return unit == 0 ? "\(Int(amount)) B" : String(format: "%.1f", amount) + " " + units[unit]
    }
}
