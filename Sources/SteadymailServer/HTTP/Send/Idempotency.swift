import Crypto
import Foundation
import SteadymailStorage

/// The rules of the `Idempotency-Key` header: which keys are accepted, what makes two requests the same, and what a
/// stored answer means for a new request.
///
/// It exists as pure logic, apart from storage and HTTP, so that each decision is unit-tested: the same key with the
/// same request replays the first answer, with a different request is refused (422), and without a stored answer
/// proceeds.
enum Idempotency {
    static let maximumKeyLength = 255

    /// What to do with a request whose key has (or has not) a stored answer.
    enum Decision: Equatable {
        /// No live answer: process the request and store its answer with the messages.
        case proceed
        /// The same request was answered before: send that answer again, queue nothing.
        case replay(status: Int, body: [UInt8])
        /// The key was used for a different request.
        case reused
    }

    /// The header's key, nil when absent; a key that is empty, longer than 255 characters or not printable ASCII is a
    /// 400.
    static func key(_ header: String?) throws(APIError) -> String? {
        guard let header else { return nil }
        guard !header.isEmpty, header.utf8.count <= maximumKeyLength,
            header.utf8.allSatisfy({ (32...126).contains($0) })
        else {
            throw APIError.badRequest(
                "invalid_request", "Idempotency-Key: 1 to \(maximumKeyLength) printable ASCII characters")
        }
        return header
    }

    /// Lowercase hex SHA-256 of the endpoint and the canonical form of the body (the JSON re-serialised with sorted
    /// keys), so that a client re-encoding the same request with its keys in another order is still recognised.
    /// A body that is not JSON is hashed as it is.
    static func fingerprint(endpoint: String, body: [UInt8]) -> String {
        var hash = SHA256()
        hash.update(data: Array(endpoint.utf8) + [0])
        if let object = try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed]),
            let canonical = try? JSONSerialization.data(
                withJSONObject: object, options: [.sortedKeys, .fragmentsAllowed])
        {
            hash.update(data: canonical)
        } else {
            hash.update(data: body)
        }
        return hash.finalize().map { String(format: "%02x", $0) }.joined()
    }

    static func decide(stored: IdempotencyRecord?, requestHash: String) -> Decision {
        guard let stored else { return .proceed }
        guard stored.requestHash == requestHash else { return .reused }
        return .replay(status: stored.status, body: stored.body)
    }
}
