import CommandLineKit

await CommandRunner.main(root: SwiftpodBench.self)
