import Foundation

/// Reads sizes written as `512KiB`, `25MiB`, `1GiB`, `10MB` (decimal), or a bare number of bytes.
///
/// It exists so that every size limit in the file is written the same way and turned into a byte count in one place.
enum ByteSizeSyntax {
    private static let units: [String: Int] = [
        "B": 1,
        "KB": 1_000, "MB": 1_000_000, "GB": 1_000_000_000, "TB": 1_000_000_000_000,
        "KiB": 1 << 10, "MiB": 1 << 20, "GiB": 1 << 30, "TiB": 1 << 40,
    ]

    /// The byte count, or nil when the text is not a non-negative whole number with an optional unit.
    static func parse(_ text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let digits = trimmed.prefix(while: { $0.isASCII && $0.isNumber })
        let unit = String(trimmed.dropFirst(digits.count)).trimmingCharacters(in: .whitespaces)
        guard !digits.isEmpty, let amount = Int(digits), let scale = unit.isEmpty ? 1 : units[unit]
        else { return nil }
        let (bytes, overflow) = amount.multipliedReportingOverflow(by: scale)
        return overflow ? nil : bytes
    }
}
