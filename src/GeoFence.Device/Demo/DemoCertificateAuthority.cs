using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace GeoFence.Device.Demo;

/// <summary>
/// An ephemeral ECDSA P-256 certificate authority made at start, and the one server certificate it issues for the
/// embedded broker (SAN: 127.0.0.1, ::1, localhost). Everything lives in memory; the CA's private key is never
/// exported and dies with this object, so nothing it signed can be trusted after the demo ends.
/// </summary>
public sealed class DemoCertificateAuthority : IDisposable
{
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1", "Server Authentication");

    private DemoCertificateAuthority(X509Certificate2 caCertificate, X509Certificate2 serverCertificate)
    {
        CaCertificate = caCertificate;
        ServerCertificate = serverCertificate;
    }

    /// <summary>The CA certificate (public part only): what the policy pins and the consumer trusts.</summary>
    public X509Certificate2 CaCertificate { get; }

    /// <summary>The broker's certificate with its private key, issued by <see cref="CaCertificate"/>.</summary>
    public X509Certificate2 ServerCertificate { get; }

    /// <summary>The CA certificate as PEM, as the policy's <c>caCertificates</c> carries it.</summary>
    public string CaCertificatePem => CaCertificate.ExportCertificatePem();

    /// <summary>
    /// Makes a fresh CA and server certificate, valid from one hour before <paramref name="now"/> (clock skew) for
    /// <paramref name="lifetime"/> (default one day: a demo, not a deployment).
    /// </summary>
    public static DemoCertificateAuthority Create(DateTimeOffset now, TimeSpan? lifetime = null)
    {
        var notBefore = now.AddHours(-1);
        var notAfter = now + (lifetime ?? TimeSpan.FromDays(1));
        if (notAfter <= now)
        {
            throw new ArgumentOutOfRangeException(nameof(lifetime), "the certificates must outlive the moment they are made");
        }

        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=GeoFence demo CA (ephemeral), O=GeoFence.Device demo", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, critical: false));
        using var caWithKey = caRequest.CreateSelfSigned(notBefore, notAfter.AddMinutes(1));
        var caPublic = X509CertificateLoader.LoadCertificate(caWithKey.RawData);

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest("CN=localhost, O=GeoFence.Device demo broker", serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        names.AddDnsName("localhost");
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        serverRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([ServerAuthentication], critical: false));
        serverRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(caWithKey, true, false));
        using var issued = serverRequest.Create(caWithKey, notBefore, notAfter, RandomNumberGenerator.GetBytes(16));
        var server = issued.CopyWithPrivateKey(serverKey);
        return new DemoCertificateAuthority(caPublic, server);
    }

    /// <summary>True when <paramref name="certificate"/> chains to this CA (custom root trust, no revocation: offline).</summary>
    public bool Issued(X509Certificate2 certificate, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(CaCertificate);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = at.UtcDateTime;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        return chain.Build(certificate);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        ServerCertificate.Dispose();
        CaCertificate.Dispose();
    }
}
