print("swiftpod")
