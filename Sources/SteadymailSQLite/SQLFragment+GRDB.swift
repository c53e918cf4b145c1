import GRDB
import SteadymailStorage

/// Binds a storage-neutral `SQLFragment` (a compiled segment) to a GRDB statement.
///
/// It exists so that fragments built above the backend stay free of GRDB types and are bound here, in one place.
extension StatementArguments {
    init(_ fragment: SQLFragment) {
        self.init(fragment.arguments.map(\.databaseValue))
    }
}

extension SQLArgument {
    var databaseValue: DatabaseValue {
        switch self {
        case .text(let text): text.databaseValue
        case .integer(let integer): integer.databaseValue
        case .real(let real): real.databaseValue
        case .null: .null
        }
    }
}
