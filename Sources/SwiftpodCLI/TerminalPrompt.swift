import Basics

#if canImport(Glibc)
    import Glibc
#endif

/// Questions asked on the terminal: the prompt on standard error, the answer from standard input.
enum TerminalPrompt {
    /// Whether standard input is a terminal someone can answer on.
    static var canAsk: Bool { isatty(STDIN_FILENO) == 1 }

    /// Asks for a line of text; nil at the end of the input.
    static func line(_ prompt: String) -> String? {
        FileDescriptorWriter.writeAll(prompt, to: STDERR_FILENO)
        return readLine(strippingNewline: true)
    }

    /// Asks for a secret without echoing what is typed; nil at the end of the input.
    static func secret(_ prompt: String) -> String? {
        FileDescriptorWriter.writeAll(prompt, to: STDERR_FILENO)
        var original = termios()
        let isTerminal = tcgetattr(STDIN_FILENO, &original) == 0
        if isTerminal {
            var silent = original
            silent.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent)
        }
        defer {
            if isTerminal {
                tcsetattr(STDIN_FILENO, TCSAFLUSH, &original)
                FileDescriptorWriter.writeAll("\n", to: STDERR_FILENO)
            }
        }
        return readLine(strippingNewline: true)
    }
}
