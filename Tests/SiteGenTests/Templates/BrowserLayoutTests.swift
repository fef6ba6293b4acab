import Foundation
import Testing
@testable import SiteGen

/// Every page in headless Chromium at 1280 and 390 CSS pixels wide (a laptop, a phone): the page must not scroll
/// sideways, every image must load, no figure may be wider than the window (a wide figure scrolls inside its own
/// box instead), a figure's image is at least 3/4 of the column and at least 0.7 of its own size (its labels stay
/// readable), and no display equation is cut off. Chromium will not make a window narrower than 500 px, so each page is loaded into an iframe
/// of the width under test, where a script added to a copy of the page measures it after load and posts the result
/// to the frame around it; `--dump-dom` then prints the collected results.
@Suite(.serialized) struct BrowserLayoutTests {
    struct PageReport {
        var page: String
        var innerWidth: Int
        var problems: [String]
    }

    static let widths = [1280, 390]

    /// Measures the script's checks on every page of `directory` (copies named `measure-<page>` are written beside
    /// them, so relative links to figures and style.css resolve as on the real pages).
    static func measure(directory: String, pages: [String], width: Int) throws -> [String: PageReport] {
        let chromium = try ExternalTools.chromium()
        let probe = """
        <script>addEventListener('load', () => {
          const doc = document.documentElement, w = doc.clientWidth, problems = [];
          if (doc.scrollWidth > w) problems.push('the page scrolls sideways: ' + doc.scrollWidth + ' px of content in ' + w + ' px');
          for (const img of document.images)
            if (!img.complete || img.naturalWidth === 0) problems.push('image missing: ' + img.getAttribute('src'));
          for (const f of document.querySelectorAll('figure')) {
            // Its box, or what overflows the box visibly (a box that scrolls, or holds one, keeps its overflow inside).
            const r = f.getBoundingClientRect(), scrolls = getComputedStyle(f).overflowX !== 'visible';
            const right = scrolls ? r.right : Math.max(r.right, r.left + f.scrollWidth);
            if (r.left < -0.5 || right > w + 0.5)
              problems.push('figure #' + f.id + ' spans ' + Math.round(r.left) + '..' + Math.round(right) + ' px of a ' + w + ' px window');
          }
          // Figure images: at least 3/4 of the column, and never below 0.7 of their size in CSS pixels (their labels).
          for (const img of document.querySelectorAll('figure img')) {
            const shown = img.getBoundingClientRect().width, column = img.closest('figure').clientWidth;
            const size = Number(img.getAttribute('width'));
            if (shown < 0.75 * column - 1)
              problems.push('image ' + img.getAttribute('src') + ' is shown ' + Math.round(shown) + ' px wide, under 3/4 of its ' + column + ' px column');
            if (shown < 0.7 * size - 1)
              problems.push('image ' + img.getAttribute('src') + ' is shrunk to ' + Math.round(shown) + ' px of its ' + size + ' px: its labels are too small to read');
          }
          // A display equation wider than its box must scroll inside it, with none of it out of reach on either side.
          for (const m of document.querySelectorAll('math[display="block"]')) {
            // The extent of its symbols (a row's own box may be clamped to the equation's width).
            let left = Infinity, right = -Infinity;
            for (const e of m.querySelectorAll('mi, mn, mo, mtext')) {
              const q = e.getBoundingClientRect();
              if (q.width > 0) { left = Math.min(left, q.left); right = Math.max(right, q.right); }
            }
            if (left === Infinity) continue;
            const box = m.closest('.math-display') || m, b = box.getBoundingClientRect();
            const scrolls = ['auto', 'scroll'].includes(getComputedStyle(box).overflowX);
            const reach = scrolls ? box.scrollWidth : box.clientWidth;
            if (left < b.left - 0.5 || right > b.left + reach + 0.5)
              problems.push('a display equation is cut off: ' + Math.round(right - left) + ' px wide, ' + Math.round(left - b.left)
                            + ' px from the left of a ' + Math.round(b.width) + ' px box that ' + (scrolls ? 'scrolls ' + box.scrollWidth + ' px' : 'does not scroll')
                            + ': ' + (m.textContent || '').slice(0, 60));
          }
          parent.postMessage({page: decodeURIComponent(location.pathname.split('/').pop()).replace(/^measure-/, ''),
                              innerWidth: innerWidth, problems: problems}, '*');
        });</script>
        """
        for page in pages {
            let html = try String(contentsOfFile: directory + "/" + page, encoding: .utf8)
            guard html.contains("</body>") else { throw SourceError(file: page, "no </body> to add the measuring script before") }
            try Data(html.replacingOccurrences(of: "</body>", with: probe + "</body>").utf8)
                .write(to: URL(fileURLWithPath: directory + "/measure-" + page))
        }
        // The listener comes first: a small page can post its report before the rest of the frame page has parsed.
        let frames = pages.map { "<iframe src=\"measure-\($0)\" width=\"\(width)\" height=\"900\"></iframe>" }.joined(separator: "\n")
        let frame = """
        <!DOCTYPE html><html><head><meta charset="utf-8"><script>
        const got = [];
        addEventListener('message', e => {
          got.push(e.data);
          let out = document.getElementById('sitegen-report');
          if (!out) { out = document.createElement('pre'); out.id = 'sitegen-report'; document.body.appendChild(out); }
          out.textContent = JSON.stringify(got);
        });
        </script></head><body>
        \(frames)
        </body></html>
        """
        let framePath = directory + "/measure-frames-\(width).html"
        try Data(frame.utf8).write(to: URL(fileURLWithPath: framePath))
        let profile = try TestPaths.temporaryDirectory("chromium-profile")
        let result = try ExternalTools.run(chromium, [
            "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run", "--user-data-dir=\(profile)",
            "--window-size=\(width + 120),900", "--virtual-time-budget=60000", "--dump-dom", URL(fileURLWithPath: framePath).absoluteString,
        ])
        try? FileManager.default.removeItem(atPath: profile)
        guard result.status == 0 else {
            throw SourceError(file: chromium, "exited with status \(result.status):\n\(result.err.suffix(2000))")
        }
        guard let start = result.out.range(of: "<pre id=\"sitegen-report\">"),
              let end = result.out.range(of: "</pre>", range: start.upperBound..<result.out.endIndex) else {
            throw SourceError(file: framePath, "Chromium's page has no measurements: no page reported after loading")
        }
        let json = String(result.out[start.upperBound..<end.lowerBound])
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
        guard let entries = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]] else {
            throw SourceError(file: framePath, "measurements are not a JSON list: \(json.prefix(200))")
        }
        var reports: [String: PageReport] = [:]
        for entry in entries {
            let page = entry["page"] as? String ?? "?"
            reports[page] = PageReport(page: page, innerWidth: entry["innerWidth"] as? Int ?? -1,
                                       problems: entry["problems"] as? [String] ?? ["no problems list"])
        }
        return reports
    }

    static func check(directory: String, pages: [String], label: String) throws {
        #expect(pages.count > 10)
        for width in widths {
            let reports = try measure(directory: directory, pages: pages, width: width)
            for page in pages {
                guard let report = reports[page] else {
                    Issue.record("\(label)/\(page) at \(width) px: the page never reported (it did not finish loading)")
                    continue
                }
                #expect(report.innerWidth == width, "\(label)/\(page): measured in a \(report.innerWidth) px window, not \(width)")
                #expect(report.problems.isEmpty, "\(label)/\(page) at \(width) px: \(report.problems.joined(separator: "; "))")
            }
        }
    }

    @Test(arguments: [Backend.digits, .deepfloyd]) func theRenderedContentFitsALaptopAndAPhone(_ backend: Backend) throws {
        let site = try (backend == .digits ? RenderedContent.digits : RenderedContent.deepfloyd).get()
        try Self.check(directory: site.directory, pages: site.pages, label: "rendered content (\(backend.rawValue))")
    }

    @Test func theCommittedSiteFitsALaptopAndAPhone() throws {
        // Measured on a copy: the measuring pages must not land in the committed site/.
        let copy = try TestPaths.temporaryDirectory("committed-site")
        try FileManager.default.removeItem(atPath: copy)
        try FileManager.default.copyItem(atPath: TestPaths.repoRoot + "/site", toPath: copy)
        let pages = try FileManager.default.contentsOfDirectory(atPath: copy).filter { $0.hasSuffix(".html") }.sorted()
        try Self.check(directory: copy, pages: pages, label: "site")
    }

    @Test func theProbeSeesAPageThatScrollsSidewaysAndAMissingImage() throws {
        // The checks can fail: a 2000 px wide figure, a broken image, a clipped equation and a figure image shrunk to a
        // twelfth of its size are reported at both widths.
        let folder = try TestPaths.temporaryDirectory("bad-page")
        try Data("""
        <!DOCTYPE html><html><head><title>bad</title></head><body>
        <figure id="fig-wide"><div style="width: 2000px">wide</div></figure><img src="nothing.png" alt="gone">
        <figure><img src="tiny.png" alt="small" width="600" height="10" style="width: 50px"></figure>
        <math display="block" style="width: 100px; overflow: hidden"><mrow><mi>x</mi><mo>=</mo>\(String(repeating: "<mi>a</mi><mo>+</mo>", count: 40))<mi>b</mi></mrow></math>
        </body></html>
        """.utf8).write(to: URL(fileURLWithPath: folder + "/bad.html"))
        for width in Self.widths {
            let report = try #require(try Self.measure(directory: folder, pages: ["bad.html"], width: width)["bad.html"])
            #expect(report.innerWidth == width)
            #expect(report.problems.contains { $0.hasPrefix("the page scrolls sideways") }, "\(report.problems)")
            #expect(report.problems.contains("image missing: nothing.png"))
            #expect(report.problems.contains { $0.hasPrefix("figure #fig-wide spans") })
            #expect(report.problems.contains { $0.hasPrefix("a display equation is cut off") }, "\(report.problems)")
            // (A broken image's box may be a pixel wider than its style says.)
            #expect(report.problems.contains { $0.hasPrefix("image tiny.png is shown") && $0.contains("px wide, under 3/4 of its") })
            #expect(report.problems.contains { $0.hasPrefix("image tiny.png is shrunk to") && $0.hasSuffix("of its 600 px: its labels are too small to read") })
        }
    }
}
