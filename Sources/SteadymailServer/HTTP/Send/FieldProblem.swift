/// A request field the send API refuses, named by its path in the JSON document (`to[1].email`, `headers.X-A`).
///
/// It exists so that every refusal, whether found while decoding (an unknown field, a wrong type) or while validating
/// (an address, a header value), reaches the client as one 400 whose message starts with the field it is about.
struct FieldProblem: Error, Sendable, Equatable {
    /// The path, one component per step: `to`, `[1]`, `email`.
    var path: [String]
    var message: String

    /// A problem with the field at `field`, already written as a path (`to[1].email`); empty for the document.
    init(_ field: String, _ message: String) {
        self.path = field.isEmpty ? [] : [field]
        self.message = message
    }

    /// A problem at a decoding position.
    init(path: [any CodingKey], _ message: String) {
        self.path = path.map { key in
            key.intValue.map { "[\($0)]" } ?? Self.printable(key.stringValue)
        }
        self.message = message
    }

    /// The path written as in JavaScript: `messages[2].to[0]`.
    var field: String {
        path.reduce(into: "") { text, component in
            text += text.isEmpty || component.hasPrefix("[") ? component : "." + component
        }
    }

    /// The same problem seen from `count` steps down the path (a batch item reports paths relative to itself).
    func dropping(_ count: Int) -> FieldProblem {
        var copy = self
        copy.path = Array(path.dropFirst(count))
        return copy
    }

    var apiError: APIError {
        APIError.badRequest("invalid_request", field.isEmpty ? message : "\(field): \(message)")
    }

    /// Text safe to quote in an error message: control characters are written as escapes, never passed through.
    static func printable(_ text: String) -> String {
        var output = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\r": output += "\\r"
            case "\n": output += "\\n"
            case "\t": output += "\\t"
            case _ where scalar.value < 32 || scalar.value == 127:
                output += "\\u{\(String(scalar.value, radix: 16))}"
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output
    }
}
