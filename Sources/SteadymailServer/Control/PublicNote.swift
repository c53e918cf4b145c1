import Foundation

/// The rule for an incident's public note: the one text about an incident that anyone may read on the status page.
///
/// It exists so that the CLI and the API refuse the same notes with the same words: a note is trimmed, must not be
/// empty (clearing is explicit), holds at most `maxLength` characters and no control characters but line breaks.
public enum PublicNote {
    public static let maxLength = 1000

    /// The note as stored, trimmed of surrounding white space.
    public static func check(_ text: String) throws(PublicNoteError) -> String {
        let note = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !note.isEmpty else { throw .empty }
        guard note.count <= maxLength else { throw .tooLong(note.count) }
        let control = note.unicodeScalars.contains {
            $0.properties.generalCategory == .control && $0 != "\n"
        }
        guard !control else { throw .controlCharacter }
        return note
    }
}

/// Why a public note was refused.
public enum PublicNoteError: Error, Equatable, CustomStringConvertible {
    case empty
    case tooLong(Int)
    case controlCharacter

    public var description: String {
        switch self {
        case .empty: "note: must not be empty (clear a note instead)"
        case .tooLong(let count): "note: must be at most \(PublicNote.maxLength) characters, not \(count)"
        case .controlCharacter: "note: must not contain control characters other than line breaks"
        }
    }
}
