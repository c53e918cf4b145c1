import ArgumentParser

/// The root of the `steadymail` command line; each subcommand is one file in this target.
public struct SteadymailCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "steadymail",
        abstract: "Self-hosted email delivery that keeps mail flowing through server downtime.",
        subcommands: [
            ServeCommand.self, CheckConfigCommand.self, HashPasswordCommand.self, QueueCommand.self,
            MessageCommand.self, SendCommand.self, RelaysCommand.self, RelayCommand.self,
            DestinationsCommand.self, ReloadCommand.self, APIKeyCommand.self, WebhookCommand.self,
            MonitorsCommand.self, MonitorCommand.self, IncidentsCommand.self, IncidentCommand.self,
            MaintenanceCommand.self, TemplateCommand.self,
            SLACommand.self, ListsCommand.self, ListCommand.self, SubscribersCommand.self, SubscriberCommand.self,
            SuppressionCommand.self,
            CampaignCommand.self, CampaignsCommand.self,
        ]
    )
    public init() {}
}
