import SteadymailDomain

enum SteadymailSMTPModule {}
