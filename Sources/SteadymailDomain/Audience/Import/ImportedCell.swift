/// The JSON value a CSV cell of an attribute column becomes.
///
/// It exists so that segments can compare imported numbers as numbers (`attributes.age >= 18`) without turning
/// identifiers into numbers by accident: only a canonical decimal (no leading zero, no plus sign, no exponent, at most
/// 15 digits so that a double holds it exactly) becomes a number, and only `true` and `false` become booleans. A zip
/// code `01234`, a phone number `+4930…` or a 20-digit customer number stay strings.
public enum ImportedCell {
    public static func value(_ text: String) -> JSONValue {
        if text == "true" { return .bool(true) }
        if text == "false" { return .bool(false) }
        guard isCanonicalNumber(text), let number = Double(text) else { return .string(text) }
        return .number(number)
    }

    static func isCanonicalNumber(_ text: String) -> Bool {
        var bytes = Array(text.utf8)[...]
        if bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        let parts = bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = parts.first, !whole.isEmpty else { return false }
        let isDigits = { (part: ArraySlice<UInt8>) in part.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }
        guard isDigits(whole), whole.count == 1 || whole.first != UInt8(ascii: "0") else { return false }
        var digits = whole.count
        if parts.count == 2 {
            let fraction = parts[1]
            guard !fraction.isEmpty, isDigits(fraction) else { return false }
            digits += fraction.count
        }
        return digits <= 15
    }
}
