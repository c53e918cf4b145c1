import ArgumentParser
import Foundation
import SteadymailServer

/// `steadymail campaigns [--json]`: every campaign, newest first.
struct CampaignsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "campaigns", abstract: "List campaigns, newest first, with their state.")

    @OptionGroup var options: ConfigOptions
    @Flag(help: "Print JSON: {\"campaigns\": [...]}.") var json = false

    func run() async throws {
        let configuration = try options.load()
        let response = try await QueueAccess(configuration: configuration).send(
            ControlRequest(command: .campaignList))
        let campaigns = response.campaigns ?? []
        if json { return try printJSON(["campaigns": campaigns]) }
        var rows = [["ID", "NAME", "STATE", "TEMPLATE", "LISTS", "SEND AT", "DEADLINE", "NOTE"]]
        for campaign in campaigns {
            rows.append([
                String(campaign.id), campaign.name, campaign.state.rawValue, campaign.template,
                campaign.lists.joined(separator: ","), campaign.sendAt ?? "-", campaign.deadline ?? "-",
                campaign.note ?? "",
            ])
        }
        print(table(rows))
    }
}
