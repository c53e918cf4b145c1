import SteadymailDomain

enum SteadymailSQLiteModule {}
