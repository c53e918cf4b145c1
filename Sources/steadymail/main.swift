import SteadymailCLI

await SteadymailCommand.main()
