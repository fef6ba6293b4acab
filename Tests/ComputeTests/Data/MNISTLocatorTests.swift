import Testing
@testable import Compute

@Suite struct MNISTLocatorTests {
    private func completeFolder(_ dir: String, gzip: Bool = true) -> [String: [UInt8]] {
        Dictionary(uniqueKeysWithValues: MNISTFile.allCases.map { (dir + "/" + (gzip ? $0.gzipName : $0.baseName), [UInt8]()) })
    }

    @Test func dataDirWinsOverEverythingElse() throws {
        let files = completeFolder("/flag").merging(completeFolder("/env")) { a, _ in a }
            .merging(completeFolder("/work/repo/data/mnist")) { a, _ in a }
        let fs = FileSystem.inMemory(files).0
        #expect(try MNISTLocator.resolve(dataDir: "/flag", environment: ["SITEGEN_DATA": "/env"],
                                         cwd: "/work/repo", fileSystem: fs) == "/flag")
        #expect(try MNISTLocator.resolve(dataDir: nil, environment: ["SITEGEN_DATA": "/env"],
                                         cwd: "/work/repo", fileSystem: fs) == "/env")
        #expect(try MNISTLocator.resolve(dataDir: nil, environment: [:], cwd: "/work/repo", fileSystem: fs)
                == "/work/repo/data/mnist")
    }

    @Test func fallsBackToTheSharedFolderBesideTheRepo() throws {
        let fs = FileSystem.inMemory(completeFolder("/work/shared/data/mnist", gzip: false)).0
        #expect(try MNISTLocator.resolve(dataDir: nil, environment: [:], cwd: "/work/repo", fileSystem: fs)
                == "/work/shared/data/mnist")
    }

    @Test func relativeDataDirAndAParentDataFolderAreAccepted() throws {
        let fs = FileSystem.inMemory(completeFolder("/work/repo/stuff/mnist")).0
        #expect(try MNISTLocator.resolve(dataDir: "./stuff", environment: [:], cwd: "/work/repo", fileSystem: fs)
                == "/work/repo/stuff/mnist")
    }

    @Test func aFolderMissingOneFileIsSkipped() throws {
        var incomplete = completeFolder("/env")
        incomplete["/env/t10k-labels-idx1-ubyte.gz"] = nil
        let fs = FileSystem.inMemory(incomplete.merging(completeFolder("/work/repo/data/mnist")) { a, _ in a }).0
        #expect(try MNISTLocator.resolve(dataDir: nil, environment: ["SITEGEN_DATA": "/env"], cwd: "/work/repo", fileSystem: fs)
                == "/work/repo/data/mnist")
    }

    /// Issue 21: a --data-dir that does not exist was ignored without a word, and another copy used.
    @Test func anExplicitDataDirWithoutMNISTIsAnErrorNotSkipped() throws {
        let fs = FileSystem.inMemory(completeFolder("/work/repo/data/mnist")).0
        let error = try #require(throws: MNISTError.self) {
            _ = try MNISTLocator.resolve(dataDir: "/typo", environment: [:], cwd: "/work/repo", fileSystem: fs)
        }
        #expect(error == .notFound(tried: [.init(path: "/typo", source: "--data-dir", problem: "no such folder"),
                                           .init(path: "/typo/mnist", source: "--data-dir", problem: "no such folder")]))
        #expect("\(error)".hasPrefix("--data-dir /typo holds no MNIST files"))
        #expect("\(error)".contains("A --data-dir is used alone when given"))
    }

    @Test func nothingFoundListsEveryPlaceInOrderAndSaysWhatToDo() {
        var partial = completeFolder("/env")
        partial["/env/train-images-idx3-ubyte.gz"] = nil
        let fs = FileSystem.inMemory(partial).0
        do {
            _ = try MNISTLocator.resolve(dataDir: nil, environment: ["SITEGEN_DATA": "/env"],
                                         cwd: "/work/repo", fileSystem: fs)
            Issue.record("expected notFound")
        } catch let MNISTError.notFound(tried) {
            #expect(tried.map(\.path) == ["/env", "/env/mnist", "/work/repo/data/mnist", "/work/shared/data/mnist"])
            #expect(tried[0].problem == "missing train-images-idx3-ubyte[.gz]")
            #expect(tried[1].problem == "no such folder")
            let message = "\(MNISTError.notFound(tried: tried))"
            #expect(message.contains("sitegen data fetch"))
            #expect(message.contains("SITEGEN_DATA"))
            #expect(message.contains("--data-dir"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    /// Assumes no ./data/mnist in the checkout (the fetch target, which is git-ignored and absent in CI).
    @Test func theRealSharedFolderIsFoundFromTheRepoRoot() throws {
        let found = try MNISTLocator.resolve(dataDir: nil, environment: [:], cwd: repoRoot)
        #expect(found == sharedMNISTDirectory || found == repoRoot + "/data/mnist")
    }
}
