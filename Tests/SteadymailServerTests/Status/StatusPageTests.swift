import Foundation
import Testing

@testable import SteadymailServer

@Suite struct StatusPageTests {
    let page = StatusPage.render(StatusFixtures.snapshot(title: StatusFixtures.hostile))

    @Test func everyDynamicTextIsEscaped() {
        #expect(!page.contains("<script"), "no script element may come from a name, a note or the title")
        #expect(!page.contains(StatusFixtures.hostile))
        let escaped = HTMLText.escape(StatusFixtures.hostile)
        #expect(page.contains("<title>\(escaped)</title>"))
        #expect(page.contains("<h1>\(escaped)</h1>"))
        #expect(page.contains("data-name=\"\(escaped)\""))
        #expect(page.contains("<p class=\"note\">\(escaped)</p>"), "the public note, escaped")
    }

    @Test func thePageIsSelfContained() {
        for forbidden in ["<script", "<link", "<img", "<iframe", "src=", "href=", "@import", "url("] {
            #expect(!page.contains(forbidden), "\(forbidden)")
        }
        #expect(page.contains("<style>"))
        #expect(StatusPage.contentSecurityPolicy == "default-src 'none'; style-src 'unsafe-inline'")
    }

    @Test func relaysMonitorsAndStatesAreShown() {
        #expect(page.contains(#"data-kind="relay" data-name="primary" data-state="down""#))
        #expect(page.contains(#"<span class="state state-down">down</span>"#))
        #expect(page.contains(#"data-kind="monitor" data-name="relay:primary" data-state="down""#))
        #expect(page.contains(#"<span class="type">smtp</span>"#))
        #expect(page.contains(#"id="overall" class="overall state-degraded""#), "one relay of two is down")
    }

    @Test func eachComponentHasNinetyBarsWithATooltip() {
        let bars = page.components(separatedBy: "<span class=\"bar ").count - 1
        #expect(bars == 90 * 3)
        #expect(page.contains(#"<span class="bar poor" title="2025-06-15: 93.50% uptime"></span>"#))
        #expect(page.contains(#"<span class="bar none" title="2025-03-18: no data"></span>"#), "90 days back")
        #expect(page.contains(#"<span class="bar good" title="2025-06-15: 100.00% uptime"></span>"#))
    }

    @Test func openAndResolvedIncidentsAndMaintenanceAreListed() {
        #expect(page.contains(#"<article class="incident" data-id="7" data-state="open">"#))
        #expect(page.contains(#"<article class="incident" data-id="3" data-state="resolved">"#))
        #expect(page.contains("Ongoing since <time datetime=\"2025-06-15T14:56:40Z\">"))
        #expect(page.contains("<h3>relay primary</h3>"), "the maintenance target")
    }

    @Test func emptySectionsSaySo() {
        let empty = StatusPage.render(
            StatusSnapshot(
                title: "t", generatedAt: StatusFixtures.now, relays: [], monitors: [], incidents: [], maintenance: []))
        #expect(empty.contains("No incidents in the last 7 days."))
        #expect(empty.contains("No maintenance planned in the next 14 days."))
        #expect(empty.contains("No relays.") && empty.contains("No monitors."))
        #expect(empty.contains("All systems operational"))
    }
}
