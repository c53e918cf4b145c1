/// An address as the send API accepts it: `"ada@example.org"` or `{"name": "Ada", "email": "ada@example.org"}`.
///
/// It exists to decode both spellings into one value; the address itself is checked later, by `Mailbox` parsing, so
/// that the error can name the field.
struct AddressInput: Decodable, Sendable, Equatable {
    var name: String?
    var email: String
    /// Whether it came as an object, so that errors name `to[0].email` rather than `to[0]`.
    var isObject: Bool

    init(name: String? = nil, email: String, isObject: Bool = false) {
        self.name = name
        self.email = email
        self.isObject = isObject
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, email
    }

    init(from decoder: any Decoder) throws {
        if let single = try? decoder.singleValueContainer(), let text = try? single.decode(String.self) {
            self.init(email: text)
            return
        }
        guard (try? decoder.container(keyedBy: AnyCodingKey.self)) != nil else {
            throw FieldProblem(path: decoder.codingPath, "expected an address string or {\"name\", \"email\"}")
        }
        try StrictDecoding.refuseUnknownFields(decoder, allowed: CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        guard let email = try container.decodeIfPresent(String.self, forKey: .email) else {
            throw FieldProblem(path: decoder.codingPath + [CodingKeys.email], "required")
        }
        self.init(name: try container.decodeIfPresent(String.self, forKey: .name), email: email, isObject: true)
    }
}

/// `reply_to`: one address or a list of them.
struct AddressList: Decodable, Sendable, Equatable {
    var addresses: [AddressInput]
    /// Whether it came as a list, so that errors name `reply_to[1]` rather than `reply_to`.
    var isList: Bool

    init(from decoder: any Decoder) throws {
        if var list = try? decoder.unkeyedContainer() {
            var addresses: [AddressInput] = []
            while !list.isAtEnd { addresses.append(try list.decode(AddressInput.self)) }
            self.addresses = addresses
            self.isList = true
        } else {
            self.addresses = [try AddressInput(from: decoder)]
            self.isList = false
        }
    }
}
