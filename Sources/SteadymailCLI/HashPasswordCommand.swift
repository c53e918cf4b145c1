import ArgumentParser
import Foundation
import SteadymailServer

/// `steadymail hash-password`: turns a password read from standard input into the scrypt hash the config stores.
struct HashPasswordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hash-password",
        abstract: "Read a password from standard input and print its hash for smtp.auth.users[].password_hash.")

    func run() throws {
        guard let line = readLine(strippingNewline: true), !line.isEmpty else {
            FileHandle.standardError.write(Data("steadymail: no password on standard input\n".utf8))
            throw ExitCode.failure
        }
        print(try PasswordHasher.hash(line))
    }
}
