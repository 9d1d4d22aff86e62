using System.Net;
using Gateway.Access;
using Gateway.Assignment;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Gateway.Tests.Canary;

/// <summary>A caller cannot choose its own identity: only a trusted key speaks for an end user.</summary>
public sealed class CallerIdentityTests
{
    private static readonly CallerIdentity Identity = new(new StaticOptions(new GatewayOptions()));

    private static DefaultHttpContext Call(string address, ApiKeyFeature? key, string? userId)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(address);
        if (key is not null)
        {
            context.Features.Set(key);
        }

        if (userId is not null)
        {
            context.Request.Headers[CallerIdentity.UserIdHeader] = userId;
        }

        return context;
    }

    [Fact]
    public void Resolve_AnonymousCallerSendingXUserId_IsItsAddress()
    {
        Assert.Equal("address:203.0.113.9", Identity.Resolve(Call("203.0.113.9", null, "alice")));
        Assert.Equal("address:203.0.113.9", Identity.Resolve(Call("203.0.113.9", null, "bob")));
    }

    [Fact]
    public void Resolve_UntrustedKeySendingXUserId_IsTheKeysCaller()
    {
        Assert.Equal("key:team-a", Identity.Resolve(Call("203.0.113.9", new ApiKeyFeature("team-a", Trusted: false), "alice")));
    }

    [Fact]
    public void Resolve_TrustedKeySendingXUserId_IsThatUserOfThatKey()
    {
        Assert.Equal("key:bff:user:alice", Identity.Resolve(Call("203.0.113.9", new ApiKeyFeature("bff", Trusted: true), "alice")));
        Assert.Equal("key:bff", Identity.Resolve(Call("203.0.113.9", new ApiKeyFeature("bff", Trusted: true), null)));
    }

    [Fact]
    public void Resolve_AnonymousFromLoopback_HasNoIdentity()
    {
        Assert.Null(Identity.Resolve(Call("127.0.0.1", null, "alice")));
    }

    private sealed class StaticOptions(GatewayOptions value) : IOptionsMonitor<GatewayOptions>
    {
        public GatewayOptions CurrentValue => value;

        public GatewayOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<GatewayOptions, string?> listener) => null;
    }
}
