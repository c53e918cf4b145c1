/// One token of a segment expression, with the 1-based column where it starts.
///
/// It exists so that the parser reasons about words, literals and symbols, and every error can point at a column.
struct SegmentToken: Equatable {
    enum Kind: Equatable {
        /// A name: a keyword (`and`, `in`, `null`, ...) or a field (`email`, `attributes.city`).
        case word(String)
        /// A single-quoted string, with `''` already turned into `'`.
        case text(String)
        /// A number as written (`18`, `-2.5`).
        case number(String)
        /// `(`, `)`, `,` or a comparison operator.
        case symbol(String)
        /// The end of the expression.
        case end
    }

    var kind: Kind
    var column: Int

    /// The token as an error message names it.
    var spelling: String {
        switch kind {
        case .word(let word): "'\(word)'"
        case .text(let text): "string '\(text)'"
        case .number(let number): "number \(number)"
        case .symbol(let symbol): "'\(symbol)'"
        case .end: "end of segment"
        }
    }

    /// True when the token is the given keyword, whatever its case.
    func isKeyword(_ keyword: String) -> Bool {
        guard case .word(let word) = kind else { return false }
        return word.lowercased() == keyword
    }

    /// True when the token is the given symbol.
    func isSymbol(_ symbol: String) -> Bool {
        kind == .symbol(symbol)
    }
}
