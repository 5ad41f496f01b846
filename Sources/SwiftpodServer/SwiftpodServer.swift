// SwiftpodServer: under construction.
