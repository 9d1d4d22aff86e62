using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;

namespace LoadGen;

/// <summary>
/// One request at a time, each after the last is answered: how a client scores a dataset with <c>:predict</c> when it
/// loops over the rows. Prints RESULT rps=… errors=… sent=….
/// </summary>
internal static class Sequential
{
    public static async Task<string> RunAsync(Uri url, IReadOnlyList<byte[]> bodies, int count, string contentType)
    {
        using var client = new HttpClient(new SocketsHttpHandler { UseCookies = false, UseProxy = false }) { Timeout = TimeSpan.FromSeconds(30) };
        var type = MediaTypeHeaderValue.Parse(contentType);
        var errors = 0;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            using var content = new ByteArrayContent(bodies[i % bodies.Count]);
            content.Headers.ContentType = type;
            using var response = await client.PostAsync(url, content);
            await response.Content.ReadAsByteArrayAsync();
            errors += response.IsSuccessStatusCode ? 0 : 1;
        }

        return string.Create(CultureInfo.InvariantCulture, $"RESULT rps={count / clock.Elapsed.TotalSeconds:F1} errors={errors} sent={count}");
    }
}
