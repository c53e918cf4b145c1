import Foundation

/// Typed reads from a provider's JSON, which is parsed loosely on purpose.
///
/// It exists because providers add fields, send numbers as strings (and strings as numbers) and leave optional
/// fields out or `null`; reading a `JSONSerialization` tree field by field keeps what we need and ignores the rest,
/// where a strict decoder would refuse a whole batch over one unexpected value.
public enum ProviderJSON {
    /// The top-level value of `body`; throws when it is not JSON.
    public static func parse(_ body: Data) throws(ProviderPayloadError) -> Any {
        guard let value = try? JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed]) else {
            throw ProviderPayloadError("the body is not valid JSON")
        }
        return value
    }

    /// The top-level object of `body`; throws when it is not a JSON object.
    public static func object(_ body: Data) throws(ProviderPayloadError) -> [String: Any] {
        guard let object = try parse(body) as? [String: Any] else {
            throw ProviderPayloadError("the body must be a JSON object")
        }
        return object
    }

    /// A string value; a number is given as its decimal text (Postmark's `ID`), anything else is nil.
    public static func string(_ value: Any?) -> String? {
        switch value {
        case let text as String: text
        case let number as Int: String(number)
        case let number as Int64: String(number)
        case let number as Double: number.rounded() == number ? String(Int64(number)) : String(number)
        case let number as NSNumber: number.stringValue
        default: nil
        }
    }

    /// A number value, or a string of one.
    public static func number(_ value: Any?) -> Double? {
        switch value {
        case let number as Int: Double(number)
        case let number as Int64: Double(number)
        case let number as Double: number
        case let number as NSNumber: number.doubleValue
        case let text as String: Double(text)
        default: nil
        }
    }

    /// A boolean value.
    public static func bool(_ value: Any?) -> Bool? {
        switch value {
        case let flag as Bool: flag
        case let number as NSNumber: number.boolValue
        default: nil
        }
    }

    /// A required string field of `object`; throws naming `field` when it is absent or not a string.
    public static func required(_ object: [String: Any], _ field: String) throws(ProviderPayloadError) -> String {
        guard let text = object[field] as? String else {
            throw ProviderPayloadError("\(field): missing or not a string")
        }
        return text
    }
}
