import Foundation
import SteadymailDomain

/// The HTML of `GET /status`: one self-contained page (inline CSS, no script, no external asset) rendered on the
/// server from a `StatusSnapshot`.
///
/// It exists so that anyone can read the state of the service in a browser without a login, and so that every
/// dynamic text passes through `HTMLText.escape` in one place.
public enum StatusPage {
    /// The page's Content-Security-Policy: nothing may load, only the inline style applies.
    public static let contentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'"

    public static func render(_ snapshot: StatusSnapshot) -> String {
        let title = HTMLText.escape(snapshot.title)
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(title)</title>
            <style>\(style)</style>
            </head>
            <body>
            <main>
            <h1>\(title)</h1>
            <p id="overall" class="overall state-\(snapshot.overall.rawValue)">\(headline(snapshot.overall))</p>
            \(incidents(snapshot.incidents))
            \(maintenance(snapshot.maintenance))
            <section id="relays">
            <h2>Relays</h2>
            \(components(snapshot.relays.map(Row.init), empty: "No relays."))
            </section>
            <section id="monitors">
            <h2>Monitors</h2>
            \(components(snapshot.monitors.map(Row.init), empty: "No monitors."))
            </section>
            <footer>Updated \(time(snapshot.generatedAt)). Daily bars: share of good checks per UTC day, last \
            \(StatusSnapshot.uptimeDays) days.</footer>
            </main>
            </body>
            </html>

            """
    }

    static func headline(_ state: StatusState) -> String {
        switch state {
        case .operational: "All systems operational"
        case .degraded: "Some systems are degraded"
        case .down: "Mail delivery is down"
        case .maintenance: "Maintenance in progress"
        }
    }

    static func incidents(_ incidents: [StatusIncident]) -> String {
        var html = "<section id=\"incidents\">\n<h2>Incidents</h2>\n"
        if incidents.isEmpty {
            html += "<p class=\"empty\">No incidents in the last 7 days.</p>\n"
        }
        for incident in incidents {
            let subject =
                HTMLText.escape(incident.monitor)
                + (incident.relay.map { " (relay " + HTMLText.escape($0) + ")" } ?? "")
            let span =
                incident.endedAt.map { "Resolved. From \(time(incident.startedAt)) to \(time($0))." }
                ?? "Ongoing since \(time(incident.startedAt))."
            html += """
                <article class="incident" data-id="\(incident.id)" data-state="\(incident.state)">
                <h3><span class="badge state-\(incident.endedAt == nil ? "down" : "operational")">\(incident.state)\
                </span> \(subject)</h3>
                <p class="when">\(span)</p>

                """
            if let note = incident.publicNote {
                html += "<p class=\"note\">\(HTMLText.escape(note))</p>\n"
            }
            for update in incident.updates {
                html += "<p class=\"update\">\(time(update.at)): \(HTMLText.escape(update.message))</p>\n"
            }
            html += "</article>\n"
        }
        return html + "</section>"
    }

    static func maintenance(_ windows: [StatusMaintenance]) -> String {
        var html = "<section id=\"maintenance\">\n<h2>Upcoming maintenance</h2>\n"
        if windows.isEmpty {
            html += "<p class=\"empty\">No maintenance planned in the next 14 days.</p>\n"
        }
        for window in windows {
            let target = window.target.map { window.targetType + " " + $0 } ?? "the whole service"
            html += """
                <article class="maintenance"><h3>\(HTMLText.escape(target))</h3>
                <p class="when">From \(time(window.start)) to \(time(window.end)).</p>
                <p class="note">\(HTMLText.escape(window.reason))</p></article>

                """
        }
        return html + "</section>"
    }

    /// One relay or monitor line.
    struct Row {
        var kind: String
        var name: String
        var type: String?
        var state: StatusState
        var uptime: [StatusUptimeBar]
    }

    static func components(_ rows: [Row], empty: String) -> String {
        guard !rows.isEmpty else { return "<p class=\"empty\">\(empty)</p>" }
        var html = "<ul class=\"components\">\n"
        for row in rows {
            let name = HTMLText.escape(row.name)
            let type = row.type.map { " <span class=\"type\">\(HTMLText.escape($0))</span>" } ?? ""
            html += """
                <li class="component" data-kind="\(row.kind)" data-name="\(name)" data-state="\(row.state.rawValue)">
                <div class="row"><span class="name">\(name)</span>\(type)\
                <span class="state state-\(row.state.rawValue)">\(row.state.rawValue)</span></div>
                <div class="bars">\(bars(row.uptime))</div>
                </li>

                """
        }
        return html + "</ul>"
    }

    static func bars(_ days: [StatusUptimeBar]) -> String {
        days.map { day in
            var tip = day.date + ": " + (day.uptimePercent.map { String(format: "%.2f%% uptime", $0) } ?? "no data")
            if day.maintenanceMinutes > 0 { tip += ", \(day.maintenanceMinutes) min maintenance" }
            return "<span class=\"bar \(barClass(day))\" title=\"\(HTMLText.escape(tip))\"></span>"
        }.joined()
    }

    static func barClass(_ day: StatusUptimeBar) -> String {
        guard let percent = day.uptimePercent else { return day.maintenanceMinutes > 0 ? "maint" : "none" }
        if percent >= 99.9 { return day.maintenanceMinutes > 0 ? "maint" : "good" }
        return percent >= 95 ? "fair" : "poor"
    }

    static func time(_ date: Date) -> String {
        let text = InternetDate.rfc3339(date)
        return "<time datetime=\"\(HTMLText.escape(text))\">\(HTMLText.escape(text))</time>"
    }

    static let style = """
        body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d2329;background:#f5f6f8}\
        main{max-width:860px;margin:0 auto;padding:24px 16px}h1{font-size:1.6em;margin:0 0 12px}\
        h2{font-size:1.15em;margin:28px 0 8px}h3{font-size:1em;margin:0 0 4px}\
        .overall{padding:12px 16px;border-radius:6px;color:#fff;font-weight:600}\
        .overall.state-operational{background:#2e8540}.overall.state-degraded{background:#c77700}\
        .overall.state-down{background:#c0392b}.overall.state-maintenance{background:#2c6db5}\
        .components{list-style:none;padding:0;margin:0}.component{background:#fff;border-radius:6px;padding:10px 12px;\
        margin:0 0 8px}.row{display:flex;gap:8px;align-items:baseline}.name{font-weight:600}.type{color:#66717c}\
        .state{margin-left:auto;font-weight:600}.state-operational{color:#2e8540}.state-degraded{color:#c77700}\
        .state-down{color:#c0392b}.state-maintenance{color:#2c6db5}\
        .bars{display:flex;gap:1px;height:26px;margin-top:6px}.bar{flex:1;border-radius:1px;background:#d5d9de}\
        .bar.good{background:#2e8540}.bar.fair{background:#e0a100}.bar.poor{background:#c0392b}\
        .bar.maint{background:#2c6db5}.incident,.maintenance{background:#fff;border-radius:6px;padding:10px 12px;\
        margin:0 0 8px}.badge{font-size:.8em;text-transform:uppercase}.note{white-space:pre-line;margin:4px 0}\
        .when,.update,.empty,footer{color:#66717c}footer{margin-top:28px;font-size:.85em}
        """
}

extension StatusPage.Row {
    init(_ relay: StatusRelay) {
        self.init(kind: "relay", name: relay.name, type: nil, state: relay.state, uptime: relay.uptime)
    }

    init(_ monitor: StatusMonitor) {
        self.init(kind: "monitor", name: monitor.name, type: monitor.type, state: monitor.state, uptime: monitor.uptime)
    }
}
