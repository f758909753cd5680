using Capstan.Server.Tests.Support;
using Capstan.Testing.Files;
using Capstan.Testing.Models;
using Capstan.Testing.Servers;

namespace Capstan.Server.Tests.Drift;

/// <summary>One server for the profile upload tests, with uploads limited to 1 MiB: <c>bc</c> (the breast cancer ONNX model, one vector input) and <c>scalar</c> (four scalar inputs) pushed.</summary>
public sealed class ProfileServer : IAsyncLifetime
{
    /// <summary>The upload limit the server is started with.</summary>
    public const long MaxUploadBytes = 1024 * 1024;

    /// <summary>The running server.</summary>
    public RunningServer Server { get; private set; } = null!;

    /// <summary>A directory for the tests' data files.</summary>
    public TempDirectory Files { get; } = new();

    /// <summary>The whole breast cancer data set as CSV with scikit-learn's column names.</summary>
    public string BreastCancerCsv { get; private set; } = "";

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        Server = await RunningServer.StartAsync(settings: new Dictionary<string, string?> { ["ProfileOptions:MaxUploadBytes"] = MaxUploadBytes.ToString() });
        await Server.Http.PushAsync("bc", TestModels.BreastCancerOnnx);
        await Server.Http.PushAsync("scalar", TestModels.ScalarInputsOnnx);
        BreastCancerCsv = ReferenceData.WriteCsv(Path.Combine(Files.Path, "breast-cancer.csv"), ReferenceData.BreastCancerRows);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        Files.Dispose();
    }
}
