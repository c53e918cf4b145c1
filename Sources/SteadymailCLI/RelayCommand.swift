import ArgumentParser
import Foundation
import SteadymailServer

/// `steadymail relay pause|resume NAME`: drains a relay of the running server, or takes it back into rotation.
struct RelayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "relay", abstract: "Pause (drain) or resume one relay of the running server.",
        subcommands: [Pause.self, Resume.self])

    /// `steadymail relay pause NAME`
    struct Pause: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Stop starting transactions on a relay; open ones finish. Idempotent.")
        @OptionGroup var options: ConfigOptions
        @Argument(help: "The relay's name.") var name: String

        func run() async throws { try await change(name, command: .pauseRelay, options: options) }
    }

    /// `steadymail relay resume NAME`
    struct Resume: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Take a paused relay back into rotation. Idempotent.")
        @OptionGroup var options: ConfigOptions
        @Argument(help: "The relay's name.") var name: String

        func run() async throws { try await change(name, command: .resumeRelay, options: options) }
    }

    static func change(_ name: String, command: ControlRequest.Command, options: ConfigOptions) async throws {
        let configuration = try options.load()
        let response = try await ControlClient(path: configuration.controlSocket).send(
            ControlRequest(command: command, relay: name))
        let state = response.relays?.first { $0.name == name }?.state ?? "unknown"
        print("\(name): \(state)")
    }
}
