import Foundation
import SteadymailDomain

/// What a send request asks of the queue rather than of the message: tags, metadata, priority and deadline.
///
/// It exists because the composed, raw and batch endpoints share these fields and must judge them by the same rules
/// and limits, named here once.
struct QueueOptions: Sendable, Equatable {
    static let maximumMetadataKeys = 50
    static let maximumMetadataKeyLength = 64
    static let maximumMetadataValueLength = 1024

    var tags: [String] = []
    var metadata: [String: String] = [:]
    var priority: Priority?
    var deliverBy: Date?

    /// Checks every option; `now` is the time a deadline must lie after.
    static func validate(
        tags: [String]?, metadata: [String: String]?, priority: String?, deliverBy: String?, now: Date
    ) throws(FieldProblem) -> QueueOptions {
        var options = QueueOptions()
        let tags = tags ?? []
        guard tags.count <= MessageTags.maximumCount else {
            throw FieldProblem("tags", "at most \(MessageTags.maximumCount) tags")
        }
        for (index, tag) in tags.enumerated() where !MessageTags.isValid(tag) {
            throw FieldProblem(
                "tags[\(index)]",
                "a tag is 1 to \(MessageTags.maximumLength) printable ASCII characters, no comma, "
                    + "not starting or ending with a space")
        }
        options.tags = tags
        let metadata = metadata ?? [:]
        guard metadata.count <= maximumMetadataKeys else {
            throw FieldProblem("metadata", "at most \(maximumMetadataKeys) keys")
        }
        for (key, value) in metadata.sorted(by: { $0.key < $1.key }) {
            let field = "metadata.\(FieldProblem.printable(key))"
            guard !key.isEmpty, key.utf8.count <= maximumMetadataKeyLength,
                key.unicodeScalars.allSatisfy({ $0.value >= 32 && $0.value != 127 })
            else {
                throw FieldProblem(
                    field, "a key is 1 to \(maximumMetadataKeyLength) bytes without control characters")
            }
            guard value.utf8.count <= maximumMetadataValueLength else {
                throw FieldProblem(field, "a value is at most \(maximumMetadataValueLength) bytes")
            }
        }
        options.metadata = metadata
        if let priority {
            guard let parsed = Priority(rawValue: priority) else {
                throw FieldProblem(
                    "priority",
                    "unknown priority \"\(FieldProblem.printable(priority))\" (use transactional, time-critical or bulk)"
                )
            }
            options.priority = parsed
        }
        if let deliverBy {
            guard let parsed = InternetDate.parseRFC3339(deliverBy) else {
                throw FieldProblem("deliver_by", "not an RFC 3339 time such as 2026-11-29T10:00:00Z")
            }
            guard parsed > now else { throw FieldProblem("deliver_by", "is in the past") }
            options.deliverBy = parsed
        }
        return options
    }
}
