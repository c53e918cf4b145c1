import ArgumentParser
import Foundation
import SteadymailServer

/// `steadymail campaign report ID [--json]`: what happened to a campaign's mail (totals, rates, per hour) and which
/// outages delayed its recipients, by how long.
struct CampaignReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Report a campaign: totals and rates, activity per hour, recipients delayed by each incident.")

    @OptionGroup var options: ConfigOptions
    @Argument(help: "The campaign's id.") var id: Int64
    @Flag(help: "Print the report as JSON.") var json = false

    func run() async throws {
        let configuration = try options.load()
        let response = try await QueueAccess(configuration: configuration).send(
            ControlRequest(command: .campaignReport, campaign: CampaignRequest(id: id)))
        guard let report = response.campaignReport else {
            throw ControlError.protocolError("the server sent no report")
        }
        if json { return try printJSON(report) }
        print(CampaignReportText.lines(report).joined(separator: "\n"))
    }
}
