import Foundation

/// The value parsers shared by every section: each takes the key so that its error names it.
extension ConfigResolver {
    /// An error for `key`, mentioning the environment variable if one supplied the value.
    func fail(_ key: String, _ message: String) -> ConfigError {
        let listKey = key.replacing(/\[\d+\]$/, with: "")
        guard let variable = document.environmentSources[key] ?? document.environmentSources[listKey]
        else {
            return ConfigError(key: key, message: message)
        }
        return ConfigError(key: key, message: "\(message) (set by \(variable))")
    }

    /// The text, or nil when it is absent or empty (empty means "use the default").
    func nonEmpty(_ text: String?) -> String? {
        guard let text, !text.isEmpty else { return nil }
        return text
    }

    /// A strictly positive duration such as `30s`.
    func duration(_ text: String?, key: String, default defaultText: String, allowZero: Bool = false)
        throws(ConfigError) -> Duration
    {
        let text = text ?? defaultText
        guard let value = DurationSyntax.parse(text) else {
            throw fail(key, "\"\(text)\" is not a duration (use e.g. 250ms, 30s, 5m, 4h, 2d, or seconds)")
        }
        guard value > .zero || (allowZero && value == .zero) else { throw fail(key, "must be greater than zero") }
        return value
    }

    /// A size in bytes such as `25MiB`; zero only when `allowZero`.
    func size(_ text: String?, key: String, default defaultText: String, allowZero: Bool = false)
        throws(ConfigError) -> Int
    {
        let text = text ?? defaultText
        guard let value = ByteSizeSyntax.parse(text) else {
            throw fail(key, "\"\(text)\" is not a size (use e.g. 512KiB, 25MiB, 1GiB, 10MB, or bytes)")
        }
        guard allowZero || value > 0 else { throw fail(key, "must be greater than zero") }
        return value
    }

    /// A whole number of at least `minimum`.
    func count(_ value: Int?, key: String, default defaultValue: Int, minimum: Int = 1)
        throws(ConfigError) -> Int
    {
        let value = value ?? defaultValue
        guard value >= minimum else { throw fail(key, "\(value) is less than the minimum \(minimum)") }
        return value
    }

    /// A finite number greater than zero, such as a rate in messages per second.
    func positive(_ value: Double?, key: String, default defaultValue: Double) throws(ConfigError) -> Double {
        let value = value ?? defaultValue
        guard value > 0, value.isFinite else { throw fail(key, "must be a number greater than zero") }
        return value
    }

    /// A listen address; the default applies when the key is absent or empty.
    func listen(_ text: String?, key: String, default defaultText: String) throws(ConfigError)
        -> ListenAddress
    {
        guard let address = try optionalListen(nonEmpty(text) ?? defaultText, key: key) else {
            throw fail(key, "must not be empty")
        }
        return address
    }

    /// A listen address, or nil when the key is absent or empty.
    func optionalListen(_ text: String?, key: String) throws(ConfigError) -> ListenAddress? {
        guard let text = nonEmpty(text) else { return nil }
        switch ListenAddressSyntax.parse(text) {
        case .success(let address): return address
        case .failure(let problem): throw fail(key, problem.message)
        }
    }

    /// One of the raw values of an enumeration, listing the allowed ones when it is not.
    func choice<Choice: RawRepresentable & CaseIterable>(
        _ text: String?, key: String, default defaultValue: Choice
    ) throws(ConfigError) -> Choice where Choice.RawValue == String {
        try optionalChoice(text, key: key) ?? defaultValue
    }

    /// One of the raw values of an enumeration, or nil when the key is absent.
    func optionalChoice<Choice: RawRepresentable & CaseIterable>(_ text: String?, key: String)
        throws(ConfigError) -> Choice? where Choice.RawValue == String
    {
        guard let text else { return nil }
        guard let value = Choice(rawValue: text) else {
            let allowed = Choice.allCases.map(\.rawValue).joined(separator: ", ")
            throw fail(key, "unknown value \"\(text)\"; allowed: \(allowed)")
        }
        return value
    }

    /// A secret given either inline (`key`) or through an environment variable named by `envKey`; nil when neither.
    func secret(inline: String?, key: String, variableName: String?, envKey: String)
        throws(ConfigError) -> String?
    {
        switch (nonEmpty(inline), nonEmpty(variableName)) {
        case (.some, .some):
            throw fail(envKey, "set either \(key.split(separator: ".").last ?? "") or this key, not both")
        case (let value?, nil):
            return value
        case (nil, let name?):
            guard let value = environment[name], !value.isEmpty else {
                throw fail(envKey, "environment variable \(name) is not set")
            }
            return value
        case (nil, nil):
            return nil
        }
    }

    /// A file that must exist and be readable.
    func readableFile(_ path: String, key: String) throws(ConfigError) -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw fail(key, "file \(path) does not exist")
        }
        guard !isDirectory.boolValue else { throw fail(key, "\(path) is a directory, not a file") }
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw fail(key, "file \(path) is not readable")
        }
        return path
    }
}
