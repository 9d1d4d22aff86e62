namespace Testing;

/// <summary>Waits for a service the way a load balancer would: polling its readiness endpoint until it answers 2xx.</summary>
public static class Readiness
{
    public static async Task WaitAsync(HttpClient client, string path)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            using var response = await client.GetAsync(path, timeout.Token);
            if (response.IsSuccessStatusCode)
            {
                return;
            }

            await Task.Delay(20, timeout.Token);
        }
    }
}
