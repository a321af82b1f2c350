using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace GeoFence.Forwarding.Tests.Infrastructure;

/// <summary>A test CA and server certificates made in memory with CertificateRequest, written as PEM files for mosquitto.</summary>
public sealed class TlsMaterial
{
    private TlsMaterial(X509Certificate2 ca, ECDsa caKey)
    {
        Ca = ca;
        CaKey = caKey;
    }

    public X509Certificate2 Ca { get; }

    private ECDsa CaKey { get; }

    public string CaPem => Ca.ExportCertificatePem();

    public static TlsMaterial CreateCa(string name)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var now = DateTimeOffset.UtcNow;
        return new TlsMaterial(request.CreateSelfSigned(now.AddDays(-1), now.AddYears(5)), key);
    }

    /// <summary>
    /// A server certificate signed by this CA; returns (certificate PEM, key PEM, certificate). By default it is for
    /// CN=localhost with subjectAltName DNS localhost and IP 127.0.0.1; <paramref name="commonName"/>,
    /// <paramref name="dnsNames"/> and <paramref name="ipAddresses"/> name another host (both lists empty: no SAN at all).
    /// </summary>
    public (string CertificatePem, string KeyPem, X509Certificate2 Certificate) IssueServer(
        DateTimeOffset? notBefore = null,
        DateTimeOffset? notAfter = null,
        string commonName = "localhost",
        IReadOnlyList<string>? dnsNames = null,
        IReadOnlyList<System.Net.IPAddress>? ipAddresses = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        IReadOnlyList<string> names = dnsNames ?? ["localhost"];
        IReadOnlyList<System.Net.IPAddress> addresses = ipAddresses ?? [System.Net.IPAddress.Loopback];
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in names)
        {
            san.AddDnsName(name);
        }

        foreach (var address in addresses)
        {
            san.AddIpAddress(address);
        }

        if (names.Count + addresses.Count > 0)
        {
            request.CertificateExtensions.Add(san.Build());
        }

        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = DateTimeOffset.UtcNow;
        var serial = RandomNumberGenerator.GetBytes(12);
        using var certificate = request.Create(Ca.SubjectName, X509SignatureGenerator.CreateForECDsa(CaKey), notBefore ?? now.AddDays(-1), notAfter ?? now.AddYears(1), serial);
        var withKey = certificate.CopyWithPrivateKey(key);
        return (withKey.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem(), withKey);
    }
}
