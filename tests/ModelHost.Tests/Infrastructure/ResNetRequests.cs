using System.Globalization;
using System.Text;

namespace ModelHost.Tests.Infrastructure;

/// <summary>ResNet18 infer bodies: one 1×3×224×224 FP32 image of seeded pseudo-random pixels.</summary>
internal static class ResNetRequests
{
    public const string Input = "Input247";
    public const string Output = "Pooling395_Output_0";

    public static float[] Pixels(int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, 3 * 224 * 224).Select(_ => (float)random.NextDouble())];
    }

    public static string InferBody(float[] pixels)
    {
        var body = new StringBuilder(pixels.Length * 12);
        body.Append(CultureInfo.InvariantCulture, $"{{\"inputs\":[{{\"name\":\"{Input}\",\"datatype\":\"FP32\",\"shape\":[1,3,224,224],\"data\":[");
        for (var i = 0; i < pixels.Length; i++)
        {
            if (i > 0)
            {
                body.Append(',');
            }

            body.Append(pixels[i].ToString("R", CultureInfo.InvariantCulture));
        }

        return body.Append("]}]}").ToString();
    }
}
