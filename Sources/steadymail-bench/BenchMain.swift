import ArgumentParser

/// `steadymail-bench`: helpers of the benchmarks in `bench/`, kept out of the `steadymail` binary.
///
/// It exists so that a benchmark can put a million recipients into a queue database in minutes instead of sending
/// them over SMTP, and time store operations without a server around them, while still writing through
/// `QueueStore` so that the data always has the schema the server expects.
@main
struct BenchMain: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "steadymail-bench", abstract: "Benchmark helpers: fill a queue database, time store operations.",
        subcommands: [FillCommand.self, TimeStoreCommand.self])
}
