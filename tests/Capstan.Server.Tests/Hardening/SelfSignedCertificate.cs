using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Capstan.Testing.Files;

namespace Capstan.Server.Tests.Hardening;

/// <summary>A self-signed certificate for 127.0.0.1 and localhost, written as PEM files, and clients that trust it and nothing else.</summary>
public sealed class SelfSignedCertificate : IDisposable
{
    private readonly TempDirectory _files = new();

    public SelfSignedCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=capstan-test", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        Certificate = X509CertificateLoader.LoadCertificate(certificate.RawData);
        CertificatePath = _files.Combine("cert.pem");
        KeyPath = _files.Combine("key.pem");
        File.WriteAllText(CertificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(KeyPath, key.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>The certificate, without its key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The PEM certificate file.</summary>
    public string CertificatePath { get; }

    /// <summary>The PEM private key file.</summary>
    public string KeyPath { get; }

    /// <summary>A handler that validates the server's chain against this certificate as the only trusted root.</summary>
    public SocketsHttpHandler TrustingHandler() => new()
    {
        SslOptions = new SslClientAuthenticationOptions
        {
            CertificateChainPolicy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                CustomTrustStore = { Certificate },
                RevocationMode = X509RevocationMode.NoCheck,
            },
        },
    };

    public void Dispose()
    {
        Certificate.Dispose();
        _files.Dispose();
    }
}
