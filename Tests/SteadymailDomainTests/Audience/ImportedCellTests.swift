import SteadymailDomain
import Testing

@Suite struct ImportedCellTests {
    @Test func canonicalDecimalsAndBooleansKeepTheirType() {
        #expect(ImportedCell.value("36") == .number(36))
        #expect(ImportedCell.value("0") == .number(0))
        #expect(ImportedCell.value("-2.5") == .number(-2.5))
        #expect(ImportedCell.value("0.75") == .number(0.75))
        #expect(ImportedCell.value("true") == .bool(true))
        #expect(ImportedCell.value("false") == .bool(false))
    }

    @Test func identifiersThatLookNumericStayStrings() {
        for text in [
            "01234", "+4930123", "1e5", "12.", ".5", "-", "1,5", "1 000", "12345678901234567890", "TRUE", "NaN",
        ] {
            #expect(ImportedCell.value(text) == .string(text), "\(text)")
        }
    }
}
