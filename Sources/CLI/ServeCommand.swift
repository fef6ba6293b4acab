import ArgumentParser
import Foundation
import SiteGen

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve site/ locally, rebuild on edits to content/ or templates/, and reload the open page.",
        discussion: """
        Builds once first (from the cache, so usually instantly). Paths outside site/ are refused. The reload \
        script is injected into served pages only, never into the files under site/.

        Example:
          sitegen serve --port 8000
        """
    )

    @OptionGroup var project: ProjectOptions

    @Option(help: "Address to listen on (IPv4).")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on (0 picks a free one).")
    var port: UInt16 = 8000

    func run() async throws {
        try await reportingErrors {
            let console = Console.standardError
            let options = try project.buildOptions()
            let builder = SiteBuilder(options: options, console: console, loadMNIST: project.mnistLoader(console: console))
            try builder.build()
            let root = URL(fileURLWithPath: options.root)
            let server = try DevServer(
                DevServer.Configuration(siteDirectory: URL(fileURLWithPath: options.siteDirectory), host: host, port: port,
                                        watchedDirectories: [root.appendingPathComponent("content"),
                                                             root.appendingPathComponent("templates")]),
                rebuild: { try builder.build() })
            try await server.run()
        }
    }
}
