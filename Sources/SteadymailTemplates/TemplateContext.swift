import SteadymailDomain

/// What a template can show: the subscriber, the campaign and the links made for this recipient.
///
/// It exists so that rendering has one typed input and templates one stable vocabulary:
/// `{{subscriber.email}}`, `{{subscriber.name}}`, `{{subscriber.attributes.city}}`, `{{campaign.id}}`,
/// `{{campaign.name}}` and `{{links.unsubscribe}}` (whatever links the sender provides).
public struct TemplateContext: Sendable, Equatable {
    public var email: String
    public var name: String
    public var attributes: [String: JSONValue]
    public var campaignID: Int64?
    public var campaignName: String
    public var links: [String: String]

    public init(
        email: String, name: String, attributes: [String: JSONValue], campaignID: Int64? = nil,
        campaignName: String = "", links: [String: String] = [:]
    ) {
        self.email = email
        self.name = name
        self.attributes = attributes
        self.campaignID = campaignID
        self.campaignName = campaignName
        self.links = links
    }

    /// The sample a preview without a subscriber uses.
    public static let sample = TemplateContext(
        email: "subscriber@example.org", name: "Sam Sample",
        attributes: ["city": .string("Berlin"), "age": .number(30)], campaignID: 0, campaignName: "Preview",
        links: [
            "unsubscribe": "https://example.org/unsubscribe/sample", "confirm": "https://example.org/confirm/sample",
        ])

    /// The context as the nested dictionaries Mustache looks names up in. A JSON null is left out (so it renders
    /// empty and is false in a section); a whole number renders without a fraction.
    var mustacheObject: [String: Any] {
        var campaign: [String: Any] = ["name": campaignName]
        if let campaignID { campaign["id"] = campaignID }
        return [
            "subscriber": ["email": email, "name": name, "attributes": Self.members(attributes)] as [String: Any],
            "campaign": campaign,
            "links": links,
        ]
    }

    private static func members(_ members: [String: JSONValue]) -> [String: Any] {
        var result: [String: Any] = [:]
        for (key, value) in members {
            if let converted = convert(value) { result[key] = converted }
        }
        return result
    }

    private static func convert(_ value: JSONValue) -> Any? {
        switch value {
        case .string(let text): return text
        case .number(let number):
            if number.rounded() == number, abs(number) < 1e15 { return Int64(number) }
            return number
        case .bool(let flag): return flag
        case .null: return nil
        case .array(let values): return values.map { convert($0) ?? "" }
        case .object(let members): return Self.members(members)
        }
    }
}

/// One rendered message body: the subject line, the HTML part and the text part.
public struct RenderedContent: Sendable, Equatable, Codable {
    public var subject: String
    public var html: String
    public var text: String

    public init(subject: String, html: String, text: String) {
        self.subject = subject
        self.html = html
        self.text = text
    }
}
