import Foundation
import Logging
import ServiceLifecycle
import SteadymailDomain
import Synchronization

/// Takes the alerts of a node, keeps the ones the operator must hear (`AlertThrottle`), and hands each to every
/// configured channel.
///
/// It exists so that a source of alerts (the monitor runner, the relay pool's state changes, the queue and disk
/// checks) only says what it sees, at once and without waiting: `fire` and `recover` decide under a lock and queue the
/// alert, and never block on a network. Each channel has its own worker and queue (at most `queueLimit` alerts; past
/// that an alert is dropped and logged), so a slow or dead channel delays no other, and the alerts of one channel
/// arrive in the order they were raised (a down before its up). Each alert gets up to `attempts` tries per channel,
/// each bounded by `alerts.timeout`, with `retryDelay`, then twice that, between them; a channel that still fails is
/// logged and the alert is dropped for it. Repeats of lasting conditions are driven by a timer from the throttle's
/// `nextDue`. On shutdown the workers finish the alerts already queued.
final class AlertDispatcher: Service, Sendable {
    static let attempts = 3
    static let queueLimit = 256

    let channels: [any AlertChannel]
    let timeout: Duration
    let retryDelay: Duration
    let logger: Logger
    private let throttle: Mutex<AlertThrottle>
    private let queues: [AsyncStream<Alert>.Continuation]
    private let streams: [AsyncStream<Alert>]
    private let repeatWake = WakeSignal()
    private let stopping = Mutex(false)

    init(
        channels: [any AlertChannel], repeatInterval: Duration, timeout: Duration, retryDelay: Duration = .seconds(1),
        logger: Logger
    ) {
        self.channels = channels
        self.timeout = timeout
        self.retryDelay = retryDelay
        self.logger = logger
        self.throttle = Mutex(AlertThrottle(repeatInterval: repeatInterval))
        var queues: [AsyncStream<Alert>.Continuation] = []
        var streams: [AsyncStream<Alert>] = []
        for _ in channels {
            let (stream, continuation) = AsyncStream.makeStream(
                of: Alert.self, bufferingPolicy: .bufferingOldest(Self.queueLimit))
            streams.append(stream)
            queues.append(continuation)
        }
        self.queues = queues
        self.streams = streams
    }

    /// Raises a condition observed at `now`; true when it is sent (first firing, a due repeat, an escalation).
    @discardableResult
    func fire(_ alert: Alert, now: Date = Date()) -> Bool {
        guard let sent = throttle.withLock({ $0.fire(alert, now: now) }) else { return false }
        enqueue(sent)
        return true
    }

    /// Announces the end of the condition `alert.key` names; true when it is sent (the condition was announced).
    @discardableResult
    func recover(_ alert: Alert, now: Date = Date()) -> Bool {
        guard let sent = throttle.withLock({ $0.recover(alert, now: now) }) else { return false }
        enqueue(sent)
        return true
    }

    /// Sends the repeats due at `now`; returns how many there were.
    @discardableResult
    func sendDueRepeats(now: Date = Date()) -> Int {
        let repeats = throttle.withLock { $0.due(now: now) }
        for alert in repeats { enqueue(alert) }
        return repeats.count
    }

    func run() async throws {
        await withGracefulShutdownHandler {
            await withDiscardingTaskGroup { tasks in
                for (channel, stream) in zip(channels, streams) {
                    tasks.addTask { await self.work(channel, stream) }
                }
                tasks.addTask { await self.repeatLoop() }
            }
        } onGracefulShutdown: {
            self.stop()
        }
    }

    /// Ends the repeat timer and lets each worker finish the alerts already queued.
    private func stop() {
        stopping.withLock { $0 = true }
        repeatWake.signal()
        for queue in queues { queue.finish() }
    }

    private func enqueue(_ alert: Alert) {
        logger.notice(
            "alert", metadata: ["kind": "\(alert.kind.rawValue)", "key": "\(alert.key)", "summary": "\(alert.summary)"])
        for (channel, queue) in zip(channels, queues) {
            if case .dropped = queue.yield(alert) {
                logger.error(
                    "alert dropped: channel queue full",
                    metadata: ["channel": "\(channel.name)", "key": "\(alert.key)", "limit": "\(Self.queueLimit)"])
            }
        }
        // A first condition may bring the next repeat forward from "none".
        repeatWake.signal()
    }

    private func work(_ channel: any AlertChannel, _ stream: AsyncStream<Alert>) async {
        for await alert in stream {
            await deliver(alert, to: channel)
        }
    }

    /// Up to `attempts` tries, with a growing pause between them; the last failure is logged.
    func deliver(_ alert: Alert, to channel: any AlertChannel) async {
        var failure = ""
        for attempt in 1...Self.attempts {
            do {
                try await channel.deliver(alert, timeout: timeout)
                logger.info(
                    "alert sent",
                    metadata: ["channel": "\(channel.name)", "key": "\(alert.key)", "kind": "\(alert.kind.rawValue)"])
                return
            } catch {
                failure = "\(error)"
            }
            if attempt < Self.attempts { try? await Task.sleep(for: retryDelay * attempt) }
        }
        logger.error(
            "alert not sent",
            metadata: [
                "channel": "\(channel.name)", "key": "\(alert.key)", "kind": "\(alert.kind.rawValue)",
                "attempts": "\(Self.attempts)", "error": "\(failure)",
            ])
    }

    /// Sleeps until the next repeat is due (or a new condition arrives), then sends what is due.
    private func repeatLoop() async {
        while !stopping.withLock({ $0 }) && !Task.isCancelled {
            let now = Date()
            let next = throttle.withLock { $0.nextDue }
            let wait = next.map { max($0.timeIntervalSince(now), 0.05) } ?? 3600
            await repeatWake.wait(timeout: .milliseconds(Int64(min(wait, 3600) * 1000)))
            if stopping.withLock({ $0 }) { return }
            sendDueRepeats()
        }
    }
}
