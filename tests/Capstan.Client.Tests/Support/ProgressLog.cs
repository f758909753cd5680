namespace Capstan.Client.Tests.Support;

/// <summary>Records every progress report as it is made, on the reporting thread.</summary>
public sealed class ProgressLog : IProgress<long>
{
    private readonly List<long> _reports = [];

    /// <summary>The reports so far, in order.</summary>
    public IReadOnlyList<long> Reports
    {
        get
        {
            lock (_reports)
                return [.. _reports];
        }
    }

    /// <inheritdoc />
    public void Report(long value)
    {
        lock (_reports)
            _reports.Add(value);
    }
}
