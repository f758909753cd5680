using Capstan.Runtime.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace Capstan.Runtime.Tests.Onnx;

public sealed class OnnxRuntimeOptionsTests
{
    [Fact]
    public void Defaults_RunEachRequestOnOneThreadWithoutSpinningOnSmallMachines()
    {
        var options = new OnnxRuntimeOptions();

        Assert.Equal(OnnxRuntimeOptions.DefaultIntraOpThreads(Environment.ProcessorCount), options.IntraOpThreads);
        Assert.False(options.AllowSpinning);
        Assert.False(options.ParallelExecution);
        Assert.Equal(1, options.InterOpThreads);
        Assert.Equal(GraphOptimizationLevel.ORT_ENABLE_ALL, options.GraphOptimizationLevel);
        Assert.Equal("OnnxRuntimeOptions", OnnxRuntimeOptions.SectionName);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 1)]
    [InlineData(15, 1)]
    [InlineData(16, 2)]
    [InlineData(64, 8)]
    public void DefaultIntraOpThreads_GivesOneThreadPerEightCores(int processorCount, int threads) =>
        Assert.Equal(threads, OnnxRuntimeOptions.DefaultIntraOpThreads(processorCount));

    [Fact]
    public void Runtime_RefusesOptionsOutOfRangeWhenCreated()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new OnnxModelRuntime(new OnnxRuntimeOptions { IntraOpThreads = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new OnnxModelRuntime(new OnnxRuntimeOptions { InterOpThreads = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new OnnxModelRuntime(new OnnxRuntimeOptions { GraphOptimizationLevel = (GraphOptimizationLevel)42 }));
    }
}
