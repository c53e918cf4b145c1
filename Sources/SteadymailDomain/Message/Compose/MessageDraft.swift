import Foundation

/// A message as an application describes it (addresses, subject, text and HTML bodies, attachments, extra headers),
/// before Steadymail turns it into RFC 5322 / MIME bytes.
///
/// It exists so that the HTTP API, and anything else that builds mail from parts, hands one checked value to
/// `MessageComposer` instead of writing header and MIME syntax itself.
public struct MessageDraft: Sendable, Equatable {
    public var from: NamedMailbox
    public var to: [NamedMailbox]
    public var cc: [NamedMailbox]
    public var replyTo: [NamedMailbox]
    public var subject: String
    public var text: String?
    public var html: String?
    /// Extra header fields, in order; names and values are checked by the composer.
    public var headers: [HeaderField]
    public var attachments: [DraftAttachment]
    /// Without angle brackets, e.g. `01JABC.x@mx.example.org`.
    public var messageID: String
    public var date: Date

    public init(
        from: NamedMailbox, to: [NamedMailbox], cc: [NamedMailbox] = [], replyTo: [NamedMailbox] = [],
        subject: String, text: String?, html: String?, headers: [HeaderField] = [], attachments: [DraftAttachment] = [],
        messageID: String, date: Date
    ) {
        self.from = from
        self.to = to
        self.cc = cc
        self.replyTo = replyTo
        self.subject = subject
        self.text = text
        self.html = html
        self.headers = headers
        self.attachments = attachments
        self.messageID = messageID
        self.date = date
    }
}

/// An address with an optional display name, as in `"Ada Lovelace" <ada@example.org>`.
public struct NamedMailbox: Sendable, Equatable {
    public var name: String?
    public var mailbox: Mailbox

    public init(name: String? = nil, mailbox: Mailbox) {
        self.name = name
        self.mailbox = mailbox
    }
}

/// A file attached to a draft: its name, MIME type and bytes.
public struct DraftAttachment: Sendable, Equatable {
    public var filename: String
    public var contentType: String
    public var content: [UInt8]

    public init(filename: String, contentType: String, content: [UInt8]) {
        self.filename = filename
        self.contentType = contentType
        self.content = content
    }
}
