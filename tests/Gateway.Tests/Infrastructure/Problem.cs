using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Gateway.Tests.Infrastructure;

/// <summary>Reads an RFC 9457 problem answer, checking its media type.</summary>
internal static class Problem
{
    public static async Task<JsonObject> ReadAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal((int)response.StatusCode, (int)problem["status"]!);
        Assert.False(string.IsNullOrEmpty((string?)problem["title"]));
        return problem;
    }
}
