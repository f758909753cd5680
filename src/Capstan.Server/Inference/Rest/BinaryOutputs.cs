using Capstan.Core.Tensors;

namespace Capstan.Server.Inference.Rest;

/// <summary>Which outputs an inference response sends as binary data after its JSON (the binary tensor data extension), as the request asked.</summary>
/// <param name="byDefault">The request's <c>binary_data_output</c> parameter: whether outputs are binary unless an output says otherwise.</param>
/// <param name="chosen">Each requested output's own <c>binary_data</c> parameter, where it has one.</param>
public sealed class BinaryOutputs(bool byDefault, IReadOnlyDictionary<string, bool>? chosen)
{
    /// <summary>Every output as JSON.</summary>
    public static BinaryOutputs None { get; } = new(false, null);

    /// <summary>Whether the output <paramref name="name"/> goes back as binary data.</summary>
    public bool IsBinary(string name) => chosen is not null && chosen.TryGetValue(name, out var binary) ? binary : byDefault;

    /// <summary>Whether any of <paramref name="outputs"/> goes back as binary data.</summary>
    public bool AnyOf(IReadOnlyList<Tensor> outputs)
    {
        foreach (var output in outputs)
        {
            if (IsBinary(output.Name))
                return true;
        }
        return false;
    }
}
