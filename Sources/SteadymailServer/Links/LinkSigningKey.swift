import Foundation

/// The 32-byte key that signs public links, kept in a file: `http.link_key_file` when set (nodes that share a
/// public URL must share it), else `<data_dir>/link-signing.key`, created with mode 0600 on first start.
///
/// It exists so that links stay valid across restarts and nodes, and so that a key file that is unreadable or of the
/// wrong size stops start-up with a clear message rather than silently signing with another key.
enum LinkSigningKey {
    static let length = 32
    static let defaultFileName = "link-signing.key"

    static func load(configuredPath: String?, dataDir: String) throws -> [UInt8] {
        if let configuredPath {
            guard let data = FileManager.default.contents(atPath: configuredPath) else {
                throw LinkKeyError("http.link_key_file: cannot read \(configuredPath)")
            }
            return try checked(data, path: configuredPath)
        }
        let path = dataDir.hasSuffix("/") ? dataDir + defaultFileName : "\(dataDir)/\(defaultFileName)"
        if let data = FileManager.default.contents(atPath: path) { return try checked(data, path: path) }
        var key = [UInt8](repeating: 0, count: length)
        var generator = SystemRandomNumberGenerator()
        for index in key.indices { key[index] = generator.next() }
        let created = FileManager.default.createFile(
            atPath: path, contents: Data(key), attributes: [.posixPermissions: 0o600])
        guard created else { throw LinkKeyError("cannot create the link signing key \(path)") }
        return key
    }

    private static func checked(_ data: Data, path: String) throws -> [UInt8] {
        guard data.count == length else {
            throw LinkKeyError("the link signing key \(path) must hold exactly \(length) bytes, not \(data.count)")
        }
        return Array(data)
    }
}

/// A link signing key that cannot be read or made.
struct LinkKeyError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
