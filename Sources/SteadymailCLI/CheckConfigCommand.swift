import ArgumentParser

/// `steadymail check-config`: validates the configuration without starting anything.
struct CheckConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config", abstract: "Validate the configuration and exit (status 78 when invalid).")

    @OptionGroup var options: ConfigOptions

    func run() throws {
        _ = try options.load()
        print("configuration ok")
    }
}
