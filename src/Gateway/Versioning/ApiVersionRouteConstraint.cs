namespace Gateway.Versioning;

/// <summary>
/// <c>{api:apiversion}</c>: a route segment that can name a public API version (<c>v1</c>…<c>v999</c>, as
/// <see cref="ApiVersionRules.IsName"/> says), so the catalog's patterns match nothing else. Paths match without regard
/// to case, as literal ones do (<c>/V1/models</c> is <c>/v1/models</c>); handlers take the name in lower case.
/// </summary>
internal sealed class ApiVersionRouteConstraint : IRouteConstraint
{
    public const string Name = "apiversion";

    public bool Match(HttpContext? httpContext, IRouter? route, string routeKey, RouteValueDictionary values, RouteDirection routeDirection) =>
        values.TryGetValue(routeKey, out var value) && value is string text && ApiVersionRules.IsName(text.ToLowerInvariant());
}
