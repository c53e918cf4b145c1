import Foundation
import Testing

@testable import SteadymailConfig

@Suite struct ListsConfigTests {
    @Test func defaults() throws {
        let config = try SteadymailConfiguration.parse(yaml: "smtp:\n  hostname: mx.example.org\n", environment: [:])
        #expect(
            config.lists
                == ListsConfiguration(
                    confirmationTTL: .seconds(7 * 86_400), confirmationFrom: "noreply@mx.example.org",
                    confirmationSubject: "Please confirm your subscription"))
        #expect(config.http.publicURL == nil && config.http.linkKeyFile == nil)
    }

    @Test func thePublicURLFallsBackToThePublicListener() throws {
        let config = try SteadymailConfiguration.parse(
            yaml: "http:\n  public_listen: 127.0.0.1:8081\n", environment: [:])
        #expect(config.http.publicURL == "http://127.0.0.1:8081")
    }

    @Test func givenValuesAreRead() throws {
        let config = try SteadymailConfiguration.parse(
            yaml: """
                http:
                  public_listen: 127.0.0.1:8081
                  public_url: https://news.example.org/mail/
                  link_key_file: /etc/steadymail/link.key
                lists:
                  confirmation_ttl: 2d
                  confirmation_from: news@example.org
                  confirmation_subject: Confirm, please
                """, environment: [:])
        #expect(config.http.publicURL == "https://news.example.org/mail")
        #expect(config.http.linkKeyFile == "/etc/steadymail/link.key")
        #expect(config.lists.confirmationTTL == .seconds(2 * 86_400))
        #expect(config.lists.confirmationFrom == "news@example.org")
        #expect(config.lists.confirmationSubject == "Confirm, please")
    }

    @Test func badValuesNameTheirKey() {
        let cases = [
            "http:\n  public_url: ftp://example.org\n": "http.public_url",
            "http:\n  public_url: example.org\n": "http.public_url",
            "http:\n  public_url: \"https://\"\n": "http.public_url",
            "http:\n  public_url: https://example.org/?a=b\n": "http.public_url",
            "lists:\n  confirmation_ttl: 0s\n": "lists.confirmation_ttl",
            "lists:\n  confirmation_from: nobody\n": "lists.confirmation_from",
            "lists:\n  confirmation_subject: \"\"\n": "lists.confirmation_subject",
            "lists:\n  confirmation_reply_to: x@example.org\n": "lists.confirmation_reply_to",
        ]
        for (yaml, key) in cases {
            #expect(configError(yaml)?.key == key, "\(yaml)")
        }
    }
}
