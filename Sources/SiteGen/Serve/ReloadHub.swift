import FlyingFox

/// Keeps one outgoing message stream per connected page so a rebuild can tell every page to reload.
/// Streams are kept in connection order (an array, not a dictionary) so nothing depends on hash order.
actor ReloadHub: WSMessageHandler {
    private var nextID = 0
    private var clients: [(id: Int, stream: AsyncStream<WSMessage>.Continuation)] = []

    var connectedPages: Int { clients.count }

    nonisolated func makeMessages(for client: AsyncStream<WSMessage>) async throws -> AsyncStream<WSMessage> {
        let (outgoing, continuation) = AsyncStream<WSMessage>.makeStream()
        let id = await register(continuation)
        // The page never sends anything we need; draining its stream tells us when it went away.
        Task {
            for await _ in client {}
            await self.unregister(id)
        }
        return outgoing
    }

    /// Sends the reload message to every connected page and returns how many were told.
    @discardableResult
    func reloadAll() -> Int {
        for client in clients { client.stream.yield(.text(LiveReload.reloadMessage)) }
        return clients.count
    }

    /// Ends every page's stream so the server can shut down without waiting on open sockets.
    func disconnectAll() {
        for client in clients { client.stream.finish() }
        clients.removeAll()
    }

    private func register(_ continuation: AsyncStream<WSMessage>.Continuation) -> Int {
        nextID += 1
        clients.append((nextID, continuation))
        return nextID
    }

    private func unregister(_ id: Int) {
        for client in clients where client.id == id { client.stream.finish() }
        clients.removeAll { $0.id == id }
    }
}
