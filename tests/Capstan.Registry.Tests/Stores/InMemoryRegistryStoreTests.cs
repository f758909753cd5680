using Capstan.Registry.Stores;

namespace Capstan.Registry.Tests.Stores;

/// <summary>Runs the store contract against <see cref="InMemoryRegistryStore"/>.</summary>
public sealed class InMemoryRegistryStoreTests : RegistryStoreContract
{
    protected override Task<IRegistryStore> OpenStoreAsync() => Task.FromResult<IRegistryStore>(new InMemoryRegistryStore(Time));
}
