import SteadymailCLI

/// The process entry point: hands the command line to `SteadymailCommand`.
@main
enum SteadymailMain {
    static func main() async {
        await SteadymailCommand.main()
    }
}
