namespace Gateway.Admin;

/// <summary>Registers what the admin API needs beyond the canary services: its listener, the status report and promotion.</summary>
internal static class AdminServiceCollectionExtensions
{
    /// <summary>
    /// The admin listener from <c>Gateway:AdminUrls</c> (semicolon-separated; unset: each public URL's port plus 1000;
    /// <c>none</c>: no admin listener), bound beside the public one (see <see cref="AdminListener.Attach"/>). The public
    /// URLs are read as the host reads them (<c>urls</c>, else <c>http_ports</c> and <c>https_ports</c>); where
    /// <c>Kestrel:Endpoints</c> binds the public side, the admin URLs must be given, and are listened on in code.
    /// </summary>
    /// <param name="builder">The gateway's builder.</param>
    /// <param name="grpc">The gRPC listener, whose URLs are bound after the public and admin ones.</param>
    public static WebApplicationBuilder AddAdminListener(this WebApplicationBuilder builder, GrpcListener grpc)
    {
        var configuration = builder.Configuration;
        var configured = configuration[$"{GatewayConfig.Section}:{nameof(GatewayOptions.AdminUrls)}"];
        var publicUrls = configuration.GetSection("Kestrel:Endpoints").Exists() ? [] : PublicUrls(configuration);
        var admin = configured is null ? publicUrls.Select(PortPlus1000).ToArray()
            : string.Equals(configured.Trim(), AdminListener.None, StringComparison.OrdinalIgnoreCase) ? [] : Urls(configured);
        foreach (var url in admin)
        {
            try
            {
                BindingAddress.Parse(url);
            }
            catch (FormatException e)
            {
                throw new ConfigurationException($"Gateway:AdminUrls: '{url}' is not a URL such as http://127.0.0.1:9080 ({e.Message})", e);
            }
        }

        var listener = new AdminListener(publicUrls, admin, grpc.Urls);
        builder.Services.AddSingleton(listener);
        builder.Services.AddHostedService<AdminListenerAnnouncement>();
        if ((admin.Length > 0 || grpc.Urls.Count > 0) && publicUrls.Length == 0)
        {
            builder.WebHost.ConfigureKestrel(listener.ListenIn);
        }

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
        services.AddOpenApi(AdminOpenApi.DocumentName, AdminOpenApi.Configure);
        return services;
    }

    private static string[] PublicUrls(ConfigurationManager configuration)
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
