using Capstan.Core.Errors;
using Capstan.Core.Tensors;
using Capstan.Server.Inference.Grpc.Protocol;
using Google.Protobuf.Collections;

namespace Capstan.Server.Inference.Grpc;

/// <summary>Translates the protocol's <c>InferParameter</c> maps into <see cref="InferenceParameter"/> dictionaries.</summary>
/// <remarks>
/// A uint64 parameter becomes a signed integer, the one integer type the data plane carries; one above
/// <see cref="long.MaxValue"/> is refused rather than changed.
/// </remarks>
internal static class InferParameters
{
    /// <summary>Reads a parameter map; an empty map is null.</summary>
    public static Result<Dictionary<string, InferenceParameter>?> Read(MapField<string, InferParameter> parameters)
    {
        if (parameters.Count == 0)
            return (Dictionary<string, InferenceParameter>?)null;
        var read = new Dictionary<string, InferenceParameter>(parameters.Count, StringComparer.Ordinal);
        foreach (var (name, parameter) in parameters)
        {
            switch (parameter.ParameterChoiceCase)
            {
                case InferParameter.ParameterChoiceOneofCase.BoolParam:
                    read[name] = parameter.BoolParam;
                    break;
                case InferParameter.ParameterChoiceOneofCase.Int64Param:
                    read[name] = parameter.Int64Param;
                    break;
                case InferParameter.ParameterChoiceOneofCase.StringParam:
                    read[name] = parameter.StringParam;
                    break;
                case InferParameter.ParameterChoiceOneofCase.DoubleParam:
                    read[name] = parameter.DoubleParam;
                    break;
                case InferParameter.ParameterChoiceOneofCase.Uint64Param when parameter.Uint64Param <= long.MaxValue:
                    read[name] = (long)parameter.Uint64Param;
                    break;
                case InferParameter.ParameterChoiceOneofCase.Uint64Param:
                    return Error.InvalidInput($"Parameter '{name}' is {parameter.Uint64Param}, above the largest integer parameter Capstan accepts ({long.MaxValue}).");
                default:
                    return Error.InvalidInput($"Parameter '{name}' has no value.");
            }
        }
        return read;
    }
}
