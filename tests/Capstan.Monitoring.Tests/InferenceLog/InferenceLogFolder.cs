using Capstan.Monitoring.InferenceLog;
using Capstan.Testing.Files;
using Microsoft.Extensions.Time.Testing;

namespace Capstan.Monitoring.Tests.InferenceLog;

/// <summary>A fresh log folder and a fake clock at <see cref="Start"/>, for tests of the inference log's files.</summary>
public abstract class InferenceLogFolder : IDisposable
{
    /// <summary>When the fake clock starts.</summary>
    protected static readonly DateTimeOffset Start = new(2025, 3, 14, 15, 9, 26, TimeSpan.Zero);

    /// <summary>The folder the log writes to.</summary>
    protected TempDirectory Data { get; } = new();

    /// <summary>The clock the sinks under test read.</summary>
    protected FakeTimeProvider Time { get; } = new(Start);

    /// <inheritdoc />
    public void Dispose()
    {
        Data.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Validated options over <see cref="Data"/>, enabled, rolling every minute, changed by <paramref name="change"/>.</summary>
    protected InferenceLogOptions Options(Action<InferenceLogOptions>? change = null)
    {
        var options = new InferenceLogOptions { Enabled = true, Directory = Data.Path, RollInterval = TimeSpan.FromMinutes(1) };
        change?.Invoke(options);
        options.Validate();
        return options;
    }
}
