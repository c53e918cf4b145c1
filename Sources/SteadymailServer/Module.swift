import SteadymailDomain

enum SteadymailServerModule {}
