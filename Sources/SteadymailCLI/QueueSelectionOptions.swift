import ArgumentParser
import SteadymailServer

/// The options that select recipients for `steadymail queue retry|hold|release|delete`. Every option given must match.
struct QueueSelectionOptions: ParsableArguments {
    @Option(help: "Only this message (the queue id from the 250 reply).") var id: String?
    @Option(help: "Only recipients at this domain.") var domain: String?
    @Option(help: "Only messages from this envelope sender (<> for the null sender).") var sender: String?
    @Option(help: "Only messages with this tag (from X-Steadymail-Tag; any case).") var tag: String?
    @Option(help: "Only recipients whose last delivery attempt was on this relay.") var relay: String?

    var query: SelectorQuery { SelectorQuery(id: id, domain: domain, sender: sender, tag: tag, relay: relay) }

    var isEmpty: Bool { id == nil && domain == nil && sender == nil && tag == nil && relay == nil }

    /// Refuses an empty selection for operations that must not act on the whole queue by accident.
    func requireSelection(for operation: String) throws {
        guard isEmpty else { return }
        throw ValidationError("queue \(operation) needs at least one of --id, --domain, --sender, --tag, --relay")
    }
}

/// Prints what a queue operation did: `held 3 recipients (1 in flight, left alone)`, or with `--json`
/// `{"held": 3, "in_flight": 1}`.
func printOperation(_ verb: String, count: Int, inFlight: Int? = nil, json: Bool) throws {
    if json {
        var object = [verb: count]
        if let inFlight { object["in_flight"] = inFlight }
        return try printJSON(object)
    }
    var line = "\(verb) \(count) recipient\(count == 1 ? "" : "s")"
    if let inFlight, inFlight > 0 { line += " (\(inFlight) in flight, left alone)" }
    print(line)
}
