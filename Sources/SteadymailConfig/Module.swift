import SteadymailDomain

enum SteadymailConfigModule {}
