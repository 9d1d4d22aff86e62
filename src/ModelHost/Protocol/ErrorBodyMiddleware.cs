namespace ModelHost.Protocol;

/// <summary>Gives bodiless error answers from routing (404 no such path, 405 wrong method) the protocol's <c>{"error"}</c> body.</summary>
internal static class ErrorBodyApplicationBuilderExtensions
{
    public static IApplicationBuilder UseProtocolErrorBodies(this IApplicationBuilder app) =>
        app.UseStatusCodePages(async context =>
        {
            var http = context.HttpContext;
            var message = http.Response.StatusCode switch
            {
                StatusCodes.Status404NotFound => $"no endpoint at {http.Request.Path}",
                StatusCodes.Status405MethodNotAllowed => $"{http.Request.Method} is not allowed on {http.Request.Path}",
                var status => $"request failed with status {status}",
            };
            await ProtocolResults.Error(http.Response.StatusCode, message).ExecuteAsync(http);
        });
}
