using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace ModelHost.Bench;

/// <summary>Request bodies the HTTP benchmarks send.</summary>
internal static class Bodies
{
    public const string ResNetInput = "Input247";

    /// <summary>The pixels every ResNet18 benchmark uses, in-process and over HTTP alike.</summary>
    public static float[] Pixels()
    {
        var random = new Random(42);
        return [.. Enumerable.Range(0, 3 * 224 * 224).Select(_ => (float)random.NextDouble())];
    }

    public static int WriteResNet(string file)
    {
        var body = new StringBuilder();
        body.Append(CultureInfo.InvariantCulture, $"{{\"inputs\":[{{\"name\":\"{ResNetInput}\",\"datatype\":\"FP32\",\"shape\":[1,3,224,224],\"data\":[");
        body.AppendJoin(',', Pixels().Select(p => p.ToString("R", CultureInfo.InvariantCulture)));
        body.Append("]}]}");
        File.WriteAllText(file, body.ToString());
        return 0;
    }

    /// <summary>The same image under the binary tensor data extension; prints the JSON header's length for the request header.</summary>
    public static int WriteResNetBinary(string file)
    {
        var header = Encoding.UTF8.GetBytes(
            $"{{\"inputs\":[{{\"name\":\"{ResNetInput}\",\"datatype\":\"FP32\",\"shape\":[1,3,224,224],\"parameters\":{{\"binary_data_size\":{3 * 224 * 224 * 4}}}}}]}}");
        using var stream = File.Create(file);
        stream.Write(header);
        stream.Write(MemoryMarshal.AsBytes(Pixels().AsSpan()));
        Console.WriteLine(header.Length);
        return 0;
    }

    public static int WriteChurn(string file)
    {
        File.WriteAllText(file, """
            {"instances":[{"tenure_months":7,"monthly_charges":89.5,"total_charges":640.2,"support_calls":3,"contract":"month-to-month","payment_method":"electronic-check","paperless_billing":true,"senior_citizen":false}]}
            """);
        return 0;
    }
}
