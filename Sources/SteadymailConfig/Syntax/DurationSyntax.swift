import Foundation

/// Reads durations written as `250ms`, `30s`, `5m`, `4h`, `2d`, or a bare number of seconds.
///
/// It exists so that every timeout in the file is written the same way and turned into a `Duration` in one place.
public enum DurationSyntax {
    private static let units: [(suffix: String, milliseconds: Int64)] = [
        ("ms", 1), ("s", 1_000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000),
    ]

    /// The duration, or nil when the text is not a non-negative whole number with an optional unit.
    public static func parse(_ text: String) -> Duration? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let digits = trimmed.prefix(while: { $0.isASCII && $0.isNumber })
        let unit = String(trimmed.dropFirst(digits.count)).trimmingCharacters(in: .whitespaces)
        guard !digits.isEmpty, let amount = Int64(digits) else { return nil }
        let scale: Int64
        if unit.isEmpty {
            scale = 1_000
        } else if let match = units.first(where: { $0.suffix == unit }) {
            scale = match.milliseconds
        } else {
            return nil
        }
        let (milliseconds, overflow) = amount.multipliedReportingOverflow(by: scale)
        return overflow ? nil : .milliseconds(milliseconds)
    }
}
