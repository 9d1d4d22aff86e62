namespace ModelHost.Fleet;

/// <summary>
/// The control plane's desired versions for this host's track, as configuration (<c>ModelHost:Pins:{model}</c>) added
/// after every other source, so they win; the reconciler swaps models hot on its reload as for any other change.
/// </summary>
internal sealed class DesiredVersionsProvider : ConfigurationProvider, IConfigurationSource
{
    public IConfigurationProvider Build(IConfigurationBuilder builder) => this;

    /// <summary>Puts a new set of desired versions in force, if it differs from the one in force or <paramref name="force"/> is set.</summary>
    public void Replace(bool force, IReadOnlyDictionary<string, string> versions)
    {
        var data = versions.ToDictionary(
            v => $"{ModelHostConfig.Section}:{nameof(ModelHostOptions.Pins)}:{v.Key}", v => (string?)v.Value, StringComparer.OrdinalIgnoreCase);
        if (!force && data.Count == Data.Count && data.All(pair => Data.TryGetValue(pair.Key, out var known) && known == pair.Value))
        {
            return;
        }

        Data = data;
        OnReload();
    }
}
