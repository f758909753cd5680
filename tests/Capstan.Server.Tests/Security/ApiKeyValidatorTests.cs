using Capstan.Core.Security;
using Capstan.Registry.Stores;
using Capstan.Server.Security;
using Microsoft.Extensions.Time.Testing;

namespace Capstan.Server.Tests.Security;

public sealed class ApiKeyValidatorTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-11-29T12:00:00Z"));
    private readonly InMemoryRegistryStore _store;
    private readonly ApiKeyValidator _validator;

    public ApiKeyValidatorTests()
    {
        _store = new InMemoryRegistryStore(_time);
        _validator = new ApiKeyValidator(_store, _time);
    }

    [Fact]
    public async Task AKeyAcceptedOnce_IsAcceptedAgain_AndAnotherSecretForItsIdIsStillRefused()
    {
        var secret = await CreateKeyAsync();
        var forged = secret[..^1] + (secret[^1] == 'A' ? 'B' : 'A');

        var first = await _validator.ValidateAsync(secret, TestContext.Current.CancellationToken);
        var forgedAfter = await _validator.ValidateAsync(forged, TestContext.Current.CancellationToken);
        var again = await _validator.ValidateAsync(secret, TestContext.Current.CancellationToken);

        Assert.True(first.IsSuccess);
        Assert.Equal("The API key is not valid.", forgedAfter.Error.Message);
        Assert.True(again.IsSuccess);
        Assert.Same(first.Value, again.Value);
    }

    [Fact]
    public async Task AForgedSecretFirst_DoesNotStopTheRealKey_NorBecomeAccepted()
    {
        var secret = await CreateKeyAsync();
        var forged = secret[..^1] + (secret[^1] == 'A' ? 'B' : 'A');

        var forgedFirst = await _validator.ValidateAsync(forged, TestContext.Current.CancellationToken);
        var real = await _validator.ValidateAsync(secret, TestContext.Current.CancellationToken);
        var forgedAgain = await _validator.ValidateAsync(forged, TestContext.Current.CancellationToken);

        Assert.False(forgedFirst.IsSuccess);
        Assert.True(real.IsSuccess);
        Assert.False(forgedAgain.IsSuccess);
    }

    [Fact]
    public async Task AnAcceptedKey_IsRefusedOnceItsRecordIsReadAgainAfterExpiry()
    {
        var (key, secret) = ApiKeys.Create(new ApiKeyRequest("ci", Role.Predictor, null, 60), _time.GetUtcNow()).Value;
        await _store.CreateKeyAsync(key, Actor.System, TestContext.Current.CancellationToken);

        var before = await _validator.ValidateAsync(secret, TestContext.Current.CancellationToken);
        _time.Advance(TimeSpan.FromSeconds(61));
        var after = await _validator.ValidateAsync(secret, TestContext.Current.CancellationToken);

        Assert.True(before.IsSuccess);
        Assert.StartsWith($"The API key '{key.Id}' expired at", after.Error.Message);
    }

    private async Task<string> CreateKeyAsync()
    {
        var (key, secret) = ApiKeys.Create(new ApiKeyRequest("ci", Role.Predictor, null, null), _time.GetUtcNow()).Value;
        await _store.CreateKeyAsync(key, Actor.System, TestContext.Current.CancellationToken);
        return secret;
    }
}
