import Basics
import Testing

@testable import CommandLineKit

@Suite("Did-you-mean suggestions")
struct SuggestionTests {
    @Test(
        "Edit distance counts insertions, deletions, substitutions and swaps",
        arguments: [
            ("", "", 0), ("", "abc", 3), ("abc", "", 3), ("listen", "listen", 0), ("lisen", "listen", 1),
            ("lsiten", "listen", 1), ("listne", "listen", 1), ("sever", "server", 1), ("kitten", "sitting", 3),
            ("port", "json", 4),
        ])
    func editDistance(lhs: String, rhs: String, expected: Int) {
        #expect(Suggestion.editDistance(lhs, rhs) == expected)
        #expect(Suggestion.editDistance(rhs, lhs) == expected)
    }

    @Test("The closest candidate is suggested only when it is close for the word's length")
    func closest() {
        let options = ["listen", "port", "env", "log-format", "json", "verbose", "quiet"]
        #expect(Suggestion.closest(to: "lisen", in: options) == "listen")
        #expect(Suggestion.closest(to: "prot", in: options) == "port")
        #expect(Suggestion.closest(to: "log-fromat", in: options) == "log-format")
        #expect(Suggestion.closest(to: "logformat", in: options) == "log-format")
        #expect(Suggestion.closest(to: "xyz", in: options) == nil)
        #expect(Suggestion.closest(to: "js", in: options) == nil)
        #expect(Suggestion.closest(to: "verbosity", in: options) == "verbose")
        #expect(Suggestion.closest(to: "verbosities", in: options) == nil)
        #expect(Suggestion.closest(to: "listen", in: options) == nil)
        #expect(Suggestion.closest(to: "a", in: []) == nil)
    }
}
