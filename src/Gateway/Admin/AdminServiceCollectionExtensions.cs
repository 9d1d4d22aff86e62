namespace Gateway.Admin;

/// <summary>Registers what the admin API needs beyond the canary services: its listener, the status report and promotion.</summary>
internal static class AdminServiceCollectionExtensions
{
    /// <summary>
    /// Binds the admin listener from <c>Gateway:AdminUrls</c> (semicolon-separated; unset: each public URL's port plus
    /// 1000; <c>none</c>: no admin listener) beside the public one. Kestrel binds either the hosting URLs or listeners
    /// set in code, never both, so the public URLs (<c>urls</c>, or <c>http_ports</c>, as the host would read them) are
    /// bound here too, public first; a <c>Kestrel:Endpoints</c> section, where one is configured, stays in charge of the
    /// public side.
    /// </summary>
    public static WebApplicationBuilder AddAdminListener(this WebApplicationBuilder builder)
    {
        var listener = new AdminListener();
        builder.Services.AddSingleton(listener);
        builder.Services.AddHostedService<AdminListenerAnnouncement>();
        builder.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            var configured = context.Configuration[$"{GatewayConfig.Section}:{nameof(GatewayOptions.AdminUrls)}"];
            var publicUrls = context.Configuration.GetSection("Kestrel:Endpoints").Exists() ? [] : PublicUrls(context.Configuration);
            var admin = configured is null ? publicUrls.Select(PortPlus1000).ToArray()
                : string.Equals(configured.Trim(), AdminListener.None, StringComparison.OrdinalIgnoreCase) ? [] : Urls(configured);
            if (admin.Length == 0)
            {
                return;
            }

            foreach (var url in publicUrls)
            {
                AdminListener.Listen(kestrel, url, also: null);
            }

            foreach (var url in admin)
            {
                AdminListener.Listen(kestrel, url, listener.Add);
            }
        });
        return builder;
    }


    public static IServiceCollection AddAdmin(this IServiceCollection services)
    {
        services.AddSingleton<AdminAuthorizationFilter>();
        services.AddSingleton<ModelStatusReport>();
        services.AddSingleton<VersionRollout>();
        services.AddSingleton<Promotion>();
        services.AddSingleton<PromotionGate>();
        services.AddHttpClient(PromotionGate.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(30));
        return services;
    }

    private static string[] PublicUrls(IConfiguration configuration)
    {
        var urls = Urls(configuration[WebHostDefaults.ServerUrlsKey]);
        if (urls.Length > 0)
        {
            return urls;
        }

        var ports = Urls(configuration[WebHostDefaults.HttpPortsKey]).Select(p => $"http://*:{p}")
            .Concat(Urls(configuration[WebHostDefaults.HttpsPortsKey]).Select(p => $"https://*:{p}")).ToArray();
        return ports.Length > 0 ? ports : ["http://localhost:5000"];
    }

    private static string PortPlus1000(string url)
    {
        var address = BindingAddress.Parse(url);
        return $"{address.Scheme}://{address.Host}:{(address.Port == 0 ? 0 : address.Port + 1000)}";
    }

    private static string[] Urls(string? list) =>
        (list ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
