import Foundation
import SteadymailDomain
import SteadymailStorage

/// Answers control requests from a queue store and, on a running server, intake.
///
/// The CLI uses the same handler over a read-only store when no server runs, so both paths print the same thing.
public struct QueueControlHandler: ControlRequestHandler {
    let store: any QueueStore
    let pipeline: IntakePipeline?
    let relays: (any RelayControl)?
    let wake: WakeSignal?
    let destinations: (any DestinationControl)?

    /// `pipeline`, `relays` and `destinations` are nil when no server runs (the CLI reading the database directly).
    public init(
        store: any QueueStore, pipeline: IntakePipeline?, relays: (any RelayControl)? = nil, wake: WakeSignal? = nil,
        destinations: (any DestinationControl)? = nil
    ) {
        self.store = store
        self.pipeline = pipeline
        self.relays = relays
        self.wake = wake
        self.destinations = destinations
    }

    public func handle(_ request: ControlRequest) async -> ControlResponse {
        do {
            switch request.command {
            case .counts:
                return ControlResponse(counts: CountsView(try await store.counts()))
            case .list:
                let query = request.list ?? ListQuery()
                let records = try await store.recipients(matching: query.filter(now: Date()))
                return ControlResponse(recipients: records.map(RecipientView.init))
            case .message:
                guard let text = request.messageID, let id = QueueID(text) else {
                    return ControlResponse(error: "not a queue id: \(request.messageID ?? "")")
                }
                guard let detail = try await store.message(id) else {
                    return ControlResponse(error: "no message \(id) in the queue")
                }
                return ControlResponse(message: MessageView(detail))
            case .submit:
                return await submit(request.submission)
            case .relays:
                guard let relays else { return ControlResponse(error: "relay state needs a running server") }
                return ControlResponse(relays: await relays.snapshot())
            case .destinations:
                guard let destinations else {
                    return ControlResponse(error: "destination state needs a running server")
                }
                return ControlResponse(destinations: await destinations.snapshot())
            case .retry:
                guard pipeline != nil else { return ControlResponse(error: "retrying needs a running server") }
                var messageID: QueueID?
                if let text = request.messageID {
                    guard let id = QueueID(text) else { return ControlResponse(error: "not a queue id: \(text)") }
                    messageID = id
                }
                let count = try await store.retryNow(messageID: messageID, domain: request.domain, now: Date())
                wake?.signal()
                return ControlResponse(retried: count)
            case .pauseRelay, .resumeRelay:
                guard let relays else { return ControlResponse(error: "pausing a relay needs a running server") }
                guard let name = request.relay, await relays.setPaused(name, paused: request.command == .pauseRelay)
                else { return ControlResponse(error: "no relay named \(request.relay ?? "")") }
                return ControlResponse(relays: await relays.snapshot())
            }
        } catch {
            return ControlResponse(error: "\(error)")
        }
    }

    private func submit(_ submission: Submission?) async -> ControlResponse {
        guard let pipeline else { return ControlResponse(error: "submitting needs a running server") }
        guard let submission, !submission.recipients.isEmpty else {
            return ControlResponse(error: "a submission needs at least one recipient")
        }
        let request = IntakeRequest(
            sender: submission.sender, recipients: submission.recipients, content: Array(submission.content),
            trace: IntakeRewriter.Trace(
                heloName: "localhost", clientAddress: "127.0.0.1", protocolName: "local",
                singleRecipient: submission.recipients.count == 1 ? submission.recipients[0] : nil),
            origin: "control", submitter: nil, priority: submission.priority, deliverBy: submission.deliverBy)
        do {
            return ControlResponse(queuedID: try await pipeline.accept(request).rawValue)
        } catch {
            return ControlResponse(error: "not queued: \(error.description)")
        }
    }
}
