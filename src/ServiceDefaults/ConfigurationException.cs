namespace Microsoft.Extensions.Hosting;

/// <summary>
/// A setting a service cannot start with (a malformed URL, a schema or flags file that is missing or broken). Its
/// message names the key (or the file) and what is wrong; <see cref="ServiceHost"/> prints it as one line, without a
/// stack trace, and the process exits with <see cref="ServiceHost.ConfigurationExitCode"/>.
/// </summary>
public sealed class ConfigurationException : Exception
{
    /// <summary>A bad setting, unnamed.</summary>
    public ConfigurationException()
    {
    }

    /// <summary>A bad setting.</summary>
    /// <param name="message">The key (or file) and what is wrong with it.</param>
    public ConfigurationException(string message)
        : base(message)
    {
    }

    /// <summary>A bad setting found by a failure.</summary>
    /// <param name="message">The key (or file) and what is wrong with it.</param>
    /// <param name="innerException">The failure.</param>
    public ConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
