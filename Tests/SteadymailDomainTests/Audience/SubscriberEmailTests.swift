import SteadymailDomain
import Testing

@Suite struct SubscriberEmailTests {
    @Test func spellingsOfOneAddressAreOne() throws {
        for spelling in ["Ada@Example.org", " ada@example.org ", "<ada@EXAMPLE.org>"] {
            #expect(try SubscriberEmail.normalised(spelling) == "ada@example.org")
        }
    }

    @Test func invalidAddressesAreRefused() {
        for bad in ["", "ada", "ada@", "@example.org", "ada@[192.0.2.1]", "a b@example.org", "ada@example.org\r\n"] {
            #expect(throws: AddressError.self) { try SubscriberEmail.normalised(bad) }
        }
    }

    @Test func attributesRoundTripThroughTheirStoredForm() throws {
        let members: [String: JSONValue] = [
            "city": .string("Zürich"), "age": .number(36), "vip": .bool(true), "tags": .array([.string("a")]),
            "address": .object(["zip": .string("8000")]), "none": .null,
        ]
        #expect(try JSONValue.object(json: JSONValue.json(members)) == members)
        #expect(JSONValue.json(["b": .number(1), "a": .string("x")]) == #"{"a":"x","b":1}"#)
    }
}
