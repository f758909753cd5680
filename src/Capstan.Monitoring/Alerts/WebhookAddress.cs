using System.Net;
using System.Net.Sockets;
using Capstan.Core.Errors;

namespace Capstan.Monitoring.Alerts;

/// <summary>Checks a webhook's address: an absolute http or https URL, written plainly, that does not point at a link-local or unspecified address.</summary>
/// <remarks>
/// Refused are credentials before the host, fragments, whitespace, control and non-ASCII characters (an international
/// host is given in its <c>xn--</c> form), backslashes, IPv4 hosts written in decimal, octal or hexadecimal (which
/// resolve to an address the text hides), and link-local, unspecified and multicast addresses such as the cloud
/// metadata service at 169.254.169.254. Loopback and private addresses are allowed, since receivers often run beside the server.
/// </remarks>
public static class WebhookAddress
{
    /// <summary>The longest address accepted.</summary>
    public const int MaxLength = 2048;

    /// <summary>The address, unchanged, when it passes; a precise InvalidInput (TooLarge when too long) otherwise.</summary>
    public static Result<Uri> Check(string? url)
    {
        if (string.IsNullOrEmpty(url))
            return Error.InvalidInput("A webhook has no url; give an http or https address.");
        if (url.Length > MaxLength)
            return Error.TooLarge($"The webhook url is {url.Length} characters long; at most {MaxLength} are allowed.");
        foreach (var c in url)
        {
            if (c is <= ' ' or >= '\u007F' or '\\')
                return Error.InvalidInput($"The webhook url '{Printable(url)}' contains {Describe(c)}; write it in plain ASCII, percent-encoded where needed.");
        }
        if (!url.Contains("://", StringComparison.Ordinal) || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
            return Error.InvalidInput($"The webhook url '{url}' is not an absolute http or https address.");
        if (uri.Scheme is not ("http" or "https"))
            return Error.InvalidInput($"The webhook url '{url}' uses the scheme '{uri.Scheme}'; webhooks are posted over http or https.");
        if (uri.UserInfo.Length > 0)
            return Error.InvalidInput($"The webhook url '{Hidden(uri)}' carries credentials before the host; put a token in the path or query instead.");
        if (uri.Fragment.Length > 0)
            return Error.InvalidInput($"The webhook url '{url}' has a fragment ('{uri.Fragment}'), which is never sent; leave it out.");
        if (uri.Host.Length == 0)
            return Error.InvalidInput($"The webhook url '{url}' names no host.");
        if (uri.HostNameType == UriHostNameType.IPv4 && WrittenHost(url) != uri.Host)
            return Error.InvalidInput($"The webhook url '{url}' writes the address {uri.Host} as '{WrittenHost(url)}'; write it as {uri.Host}.");
        if (uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6 && Forbidden(IPAddress.Parse(uri.DnsSafeHost)) is { } what)
            return Error.InvalidInput($"The webhook url '{url}' points at {uri.Host}, {what}; give the receiver's own address.");
        return uri;
    }

    /// <summary>What a forbidden address is, for the message, or null when webhooks may be posted to it.</summary>
    internal static string? Forbidden(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();
        if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
            return "the unspecified address";
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var bytes = address.GetAddressBytes();
            if (bytes[0] == 169 && bytes[1] == 254)
                return "a link-local address such as the cloud metadata service's";
            if (bytes[0] >= 224)
                return "a multicast or reserved address";
            return null;
        }
        if (address.IsIPv6LinkLocal || address.IsIPv6SiteLocal)
            return "a link-local address";
        return address.IsIPv6Multicast ? "a multicast address" : null;
    }

    /// <summary>The address cut to its scheme, host and port, for logs and records, since webhook paths and queries often hold secrets.</summary>
    public static string Origin(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.PathAndQuery is "/" ? $"{uri.Scheme}://{uri.Authority}/" : $"{uri.Scheme}://{uri.Authority}/..." : "(not a URL)";

    /// <summary>The host as the text writes it: after the scheme and before the port, path, query or fragment.</summary>
    private static string WrittenHost(string url)
    {
        var start = url.IndexOf("://", StringComparison.Ordinal) + 3;
        var end = url.IndexOfAny(['/', '?', '#', ':'], start);
        return url[start..(end < 0 ? url.Length : end)].ToLowerInvariant();
    }

    private static string Hidden(Uri uri) => $"{uri.Scheme}://***@{uri.Authority}{uri.PathAndQuery}";

    private static string Printable(string url) => Capstan.Core.Naming.NameRules.Printable(url);

    private static string Describe(char c) => c switch
    {
        ' ' => "a space",
        '\\' => "a backslash",
        _ when c < ' ' || c == '\u007F' => $"the control character \\u{(int)c:X4}",
        _ => $"the non-ASCII character \\u{(int)c:X4}",
    };
}
