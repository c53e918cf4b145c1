import Foundation
import Testing

@testable import SteadymailConfig

@Suite struct StatusTests {
    @Test func defaultsNameThePageAfterTheHostAndHaveNoPublicListener() throws {
        let config = try SteadymailConfiguration.parse(yaml: "smtp:\n  hostname: mx.example.org\n", environment: [:])
        #expect(config.status == StatusConfiguration(title: "mx.example.org status", cacheTTL: .seconds(10)))
        #expect(config.http.publicListen == nil)
    }

    @Test func aPublicListenerAndATitleAreRead() throws {
        let config = try SteadymailConfiguration.parse(
            yaml: """
                http:
                  public_listen: 0.0.0.0:8080
                status:
                  title: "Example <Mail> status"
                  cache_ttl: 2s
                """, environment: [:])
        #expect(config.http.publicListen == ListenAddress(host: "0.0.0.0", port: 8080))
        #expect(config.status.title == "Example <Mail> status" && config.status.cacheTTL == .seconds(2))
    }

    @Test func badValuesNameTheirKey() {
        let cases = [
            "http:\n  public_listen: nowhere\n": "http.public_listen",
            "http:\n  listen: 127.0.0.1:9000\n  public_listen: 127.0.0.1:9000\n": "http.public_listen",
            "status:\n  title: \"\(String(repeating: "t", count: 201))\"\n": "status.title",
            "status:\n  title: \"a\\u0007b\"\n": "status.title",
            "status:\n  cache_ttl: 0s\n": "status.cache_ttl",
            "status:\n  colour: blue\n": "status.colour",
        ]
        for (yaml, key) in cases {
            #expect(configError(yaml)?.key == key, "\(yaml)")
        }
        #expect(
            configError("http:\n  listen: 127.0.0.1:9000\n  public_listen: 127.0.0.1:9000\n")?.message
                == "must differ from http.listen (the admin API)")
    }

    @Test func thePublicListenerAndTheTitleWaitForARestart() throws {
        let running = try SteadymailConfiguration.parse(yaml: "", environment: [:])
        let loaded = try SteadymailConfiguration.parse(
            yaml: "http:\n  public_listen: 127.0.0.1:8080\nstatus:\n  title: New\n", environment: [:])
        let plan = ReloadPlan(running: running, loaded: loaded)
        #expect(plan.restartNeeded == ["http", "status"])
        #expect(plan.effective == running)
    }
}
