using Capstan.Client.Tests.Support;
using Capstan.Core.Errors;
using Capstan.Testing.Models;

namespace Capstan.Client.Tests.Registry;

public sealed class PushLimitTests() : LiveServerTests(options => options.MaxArtifactBytes = Limit)
{
    private const long Limit = 64 * 1024;

    [Fact]
    public async Task PushAsync_OfAFileOverTheServersLimit_IsTooLarge()
    {
        var error = (await Client.PushAsync("bc", TestModels.ZipBomb, cancellationToken: Cancellation)).Error;

        Assert.Equal(ErrorCode.TooLarge, error.Code);
    }

    [Fact]
    public async Task PushAsync_OfAStreamOfUnknownLengthOverTheServersLimit_FailsAndLeavesNothing()
    {
        await using var file = File.OpenRead(TestModels.ZipBomb);
        await using var unseekable = new UnseekableStream(file);

        var error = (await Client.PushAsync("bc", unseekable, "model.zip", cancellationToken: Cancellation)).Error;

        Assert.True(error.Code is ErrorCode.TooLarge or ErrorCode.NotReady, $"{error}");
        Assert.DoesNotContain("Cannot reach", error.Message);
        Assert.Equal(ErrorCode.NotFound, (await Client.GetModelAsync("bc", Cancellation)).Error.Code);
    }

    private sealed class UnseekableStream(Stream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
