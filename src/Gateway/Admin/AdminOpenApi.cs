using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Gateway.Admin;

/// <summary>
/// The admin API's own OpenAPI document (ASP.NET Core's generator over the <c>/admin</c> endpoints), served on the
/// admin listener at <c>/admin/openapi/admin.json</c> for an admin token; committed as <c>schemas/openapi.admin.json</c>.
/// </summary>
internal static class AdminOpenApi
{
    public const string DocumentName = "admin";
    private const string Scheme = "AdminToken";

    public static void Configure(OpenApiOptions options)
    {
        options.OpenApiVersion = OpenApiSpecVersion.OpenApi3_0;
        options.ShouldInclude = description => description.RelativePath?.StartsWith("admin/models", StringComparison.Ordinal) == true
            || description.RelativePath == "admin/audit";
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "Inference gateway: admin API",
                Version = "1",
                Description = "Canary shares, rollbacks, promotions and track versions, on the gateway's admin listener (docs/canary.md). Every call needs an admin token (Gateway:AdminTokens).",
            };
            document.Servers = [new OpenApiServer { Url = "/" }];
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
            {
                [Scheme] = new OpenApiSecurityScheme { Type = SecuritySchemeType.Http, Scheme = "bearer", Description = "An admin token: Authorization: Bearer {token}." },
            };
            document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Scheme, document)] = [] }];
            return Task.CompletedTask;
        });
    }
}
