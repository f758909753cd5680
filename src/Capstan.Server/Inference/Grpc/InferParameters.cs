using System.Text;
using Capstan.Core.Errors;
using Capstan.Core.Tensors;

namespace Capstan.Server.Inference.Grpc;

/// <summary>Translates the protocol's <c>InferParameter</c> map, as <see cref="InferRequestLayout"/> found it, into an <see cref="InferenceParameter"/> dictionary.</summary>
/// <remarks>
/// A uint64 parameter becomes a signed integer, the one integer type the data plane carries; one above
/// <see cref="long.MaxValue"/> is refused rather than changed.
/// </remarks>
internal static class InferParameters
{
    /// <summary>Reads <paramref name="map"/>, whose string values lie in <paramref name="message"/>; no map is null.</summary>
    public static Result<Dictionary<string, InferenceParameter>?> Read(ReadOnlySpan<byte> message, Dictionary<string, ParameterValue>? map)
    {
        if (map is null)
            return (Dictionary<string, InferenceParameter>?)null;
        var read = new Dictionary<string, InferenceParameter>(map.Count, StringComparer.Ordinal);
        foreach (var (name, parameter) in map)
        {
            switch (parameter.Choice)
            {
                case ParameterValue.BoolChoice:
                    read[name] = parameter.Bits != 0;
                    break;
                case ParameterValue.Int64Choice:
                    read[name] = (long)parameter.Bits;
                    break;
                case ParameterValue.StringChoice:
                    read[name] = Encoding.UTF8.GetString(message.Slice(parameter.Text.Start, parameter.Text.Length));
                    break;
                case ParameterValue.DoubleChoice:
                    read[name] = BitConverter.UInt64BitsToDouble(parameter.Bits);
                    break;
                case ParameterValue.UInt64Choice when parameter.Bits <= long.MaxValue:
                    read[name] = (long)parameter.Bits;
                    break;
                case ParameterValue.UInt64Choice:
                    return Error.InvalidInput($"Parameter '{name}' is {parameter.Bits}, above the largest integer parameter Capstan accepts ({long.MaxValue}).");
                default:
                    return Error.InvalidInput($"Parameter '{name}' has no value.");
            }
        }
        return read;
    }
}
