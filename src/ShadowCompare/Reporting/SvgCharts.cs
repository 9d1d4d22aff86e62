using System.Globalization;
using System.Text;

namespace ShadowCompare.Reporting;

/// <summary>
/// Small, dependency-free SVG charts for the HTML report, each readable alone: a title, axis titles with units, tick
/// labels, and a legend where there is more than one series. A line over time (with a real time axis), bars over bins,
/// and grouped bars.
/// </summary>
internal static class SvgCharts
{
    private const int Width = 640;
    private const int Height = 260;
    private const int Left = 64;
    private const int Right = 16;
    private const int Top = 40;
    private const int Bottom = 52;
    private const string Blue = "#2563eb";
    private const string Orange = "#ea580c";

    /// <summary>A line of values from 0 to 1 over time; a gap where a slice has no value.</summary>
    public static string Line(IReadOnlyList<(DateTimeOffset Time, double? Value)> points, string title, string yTitle)
    {
        var svg = Open(title, yTitle, "time (UTC)");
        foreach (var tick in new[] { 0, 0.5, 1 })
        {
            YTick(svg, tick, 1, tick.ToString("0.#", CultureInfo.InvariantCulture));
        }

        if (points.Count > 0)
        {
            var (first, last) = (points[0].Time, points[^1].Time);
            var span = Math.Max((last - first).TotalSeconds, 1e-9);
            double XAt(DateTimeOffset t) => Left + (PlotWidth * (points.Count == 1 ? 0.5 : (t - first).TotalSeconds / span));
            var format = (last - first) >= TimeSpan.FromDays(1) ? "MM-dd HH:mm" : "HH:mm:ss";
            // The first and last labels are anchored inside the plot, so neither runs off its edge.
            var ticks = points.Count == 1 ? [(first, "middle")] : new[] { (first, "start"), (first + ((last - first) / 2), "middle"), (last, "end") };
            foreach (var (t, anchor) in ticks)
            {
                XTick(svg, XAt(t), t.UtcDateTime.ToString(format, CultureInfo.InvariantCulture), anchor);
            }

            var segment = new List<string>();
            foreach (var (time, value) in points.Append((last, null)))
            {
                if (value is { } v)
                {
                    segment.Add(string.Create(CultureInfo.InvariantCulture, $"{XAt(time):0.#},{YAt(v, 1):0.#}"));
                    continue;
                }

                if (segment.Count > 0)
                {
                    svg.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{Blue}\" stroke-width=\"2\" points=\"{string.Join(' ', segment)}\"/>");
                    segment.Clear();
                }
            }
        }

        return svg.Append("</svg>").ToString();
    }

    /// <summary>Vertical bars, one per bin, labelled underneath.</summary>
    public static string Bars(IReadOnlyList<(string Label, double Value)> bars, string title, string xTitle, string yTitle)
    {
        var svg = Open(title, yTitle, xTitle);
        var max = bars.Count == 0 ? 1 : Math.Max(bars.Max(b => b.Value), 1e-12);
        YTick(svg, 0, max, "0");
        YTick(svg, max, max, max.ToString("0.####", CultureInfo.InvariantCulture));
        var slot = PlotWidth / Math.Max(bars.Count, 1);
        for (var i = 0; i < bars.Count; i++)
        {
            var (name, value) = bars[i];
            Bar(svg, Left + (i * slot) + (slot * 0.1), slot * 0.8, value, max, Blue, $"{name}: {value:0.####}");
            if (bars.Count <= 8 || i % Math.Max(1, bars.Count / 5) == 0)
            {
                XTick(svg, Left + (i * slot) + (slot / 2), name);
            }
        }

        return svg.Append("</svg>").ToString();
    }

    /// <summary>Two series side by side in each group (primary and shadow, say), with a legend.</summary>
    public static string GroupedBars(
        IReadOnlyList<(string Group, double? First, double? Second)> groups, (string First, string Second) series, string title, string xTitle, string yTitle)
    {
        var svg = Open(title, yTitle, xTitle);
        var max = Math.Max(groups.SelectMany(g => new[] { g.First ?? 0, g.Second ?? 0 }).DefaultIfEmpty(0).Max(), 1e-12);
        YTick(svg, 0, max, "0");
        YTick(svg, max, max, max.ToString("0.####", CultureInfo.InvariantCulture));
        var slot = PlotWidth / Math.Max(groups.Count, 1);
        for (var i = 0; i < groups.Count; i++)
        {
            var (group, first, second) = groups[i];
            var x = Left + (i * slot) + (slot * 0.1);
            Bar(svg, x, slot * 0.4, first ?? 0, max, Blue, $"{series.First} {group}: {first:0.####}");
            Bar(svg, x + (slot * 0.4), slot * 0.4, second ?? 0, max, Orange, $"{series.Second} {group}: {second:0.####}");
            XTick(svg, Left + (i * slot) + (slot / 2), group);
        }

        // The legend, top right.
        svg.Append(CultureInfo.InvariantCulture, $"""
            <g class="legend"><rect x="{Width - 170}" y="8" width="10" height="10" fill="{Blue}"/><text x="{Width - 156}" y="17" font-size="11">{Encode(series.First)}</text><rect x="{Width - 90}" y="8" width="10" height="10" fill="{Orange}"/><text x="{Width - 76}" y="17" font-size="11">{Encode(series.Second)}</text></g>
            """);
        return svg.Append("</svg>").ToString();
    }

    private static double PlotWidth => Width - Left - Right;

    private static double PlotHeight => Height - Top - Bottom;

    private static double YAt(double value, double max) => Top + PlotHeight - (PlotHeight * value / max);

    // The frame: title, axes and their titles (the y title turned up the left side).
    private static StringBuilder Open(string title, string yTitle, string xTitle) =>
        new StringBuilder().Append(CultureInfo.InvariantCulture, $"""
            <svg role="img" aria-label="{Encode(title)}" viewBox="0 0 {Width} {Height}" width="{Width}" height="{Height}" xmlns="http://www.w3.org/2000/svg"><text class="chart-title" x="{Left}" y="18" font-size="13" font-weight="bold">{Encode(title)}</text><line x1="{Left}" x2="{Left}" y1="{Top}" y2="{Top + PlotHeight}" stroke="#999"/><line x1="{Left}" x2="{Width - Right}" y1="{Top + PlotHeight}" y2="{Top + PlotHeight}" stroke="#999"/><text class="axis-title" x="{Left + (PlotWidth / 2)}" y="{Height - 8}" font-size="11" text-anchor="middle">{Encode(xTitle)}</text><text class="axis-title" x="14" y="{Top + (PlotHeight / 2)}" font-size="11" text-anchor="middle" transform="rotate(-90 14 {Top + (PlotHeight / 2)})">{Encode(yTitle)}</text>
            """);

    private static void YTick(StringBuilder svg, double value, double max, string label)
    {
        var y = YAt(value, max);
        svg.Append(CultureInfo.InvariantCulture,
            $"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{y:0.#}\" y2=\"{y:0.#}\" stroke=\"#eee\"/><text x=\"{Left - 4}\" y=\"{y + 4:0.#}\" font-size=\"10\" text-anchor=\"end\">{Encode(label)}</text>");
    }

    private static void XTick(StringBuilder svg, double x, string label, string anchor = "middle") =>
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x:0.#}\" y=\"{Top + PlotHeight + 14}\" font-size=\"10\" text-anchor=\"{anchor}\">{Encode(label)}</text>");

    private static void Bar(StringBuilder svg, double x, double width, double value, double max, string color, string tooltip)
    {
        var height = PlotHeight * value / max;
        svg.Append(CultureInfo.InvariantCulture,
            $"<rect x=\"{x:0.#}\" y=\"{Top + PlotHeight - height:0.#}\" width=\"{width:0.#}\" height=\"{height:0.#}\" fill=\"{color}\"><title>{Encode(tooltip)}</title></rect>");
    }

    private static string Encode(string text) => System.Net.WebUtility.HtmlEncode(text);
}
