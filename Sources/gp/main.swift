import CommandLineKit
import GPCommands

await CommandRunner.main(root: GP.self)
