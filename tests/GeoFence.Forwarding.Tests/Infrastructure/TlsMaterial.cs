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

    /// <summary>A server certificate for localhost/127.0.0.1 signed by this CA; returns (certificate PEM, key PEM, certificate).</summary>
    public (string CertificatePem, string KeyPem, X509Certificate2 Certificate) IssueServer(DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = DateTimeOffset.UtcNow;
        var serial = RandomNumberGenerator.GetBytes(12);
        using var certificate = request.Create(Ca.SubjectName, X509SignatureGenerator.CreateForECDsa(CaKey), notBefore ?? now.AddDays(-1), notAfter ?? now.AddYears(1), serial);
        var withKey = certificate.CopyWithPrivateKey(key);
        return (withKey.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem(), withKey);
    }
}
