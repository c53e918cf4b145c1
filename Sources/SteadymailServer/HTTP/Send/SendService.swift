import Foundation
import HTTPTypes
import Logging
import SteadymailDomain
import SteadymailStorage

/// The three send endpoints, by the path their idempotency fingerprint includes.
enum SendEndpoint: String, Sendable {
    case message = "/v1/messages"
    case raw = "/v1/messages/raw"
    case batch = "/v1/messages/batch"
}

/// An answer of the send API: the status and the JSON body, exactly as they are stored for an idempotent replay.
struct SendResponse: Sendable, Equatable {
    var status: Int
    var body: [UInt8]
}

/// Turns a send request into queued mail: decode and validate, refuse suppressed recipients, compose, hand to intake, enforce the key's rate and
/// make `Idempotency-Key` retries safe.
///
/// It exists so that the HTTP routes only move bytes: every decision about a send request is made here, in an order
/// that keeps the promises of the API. A request is judged whole before anything is stored; the rate limit is taken
/// only for messages that will be queued; the answer to an idempotent request is stored in the transaction that queues
/// its mail, so a retry after a crash or a timeout gets that answer back and queues nothing; and a 202 is sent only
/// after that transaction committed.
final class SendService: Sendable {
    let pipeline: IntakePipeline
    let store: any QueueStore
    /// The SMTP limits in force (they change on reload).
    let currentLimits: @Sendable () -> SendLimits
    let idempotencyTTL: Duration
    let rateLimiter: APIRateLimiter
    let gate = IdempotencyGate()
    let suppressions: SuppressionCheck
    let logger: Logger

    init(
        pipeline: IntakePipeline, store: any QueueStore, limits: @escaping @Sendable () -> SendLimits,
        idempotencyTTL: Duration, rateLimiter: APIRateLimiter, logger: Logger
    ) {
        self.pipeline = pipeline
        self.store = store
        self.currentLimits = limits
        self.idempotencyTTL = idempotencyTTL
        self.rateLimiter = rateLimiter
        self.suppressions = SuppressionCheck(store: store)
        self.logger = logger
    }

    /// Handles one request body sent to `endpoint` by `apiKey` from `client` (an address for the trace header).
    func send(
        _ endpoint: SendEndpoint, body: [UInt8], idempotencyKey header: String?, apiKey: APIKeyRecord,
        client: String, now: Date = Date()
    ) async throws -> SendResponse {
        let idempotencyKey = try Idempotency.key(header)
        guard pipeline.isAvailable else { throw Self.unavailable }
        guard let idempotencyKey else {
            return try await process(endpoint, body: body, apiKey: apiKey, client: client, now: now, idempotency: nil)
        }
        let hash = Idempotency.fingerprint(endpoint: endpoint.rawValue, body: body)
        guard gate.enter(apiKeyID: apiKey.id, key: idempotencyKey) else { throw Self.inProgress }
        defer { gate.leave(apiKeyID: apiKey.id, key: idempotencyKey) }
        if let replay = try await storedAnswer(apiKey: apiKey, key: idempotencyKey, hash: hash, now: now) {
            return replay
        }
        do {
            return try await process(
                endpoint, body: body, apiKey: apiKey, client: client, now: now,
                idempotency: (idempotencyKey, hash))
        } catch IntakeFailure.conflict(_) {
            // Another node committed the same key first (the stored answers' primary key refused ours).
            if let replay = try await storedAnswer(apiKey: apiKey, key: idempotencyKey, hash: hash, now: now) {
                return replay
            }
            throw Self.inProgress
        }
    }

    // MARK: - Processing

    private var limits: SendLimits { currentLimits() }

    /// One message of the request: ready for intake, or refused with the error its batch result shows.
    private typealias Item = Result<PreparedIntake, APIError>

    private func process(
        _ endpoint: SendEndpoint, body: [UInt8], apiKey: APIKeyRecord, client: String, now: Date,
        idempotency: (key: String, hash: String)?
    ) async throws -> SendResponse {
        let validated = try await refuseSuppressed(try validate(endpoint, body: body, now: now))
        let items = validated.map { item -> Item in
            switch item {
            case .failure(let error):
                return .failure(error)
            case .success(let send):
                do throws(APIError) {
                    return .success(try prepare(send, apiKey: apiKey, client: client, now: now))
                } catch {
                    return .failure(error)
                }
            }
        }
        // A request with one message answers with its refusal; a batch shows each item's in its results.
        if endpoint != .batch, case .failure(let error) = items[0] { throw error }
        var prepared = items.compactMap { try? $0.get() }
        if !prepared.isEmpty {
            switch rateLimiter.admit(apiKeyID: apiKey.id, messages: prepared.count, now: now) {
            case .allowed:
                break
            case .limited(let retryAfter?):
                throw APIError(
                    .tooManyRequests, code: "rate_limited",
                    message: "this key may send \(Self.rate(rateLimiter)); retry in \(retryAfter) s",
                    headers: [.retryAfter: String(retryAfter)])
            case .limited(nil):
                throw APIError.badRequest(
                    "batch_too_large",
                    "\(prepared.count) messages are more than this key's burst of \(rateLimiter.burst) "
                        + "(http.rate_burst); send smaller batches")
            }
        }
        let response = try Self.answer(endpoint, items: items)
        if let idempotency, let index = prepared.firstIndex(where: { $0.outbound != nil }) {
            prepared[index].outbound?.idempotency = IdempotencyRecord(
                apiKeyID: apiKey.id, key: idempotency.key, requestHash: idempotency.hash, status: response.status,
                body: response.body, createdAt: now, expiresAt: now.addingTimeInterval(idempotencyTTL.timeInterval))
        }
        do throws(IntakeFailure) {
            try await pipeline.commit(prepared)
        } catch {
            // A conflict matters only for an idempotency key (`send` answers it); otherwise nothing was kept and a
            // retry will do.
            guard case .conflict = error, idempotency != nil else { throw Self.unavailable }
            throw error
        }
        return response
    }

    /// One message of the request after validation: its envelope and content, or its refusal.
    private typealias Validated = Result<ValidatedSend, APIError>

    /// Decodes and validates the body. A request with one message throws its refusal; a batch keeps each item's
    /// refusal as its result.
    private func validate(_ endpoint: SendEndpoint, body: [UInt8], now: Date) throws(APIError) -> [Validated] {
        switch endpoint {
        case .message:
            let request = try StrictDecoding.decode(SendRequest.self, from: body)
            return [.success(try validate(request, now: now))]
        case .raw:
            let request = try StrictDecoding.decode(RawSendRequest.self, from: body)
            do throws(FieldProblem) {
                return [.success(try RawSendValidator(limits: limits, now: now).validate(request))]
            } catch {
                throw error.apiError
            }
        case .batch:
            let request = try StrictDecoding.decode(BatchSendRequest.self, from: body)
            guard let messages = request.messages, !messages.isEmpty else {
                throw FieldProblem("messages", "at least one message").apiError
            }
            guard messages.count <= BatchSendRequest.maximumCount else {
                throw APIError.badRequest(
                    "batch_too_large",
                    "\(messages.count) messages; a batch holds at most \(BatchSendRequest.maximumCount)")
            }
            return messages.map { item in
                switch item {
                case .refused(let problem):
                    return .failure(problem.apiError)
                case .request(let request):
                    do throws(APIError) {
                        return .success(try validate(request, now: now))
                    } catch {
                        return .failure(error)
                    }
                }
            }
        }
    }

    /// Turns each valid message with a recipient that may not get transactional mail into its refusal
    /// (`SuppressionCheck`).
    private func refuseSuppressed(_ items: [Validated]) async throws -> [Validated] {
        var checked = items
        for (index, item) in items.enumerated() {
            guard case .success(let send) = item else { continue }
            let refusal: APIError?
            do {
                refusal = try await suppressions.refusal(for: send)
            } catch {
                logger.error("suppression lookup failed", metadata: ["error": "\(error)"])
                throw Self.unavailable
            }
            if let refusal { checked[index] = .failure(refusal) }
        }
        return checked
    }

    private func validate(_ request: SendRequest, now: Date) throws(APIError) -> ValidatedSend {
        do throws(FieldProblem) {
            return try SendValidator(limits: limits, now: now).validate(request)
        } catch {
            throw error.apiError
        }
    }

    /// Mints the queue id, composes the message when it was given in parts, and runs intake's checks and edits.
    private func prepare(_ send: ValidatedSend, apiKey: APIKeyRecord, client: String, now: Date) throws(APIError)
        -> PreparedIntake
    {
        let id = QueueID.make(millisecondsSince1970: UInt64(now.timeIntervalSince1970 * 1000))
        let content: [UInt8]
        switch send.content {
        case .raw(let bytes):
            content = bytes
        case .draft(var draft):
            draft.messageID = "\(id.rawValue)@\(pipeline.hostname)"
            draft.date = now
            do throws(CompositionError) {
                content = try MessageComposer(boundaryToken: id.rawValue).compose(draft)
            } catch {
                throw Self.compositionError(error)
            }
            guard content.count <= limits.maxMessageSize else {
                throw FieldProblem(
                    "",
                    "the composed message is \(content.count) bytes, over the limit of \(limits.maxMessageSize) "
                        + "(smtp.max_message_size)"
                ).apiError
            }
        }
        let request = IntakeRequest(
            id: id, sender: send.sender, recipients: send.recipients, content: content,
            trace: IntakeRewriter.Trace(
                heloName: "api", clientAddress: client, protocolName: "HTTP",
                singleRecipient: send.recipients.count == 1 ? send.recipients[0] : nil),
            origin: "api \(apiKey.id)", interface: .api, submitter: apiKey.name, priority: send.options.priority,
            deliverBy: send.options.deliverBy, tags: send.options.tags, metadata: send.options.metadata)
        do throws(IntakeFailure) {
            return try pipeline.prepare(request, now: now)
        } catch {
            guard case .rejected(let reason) = error else { throw Self.unavailable }
            throw FieldProblem("raw", reason).apiError
        }
    }

    // MARK: - Answers

    private static func answer(_ endpoint: SendEndpoint, items: [Item]) throws -> SendResponse {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        switch endpoint {
        case .message, .raw:
            let prepared = try items[0].get()
            return SendResponse(status: 202, body: Array(try encoder.encode(SendAnswer(prepared))))
        case .batch:
            let results = items.map { item -> BatchAnswer.Result in
                switch item {
                case .success(let prepared): .accepted(SendAnswer(prepared))
                case .failure(let error): .refused(error)
                }
            }
            return SendResponse(status: 200, body: Array(try encoder.encode(BatchAnswer(results: results))))
        }
    }

    private func storedAnswer(apiKey: APIKeyRecord, key: String, hash: String, now: Date) async throws
        -> SendResponse?
    {
        let stored: IdempotencyRecord?
        do {
            stored = try await store.idempotentAnswer(apiKeyID: apiKey.id, key: key, now: now)
        } catch {
            logger.error("idempotency lookup failed", metadata: ["error": "\(error)"])
            throw Self.unavailable
        }
        switch Idempotency.decide(stored: stored, requestHash: hash) {
        case .proceed:
            return nil
        case .replay(let status, let body):
            return SendResponse(status: status, body: body)
        case .reused:
            throw APIError(
                .unprocessableContent, code: "idempotency_key_reused",
                message: "this Idempotency-Key was used for a different request")
        }
    }

    /// A composition refusal the validator did not already catch, named by the request field it comes from.
    static func compositionError(_ error: CompositionError) -> APIError {
        let problem =
            switch error {
            case .invalidHeaderName(let name):
                FieldProblem("headers.\(FieldProblem.printable(name))", "not a valid header name")
            case .invalidHeaderValue(let name):
                FieldProblem("headers.\(FieldProblem.printable(name))", "contains CR or LF")
            case .reservedHeader(let name):
                FieldProblem("headers.\(FieldProblem.printable(name))", "is set by Steadymail from the request")
            case .noBody: FieldProblem("text", "text or html is required")
            case .controlCharacter(let field): FieldProblem(field, "contains CR, LF or another control character")
            case .invalidContentType(let type):
                FieldProblem("attachments", "\"\(FieldProblem.printable(type))\" is not a MIME type")
            case .headerTooLong(let name):
                FieldProblem(
                    name == "Subject" ? "subject" : "headers.\(name)", "has a word too long to fit in a header line")
            }
        return problem.apiError
    }

    private static func rate(_ limiter: APIRateLimiter) -> String {
        let rate = limiter.ratePerSecond
        let number = rate == rate.rounded() && rate < 1e15 ? String(Int(rate)) : String(rate)
        return "\(number) messages/s (http.rate_limit), bursts of \(limiter.burst)"
    }

    static let unavailable = APIError(
        .serviceUnavailable, code: "unavailable", message: "the queue cannot take mail now (storage); retry later")

    static let inProgress = APIError(
        .conflict, code: "idempotency_in_progress",
        message: "a request with this Idempotency-Key is still being processed; retry when it has finished")
}
