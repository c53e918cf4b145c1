import Foundation

/// The times providers write into their events, read leniently.
///
/// It exists because each provider spells time its own way (ISO 8601 with 3 or 7 fractional digits, Unix seconds as
/// an integer, a string or a fraction); a time that does not parse falls back to the time of receipt, since the
/// event itself is still worth recording.
public enum ProviderTime {
    /// An ISO 8601 UTC or offset time such as `2019-11-05T16:33:54.9070259Z`; fractional seconds are kept to the
    /// millisecond.
    public static func iso8601(_ text: String?) -> Date? {
        guard let text, let dot = text.firstIndex(of: ".") else {
            return text.flatMap { ISO8601DateFormatter().date(from: $0) }
        }
        let afterDot = text.index(after: dot)
        let digitsEnd = text[afterDot...].firstIndex(where: { !$0.isNumber }) ?? text.endIndex
        let fraction = Double("0." + text[afterDot..<digitsEnd]) ?? 0
        guard let whole = ISO8601DateFormatter().date(from: String(text[..<dot] + text[digitsEnd...])) else {
            return nil
        }
        return Date(timeIntervalSince1970: whole.timeIntervalSince1970 + (fraction * 1000).rounded() / 1000)
    }

    /// Unix seconds given as a JSON number or a string of digits (a fraction allowed).
    public static func unix(_ value: Any?) -> Date? {
        ProviderJSON.number(value).map { Date(timeIntervalSince1970: $0) }
    }
}
