namespace Gateway.Access;

/// <summary>Checks <c>X-Api-Key</c> on a public endpoint outside the request pipeline (the catalog), as the pipeline does on predict.</summary>
internal sealed class ApiKeyFilter(ApiKeyDirectory keys) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        await ApiKeyAuthentication.AuthenticateAsync(context.HttpContext, keys) ? await next(context) : Results.Empty;
}
