using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using GeoFence.Zones.Model;

namespace GeoFence.Forwarding.Gate;

/// <summary>
/// Replaces the platform's certificate check (the TLS handshake's validation callback hands us the decision): the host name must match, the chain must
/// end at a CA the policy pins (custom root trust, revocation off — units are offline) and/or the SPKI SHA-256 of a
/// certificate in the chain must match a pin. With both configured, both must hold. The host name must be in the
/// certificate's subjectAltName: besides the platform's check (which falls back to the subject CN when a certificate
/// has no subjectAltName), the leaf is matched with the CN fallback off, as RFC 9525 requires.
/// </summary>
internal sealed class ServerCertificateCheck
{
    private readonly X509Certificate2Collection _roots = [];
    private readonly HashSet<string> _pins;
    private readonly TimeProvider _time;
    private readonly GateRejection _rejection;
    private readonly string _host;

    public ServerCertificateCheck(BrokerApproval approval, TimeProvider time, GateRejection rejection)
    {
        foreach (var pem in approval.CaCertificatesPem)
        {
            _roots.ImportFromPem(pem);
        }

        _pins = approval.SpkiSha256Pins.Select(p => p.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
        _time = time;
        _rejection = rejection;
        _host = approval.Host;
    }

    /// <summary>True when the server may be talked to; otherwise records why.</summary>
    public bool Validate(X509Certificate? certificate, SslPolicyErrors errors)
    {
        var reason = Check(certificate, errors);
        if (reason is null)
        {
            return true;
        }

        _rejection.Set(reason);
        return false;
    }

    private string? Check(X509Certificate? presented, SslPolicyErrors errors)
    {
        if (presented is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return "server presented no certificate";
        }

        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            return "server certificate does not name the approved host";
        }

        if (_roots.Count == 0 && _pins.Count == 0)
        {
            return "policy pins neither a CA nor a key for this broker";
        }

        using var leaf = new X509Certificate2(presented);
        if (!NamesHostInAltNames(leaf))
        {
            return "server certificate does not name the approved host";
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = _time.GetLocalNow().DateTime;
        if (_roots.Count > 0)
        {
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(_roots);
            if (!chain.Build(leaf))
            {
                var status = chain.ChainStatus.Select(s => s.Status).ToList();
                return status.Contains(X509ChainStatusFlags.NotTimeValid)
                    ? "server certificate expired or not yet valid"
                    : "server certificate is not issued by the pinned CA";
            }
        }
        else
        {
            chain.ChainPolicy.VerificationFlags = X509VerificationFlags.AllowUnknownCertificateAuthority;
            chain.Build(leaf);
            if (leaf.NotAfter.ToUniversalTime() < _time.GetUtcNow().UtcDateTime || leaf.NotBefore.ToUniversalTime() > _time.GetUtcNow().UtcDateTime)
            {
                return "server certificate expired or not yet valid";
            }
        }

        if (_pins.Count > 0)
        {
            var matched = chain.ChainElements.Select(e => e.Certificate).Prepend(leaf).Any(c => _pins.Contains(SpkiSha256(c)));
            if (!matched)
            {
                return "server key matches no SPKI pin of the policy";
            }
        }

        return null;
    }

    private bool NamesHostInAltNames(X509Certificate2 leaf)
    {
        try
        {
            return leaf.MatchesHostname(_host, allowWildcards: true, allowCommonName: false);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            return false; // a host the matcher cannot parse, or a certificate with several or undecodable subjectAltNames
        }
    }

    /// <summary>Lower-case hex SHA-256 of the certificate's SubjectPublicKeyInfo DER.</summary>
    public static string SpkiSha256(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return Convert.ToHexStringLower(SHA256.HashData(certificate.PublicKey.ExportSubjectPublicKeyInfo()));
    }
}
