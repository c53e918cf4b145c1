import ServiceLifecycle
import UnixSignals

/// Reloads the configuration on every SIGHUP, the signal daemons have always taken to mean "re-read your config".
///
/// It exists as its own service so that the signal is trapped for the whole life of the node and released at
/// graceful shutdown like every other service.
struct ReloadSignalService: Service {
    let reloader: ConfigReloader
    /// Trapped before the listeners bind, so that a SIGHUP sent as soon as the port answers never kills the process.
    let hangups: UnixSignalsSequence

    func run() async throws {
        for await _ in hangups.cancelOnGracefulShutdown() {
            _ = await reloader.reload()
        }
    }
}
