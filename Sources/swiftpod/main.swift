import CommandLineKit
import SwiftpodCLI

await CommandRunner.main(root: Swiftpod.self)
