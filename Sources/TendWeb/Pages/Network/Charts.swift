import TendCore

/// Small server-rendered SVG charts: no script, readable by screen readers through their titles.
enum Charts {
    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&#39;")
    }

    struct Bar {
        var label: String
        var value: Int
        var valueLabel: String
        var cssClass: String
        var href: String?
    }

    /// Horizontal bars with a label on the left and the value on the right.
    static func horizontal(_ bars: [Bar], title: String, width: Int = 640, valueWidth: Int = 90) -> String {
        let labelWidth = 150, rowHeight = 30
        let height = max(bars.count, 1) * rowHeight
        let maxValue = max(bars.map(\.value).max() ?? 1, 1)
        var svg = #"<svg class="chart" viewBox="0 0 \#(width) \#(height)" role="img" aria-label="\#(escape(title))"><title>\#(escape(title))</title>"#
        for (i, bar) in bars.enumerated() {
            let y = i * rowHeight
            let length = Int(Double(width - labelWidth - valueWidth) * Double(bar.value) / Double(maxValue))
            let label = escape(bar.label.count > 20 ? String(bar.label.prefix(19)) + "…" : bar.label)
            let text = bar.href.map { #"<a href="\#(escape($0))"><text x="0" y="\#(y + 19)">\#(label)</text></a>"# }
                ?? #"<text x="0" y="\#(y + 19)">\#(label)</text>"#
            svg += text
            svg += #"<rect class="bar \#(bar.cssClass)" x="\#(labelWidth)" y="\#(y + 6)" width="\#(max(length, 2))" height="18" rx="4"><title>\#(escape(bar.label)): \#(escape(bar.valueLabel))</title></rect>"#
            svg += #"<text x="\#(labelWidth + max(length, 2) + 6)" y="\#(y + 19)">\#(escape(bar.valueLabel))</text>"#
        }
        return svg + "</svg>"
    }

    /// Columns over time, labelled now and then along the bottom.
    static func columns(_ values: [(label: String, value: Int)], title: String, labelEvery: Int) -> String {
        let width = 720, height = 180, bottom = 22, top = 14
        let maxValue = max(values.map(\.value).max() ?? 1, 1)
        let step = Double(width) / Double(max(values.count, 1))
        var svg = #"<svg class="chart" viewBox="0 0 \#(width) \#(height)" role="img" aria-label="\#(escape(title))"><title>\#(escape(title))</title>"#
        svg += #"<line class="axis" x1="0" x2="\#(width)" y1="\#(height - bottom)" y2="\#(height - bottom)"/>"#
        for (i, v) in values.enumerated() {
            let h = Double(height - bottom - top) * Double(v.value) / Double(maxValue)
            let x = Double(i) * step
            svg += #"<rect class="bar" x="\#(fmt(x + 1))" y="\#(fmt(Double(height - bottom) - h))" width="\#(fmt(max(step - 2, 1)))" height="\#(fmt(h))"><title>\#(escape(v.label)): \#(v.value)</title></rect>"#
            if i % labelEvery == 0 {
                svg += #"<text x="\#(fmt(x))" y="\#(height - 6)">\#(escape(v.label))</text>"#
            }
        }
        svg += #"<text x="0" y="10">max \#(maxValue)</text>"#
        return svg + "</svg>"
    }

    /// Two columns side by side per period.
    static func pairs(_ values: [(label: String, first: Int, second: Int)], classes: (String, String), names: (String, String), title: String) -> String {
        let width = 640, height = 180, bottom = 22, top = 14
        let maxValue = max(values.map { max($0.first, $0.second) }.max() ?? 1, 1)
        let step = Double(width) / Double(max(values.count, 1))
        let bar = max(step / 2 - 3, 1)
        var svg = #"<svg class="chart" viewBox="0 0 \#(width) \#(height)" role="img" aria-label="\#(escape(title))"><title>\#(escape(title))</title>"#
        svg += #"<line class="axis" x1="0" x2="\#(width)" y1="\#(height - bottom)" y2="\#(height - bottom)"/>"#
        for (i, v) in values.enumerated() {
            let x = Double(i) * step
            for (j, (value, cls, name)) in [(v.first, classes.0, names.0), (v.second, classes.1, names.1)].enumerated() {
                let h = Double(height - bottom - top) * Double(value) / Double(maxValue)
                svg += #"<rect class="bar \#(cls)" x="\#(fmt(x + 2 + Double(j) * (bar + 1)))" y="\#(fmt(Double(height - bottom) - h))" width="\#(fmt(bar))" height="\#(fmt(h))"><title>\#(escape(v.label)): \#(value) \#(name)</title></rect>"#
            }
            svg += #"<text x="\#(fmt(x + 2))" y="\#(height - 6)">\#(escape(v.label))</text>"#
        }
        return svg + "</svg>"
    }

    private static func fmt(_ d: Double) -> String { String(Int(d.rounded())) }
}
