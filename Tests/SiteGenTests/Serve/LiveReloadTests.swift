import Foundation
import Testing
@testable import SiteGen

@Suite("LiveReload injection") struct LiveReloadTests {
    private func inject(_ html: String) -> String {
        String(decoding: LiveReload.inject(into: Data(html.utf8)), as: UTF8.self)
    }

    @Test("the script goes right before </body> and the rest of the page is unchanged")
    func beforeBody() {
        let page = "<html><body><p>hi</p></body></html>"
        let out = inject(page)
        #expect(out == "<html><body><p>hi</p>" + LiveReload.script + "</body></html>")
        #expect(out.contains("new WebSocket("))
        #expect(out.contains(LiveReload.path))
    }

    @Test("the closing tag is found in any case, and the last one wins")
    func caseAndLast() {
        let page = "<BODY><pre>&lt;/body&gt; </body> in text</pre></BODY>"
        let out = inject(page)
        #expect(out == "<BODY><pre>&lt;/body&gt; </body> in text</pre>" + LiveReload.script + "</BODY>")
    }

    @Test("a page without </body> gets the script appended")
    func noBody() {
        #expect(inject("<p>fragment</p>") == "<p>fragment</p>" + LiveReload.script)
        #expect(inject("") == LiveReload.script)
    }

    @Test("bytes that are not UTF-8 pass through untouched")
    func invalidUTF8() {
        let page = Data([0xff, 0xfe]) + Data("</body>".utf8)
        let out = LiveReload.inject(into: page)
        #expect(out.prefix(2) == Data([0xff, 0xfe]))
        #expect(out.suffix(7) == Data("</body>".utf8))
    }
}
