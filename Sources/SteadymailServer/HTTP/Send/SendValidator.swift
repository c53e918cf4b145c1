import Foundation
import SteadymailDomain

/// Judges a decoded `POST /v1/messages` request field by field and turns it into a draft and an envelope.
///
/// It exists so that nothing a client sends reaches a message unchecked: every address goes through `Mailbox`
/// parsing, CR or LF in a header name or value, a subject or a display name is refused (never folded or stripped),
/// Steadymail's own headers cannot be given, attachments must be strict base64, and each refusal names its field.
struct SendValidator {
    /// Headers the composer writes, and the control headers the request has fields for.
    static let reservedHeaders: [String: String] = {
        var reserved = Dictionary(
            uniqueKeysWithValues: MessageComposer.reservedHeaders.map { ($0, "is set by Steadymail from the request") })
        reserved["x-steadymail-priority"] = "is set from the priority field"
        reserved["x-steadymail-deliver-by"] = "is set from the deliver_by field"
        reserved["x-steadymail-tag"] = "is set from the tags field"
        return reserved
    }()

    static let maximumFilenameLength = 255
    static let maximumNameLength = 256

    var limits: SendLimits
    var now: Date

    func validate(_ request: SendRequest) throws(FieldProblem) -> ValidatedSend {
        guard let fromInput = request.from else { throw FieldProblem("from", "required") }
        let from = try mailbox(fromInput, field: "from")
        let to = try mailboxes(request.to, field: "to")
        let cc = try mailboxes(request.cc, field: "cc")
        let bcc = try mailboxes(request.bcc, field: "bcc")
        let replyTo = try replyTo(request.replyTo)
        let (recipients, recipientFields) = Self.envelope(
            Self.named(to, "to") + Self.named(cc, "cc") + Self.named(bcc, "bcc"))
        guard !recipients.isEmpty else { throw FieldProblem("to", "at least one recipient in to, cc or bcc") }
        guard recipients.count <= limits.maxRecipients else {
            throw FieldProblem(
                "to", "\(recipients.count) recipients in to, cc and bcc; the limit is \(limits.maxRecipients)")
        }
        guard let subject = request.subject else { throw FieldProblem("subject", "required") }
        try Self.checkHeaderText(subject, field: "subject")
        guard request.text != nil || request.html != nil else { throw FieldProblem("text", "text or html is required") }
        let draft = MessageDraft(
            from: from, to: to, cc: cc, replyTo: replyTo, subject: subject, text: request.text, html: request.html,
            headers: try Self.headers(request.headers), attachments: try Self.attachments(request.attachments),
            messageID: "", date: now)
        let options = try QueueOptions.validate(
            tags: request.tags, metadata: request.metadata, priority: request.priority,
            deliverBy: request.deliverBy, now: now)
        return ValidatedSend(
            sender: from.mailbox.description, recipients: recipients, recipientFields: recipientFields,
            content: .draft(draft), options: options)
    }

    // MARK: - Addresses

    private func mailbox(_ input: AddressInput, field: String) throws(FieldProblem) -> NamedMailbox {
        let mailbox: Mailbox
        do {
            mailbox = try Mailbox(parsing: input.email)
        } catch {
            throw FieldProblem(input.isObject ? "\(field).email" : field, "not a valid address (\(error))")
        }
        guard let name = input.name, !name.isEmpty else { return NamedMailbox(mailbox: mailbox) }
        try Self.checkHeaderText(name, field: "\(field).name")
        guard name.count <= Self.maximumNameLength else {
            throw FieldProblem("\(field).name", "longer than \(Self.maximumNameLength) characters")
        }
        return NamedMailbox(name: name, mailbox: mailbox)
    }

    private func mailboxes(_ inputs: [AddressInput]?, field: String) throws(FieldProblem) -> [NamedMailbox] {
        var result: [NamedMailbox] = []
        for (index, input) in (inputs ?? []).enumerated() {
            result.append(try mailbox(input, field: "\(field)[\(index)]"))
        }
        return result
    }

    private func replyTo(_ list: AddressList?) throws(FieldProblem) -> [NamedMailbox] {
        guard let list else { return [] }
        guard list.isList else { return [try mailbox(list.addresses[0], field: "reply_to")] }
        return try mailboxes(list.addresses, field: "reply_to")
    }

    /// The envelope recipients: each address once (domains compared without case), in the order given, with the
    /// request field each came from (its first mention).
    static func envelope(_ entries: [(mailbox: NamedMailbox, field: String)]) -> (
        recipients: [String], fields: [String]
    ) {
        var seen: Set<String> = []
        var recipients: [String] = []
        var fields: [String] = []
        for entry in entries {
            let key = "\(entry.mailbox.mailbox.localPart)@\(entry.mailbox.mailbox.normalizedDomain)"
            if seen.insert(key).inserted {
                recipients.append(entry.mailbox.mailbox.description)
                fields.append(entry.field)
            }
        }
        return (recipients, fields)
    }

    /// Each mailbox with the field it was given in: `to[0]`, `to[1]`.
    static func named(_ mailboxes: [NamedMailbox], _ field: String) -> [(mailbox: NamedMailbox, field: String)] {
        mailboxes.enumerated().map { ($0.element, "\(field)[\($0.offset)]") }
    }

    // MARK: - Header text

    /// Refuses CR and LF by name, since they are what header injection needs, and any other control character.
    static func checkHeaderText(_ text: String, field: String, allowTab: Bool = false) throws(FieldProblem) {
        if text.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" }) {
            throw FieldProblem(field, "contains CR or LF")
        }
        if text.unicodeScalars.contains(where: { ($0.value < 32 && !(allowTab && $0 == "\t")) || $0.value == 127 }) {
            throw FieldProblem(field, "contains a control character")
        }
    }

    static func headers(_ headers: [String: String]?) throws(FieldProblem) -> [HeaderField] {
        var fields: [HeaderField] = []
        for (name, value) in (headers ?? [:]).sorted(by: { $0.key < $1.key }) {
            let field = "headers.\(FieldProblem.printable(name))"
            guard !name.isEmpty, name.utf8.allSatisfy({ (33...126).contains($0) && $0 != UInt8(ascii: ":") }) else {
                if name.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" }) {
                    throw FieldProblem(field, "the name contains CR or LF")
                }
                throw FieldProblem(field, "not a valid header name (printable ASCII without colon or space)")
            }
            if let reason = reservedHeaders[name.lowercased()] { throw FieldProblem(field, reason) }
            try checkHeaderText(value, field: field, allowTab: true)
            fields.append(HeaderField(name: name, value: value))
        }
        return fields
    }

    // MARK: - Attachments

    static func attachments(_ inputs: [AttachmentInput]?) throws(FieldProblem) -> [DraftAttachment] {
        var result: [DraftAttachment] = []
        for (index, input) in (inputs ?? []).enumerated() {
            let field = "attachments[\(index)]"
            guard let filename = input.filename, !filename.isEmpty else {
                throw FieldProblem("\(field).filename", "required")
            }
            try checkHeaderText(filename, field: "\(field).filename")
            guard filename.utf8.count <= maximumFilenameLength else {
                throw FieldProblem("\(field).filename", "longer than \(maximumFilenameLength) bytes")
            }
            guard let contentType = input.contentType else { throw FieldProblem("\(field).content_type", "required") }
            guard isMediaType(contentType) else {
                throw FieldProblem("\(field).content_type", "not a MIME type such as application/pdf")
            }
            guard let content = input.content else { throw FieldProblem("\(field).content", "required") }
            guard content.utf8.count % 4 == 0, let bytes = Data(base64Encoded: content) else {
                throw FieldProblem("\(field).content", "not valid base64 (RFC 4648, padded, no line breaks)")
            }
            result.append(DraftAttachment(filename: filename, contentType: contentType, content: [UInt8](bytes)))
        }
        return result
    }

    /// `type/subtype`, each an RFC 2045 token.
    static func isMediaType(_ text: String) -> Bool {
        let pieces = text.split(separator: "/", omittingEmptySubsequences: false)
        return pieces.count == 2
            && pieces.allSatisfy { piece in
                !piece.isEmpty
                    && piece.utf8.allSatisfy { (33...126).contains($0) && !"()<>@,;:\\\"/[]?=".utf8.contains($0) }
            }
    }
}
