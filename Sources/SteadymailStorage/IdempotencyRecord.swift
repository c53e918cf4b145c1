import Foundation

/// The answer the HTTP API gave to a request carrying an `Idempotency-Key`, stored in the same transaction as the
/// messages that request queued.
///
/// It exists so that a client retrying after a timeout, a dropped connection or a crash of the node gets the first
/// answer back instead of a second copy of its mail: the answer is durable exactly when the mail is. Keys are scoped to
/// the API key that sent them. While a record is live (until `expiresAt`), a second enqueue carrying the same
/// (`apiKeyID`, `key`) fails with `StorageError.conflict` and stores nothing, which is what lets several nodes sharing
/// one PostgreSQL database refuse a concurrent duplicate; an expired record is replaced.
public struct IdempotencyRecord: Sendable, Equatable {
    /// The id of the API key that sent the request.
    public var apiKeyID: String
    /// The `Idempotency-Key` header as sent.
    public var key: String
    /// Lowercase hex SHA-256 of the endpoint and the canonical request body, to tell a retry from a different request
    /// reusing the key.
    public var requestHash: String
    /// The HTTP status of the first answer.
    public var status: Int
    /// The JSON body of the first answer.
    public var body: [UInt8]
    public var createdAt: Date
    /// After this time the key may be used for a new request; `QueueStore.pruneIdempotency(before:)` removes the row.
    public var expiresAt: Date

    public init(
        apiKeyID: String, key: String, requestHash: String, status: Int, body: [UInt8], createdAt: Date,
        expiresAt: Date
    ) {
        self.apiKeyID = apiKeyID
        self.key = key
        self.requestHash = requestHash
        self.status = status
        self.body = body
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}
