using System.Net;
using System.Net.Sockets;
using System.Text;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Routing;

/// <summary>Bodies trickled byte by byte, and bodies that stop coming: an answer or a closed connection in bounded time, never a 5xx or a hang.</summary>
public sealed class SlowBodyTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Predict_MalformedBodyTrickledByteByByte_Returns400()
    {
        var status = await SendTrickledAsync("{\"instances\": [{\"tenure_months\": NaN}]}", declaredLength: null, TimeSpan.FromMilliseconds(50));
        Assert.Equal(400, status);
    }

    [Fact]
    public async Task Predict_ValidBodyTrickledByteByByte_IsAnswered()
    {
        var status = await SendTrickledAsync(ChurnSamples.PredictBody(0, 1), declaredLength: null, TimeSpan.FromMilliseconds(10));
        Assert.Equal(200, status);
    }

    [Fact]
    public async Task Predict_BodyThatStopsComing_EndsWithin4xxOrClosedConnection_AndGatewayStillAnswers()
    {
        // Promises 500 bytes, sends 20 and then nothing: Kestrel's minimum body rate ends it, not a hang.
        var status = await SendTrickledAsync(ChurnSamples.PredictBody(0, 1)[..20], declaredLength: 500, TimeSpan.FromMilliseconds(200));
        Assert.True(status is null or (>= 400 and < 500), $"status {status}");

        using var response = await fixture.Gateway.Client.PostRawAsync("/v1/models/churn:predict", ChurnSamples.PredictBody(1, 1));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <returns>The status line's code, or null when the gateway closed the connection without one.</returns>
    private async Task<int?> SendTrickledAsync(string body, int? declaredLength, TimeSpan gap)
    {
        using var limit = new CancellationTokenSource(Bound);
        using var client = new TcpClient();
        var address = fixture.Gateway.Client.BaseAddress!;
        await client.ConnectAsync(address.Host, address.Port, limit.Token);
        var stream = client.GetStream();
        var bytes = Encoding.UTF8.GetBytes(body);
        var head = $"POST /v1/models/churn:predict HTTP/1.1\r\nHost: {address.Authority}\r\nContent-Type: application/json\r\n" +
            $"Content-Length: {declaredLength ?? bytes.Length}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), limit.Token);
        try
        {
            foreach (var b in bytes)
            {
                await stream.WriteAsync(new[] { b }, limit.Token);
                await Task.Delay(gap, limit.Token);
            }
        }
        catch (IOException)
        {
            // The gateway gave up on the body and closed the connection: what it answered, if anything, is read below.
        }

        using var reader = new StreamReader(stream, Encoding.ASCII);
        try
        {
            var statusLine = await reader.ReadLineAsync(limit.Token);
            return statusLine is null ? null : int.Parse(statusLine.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null;
        }
    }
}
