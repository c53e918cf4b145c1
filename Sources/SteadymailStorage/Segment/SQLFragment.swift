/// A piece of SQL with its placeholders' values, kept apart.
///
/// It exists so that a condition built from user input (a segment) reaches the database as text with placeholders
/// plus bound arguments, never with a value spliced into the SQL. The caller appends `sql` to its own statement and
/// binds `arguments` in order after its own.
public struct SQLFragment: Sendable, Equatable {
    /// The SQL text; values appear only as placeholders (`?` for SQLite, `$n` for PostgreSQL).
    public var sql: String
    /// The values of the placeholders, in order.
    public var arguments: [SQLArgument]

    public init(sql: String, arguments: [SQLArgument]) {
        self.sql = sql
        self.arguments = arguments
    }
}

/// One bound value of an `SQLFragment`.
///
/// It exists so that fragments stay free of any database library's value type and each backend maps them itself.
public enum SQLArgument: Sendable, Equatable {
    case text(String)
    case integer(Int64)
    case real(Double)
    case null
}

/// The SQL dialects a fragment can be written for.
///
/// It exists because SQLite and PostgreSQL differ in placeholders (`?` against `$1`), JSON functions and `ILIKE`.
public enum SQLDialect: Sendable {
    case sqlite
    case postgres
}
