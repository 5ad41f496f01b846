import Testing
import WorkspaceConfig

@Suite struct GitpodConfigDecoderTests {
    @Test func emptyFileIsTheDefaultConfiguration() {
        let (configuration, diagnostics) = GitpodConfigDecoder.decode("# nothing yet\n", file: ".gitpod.yml")
        #expect(configuration == WorkspaceConfiguration())
        #expect(diagnostics.isEmpty)
    }
}
