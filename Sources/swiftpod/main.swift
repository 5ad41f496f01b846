import CommandLineKit
import SwiftpodCLI

Swiftpod.prepareProcess()
await CommandRunner.main(root: Swiftpod.self)
