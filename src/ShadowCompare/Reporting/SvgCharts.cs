using System.Globalization;
using System.Text;

namespace ShadowCompare.Reporting;

/// <summary>Small, dependency-free SVG charts for the HTML report: a line over slices, bars over bins, grouped bars.</summary>
internal static class SvgCharts
{
    private const int Width = 560;
    private const int Height = 200;
    private const int Margin = 36;

    /// <summary>A line of values between 0 and 1 (agreement over time), with the 0 and 1 gridlines.</summary>
    public static string Line(IReadOnlyList<double?> values, string label)
    {
        var svg = Open(label);
        Grid(svg, "1", Margin);
        Grid(svg, "0", Height - Margin);
        var points = values
            .Select((v, i) => (v, i))
            .Where(p => p.v is not null)
            .Select(p => $"{X(p.i, values.Count)},{Y(p.v!.Value, 1)}");
        svg.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"#2563eb\" stroke-width=\"2\" points=\"{string.Join(' ', points)}\"/>");
        return svg.Append("</svg>").ToString();
    }

    /// <summary>Vertical bars, one per value, labelled underneath.</summary>
    public static string Bars(IReadOnlyList<(string Label, double Value)> bars, string label, string unit)
    {
        var svg = Open(label);
        var max = bars.Count == 0 ? 1 : Math.Max(bars.Max(b => b.Value), 1e-12);
        var slot = (Width - (2.0 * Margin)) / Math.Max(bars.Count, 1);
        for (var i = 0; i < bars.Count; i++)
        {
            var (name, value) = bars[i];
            var height = (Height - (2.0 * Margin)) * value / max;
            var x = Margin + (i * slot) + (slot * 0.1);
            svg.Append(CultureInfo.InvariantCulture,
                $"<rect x=\"{x:0.#}\" y=\"{Height - Margin - height:0.#}\" width=\"{slot * 0.8:0.#}\" height=\"{height:0.#}\" fill=\"#60a5fa\"><title>{Encode(name)}: {value:0.####} {unit}</title></rect>");
            if (bars.Count <= 8 || i % Math.Max(1, bars.Count / 5) == 0)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x:0.#}\" y=\"{Height - (Margin / 3)}\" font-size=\"10\">{Encode(name)}</text>");
            }
        }

        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"4\" y=\"{Margin - 8}\" font-size=\"10\">max {max:0.####} {unit}</text>");
        return svg.Append("</svg>").ToString();
    }

    private static StringBuilder Open(string label) =>
        new StringBuilder().Append(CultureInfo.InvariantCulture,
            $"<svg role=\"img\" aria-label=\"{Encode(label)}\" viewBox=\"0 0 {Width} {Height}\" width=\"{Width}\" height=\"{Height}\" xmlns=\"http://www.w3.org/2000/svg\">");

    private static void Grid(StringBuilder svg, string label, double y) =>
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Margin}\" x2=\"{Width - Margin}\" y1=\"{y}\" y2=\"{y}\" stroke=\"#ddd\"/><text x=\"4\" y=\"{y + 4}\" font-size=\"10\">{label}</text>");

    private static string X(int index, int count) =>
        (Margin + ((Width - (2.0 * Margin)) * (count <= 1 ? 0.5 : index / (double)(count - 1)))).ToString("0.#", CultureInfo.InvariantCulture);

    private static string Y(double value, double max) =>
        (Height - Margin - ((Height - (2.0 * Margin)) * value / max)).ToString("0.#", CultureInfo.InvariantCulture);

    private static string Encode(string text) => System.Net.WebUtility.HtmlEncode(text);
}
