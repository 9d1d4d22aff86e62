namespace Gateway.Assignment;

/// <summary>Registers track assignment: who a caller is, and which track each call of theirs goes to.</summary>
internal static class AssignmentServiceCollectionExtensions
{
    public static IServiceCollection AddAssignment(this IServiceCollection services)
    {
        services.AddSingleton(Random.Shared);
        services.AddSingleton<CallerIdentity>();
        services.AddSingleton<CallerKeys>();
        services.AddSingleton<TrackAssigner>();
        return services;
    }
}
