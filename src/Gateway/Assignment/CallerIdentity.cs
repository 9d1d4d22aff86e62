using System.Net;
using Gateway.Access;
using Gateway.Flags;
using Microsoft.Extensions.Options;

namespace Gateway.Assignment;

/// <summary>
/// Who is calling, for sticky track assignment. A caller cannot choose its own identity: a key marked trusted
/// (<see cref="Access.ApiKeyOptions.Trusted"/>) speaks for the end user it names in <c>X-User-Id</c>; any other key is
/// its own caller, whatever it sends; a call without a key is its client address (through trusted proxies only,
/// <see cref="Access.AccessOptions.TrustedProxies"/>), and its <c>X-User-Id</c> is ignored. An address that many
/// callers share (loopback, or one listed in <see cref="CanaryOptions.SharedAddresses"/>) is no identity: such a call
/// has none (null), and its track is drawn at random, so one busy proxy cannot put all traffic on one track.
/// </summary>
internal sealed class CallerIdentity(IOptionsMonitor<GatewayOptions> options)
{
    public const string UserIdHeader = "X-User-Id";
    private const int MaxUserIdLength = 256;

    public string? Resolve(HttpContext context)
    {
        if (context.Features.Get<ApiKeyFeature>() is { } key)
        {
            var user = context.Request.Headers[UserIdHeader].ToString();
            return key.Trusted && user.Length is > 0 and <= MaxUserIdLength ? $"key:{key.Caller}:user:{user}" : "key:" + key.Caller;
        }

        var address = context.Connection.RemoteIpAddress;
        if (address is not null && !IsShared(address))
        {
            return "address:" + address;
        }

        return null;
    }

    private bool IsShared(IPAddress address)
    {
        if (IPAddress.IsLoopback(address))
        {
            return true;
        }

        var shared = options.CurrentValue.Canary.SharedAddresses;
        return shared.Count > 0 && shared.Any(s => IPAddress.TryParse(s, out var listed) && listed.Equals(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address));
    }
}
