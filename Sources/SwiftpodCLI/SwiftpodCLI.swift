// SwiftpodCLI: under construction.
