using System.Collections.Frozen;
using Capstan.Core.Errors;
using Capstan.Core.Signatures;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Capstan.Runtime.Inspection;

/// <summary>Reads the signature of an ML.NET model zip, after <see cref="ZipSafety"/> has passed it.</summary>
/// <remarks>
/// Inputs are the visible columns of the schema the model was saved with. Outputs are the visible columns of the output
/// schema that the model adds or replaces: a column counts as passed through only where it keeps its input's position,
/// name and type, since ML.NET appends every new or rewritten column after the input columns. Outputs of a type Capstan
/// cannot serve (such as an image) are left out; a request simply cannot ask for them. Required inputs are found by
/// asking the model for its output schema once per input with that input removed: the model needs exactly the inputs
/// whose removal makes it throw (a label that only training read is not needed). The safety check and the load read
/// the same open file, so replacing the file between them has no effect.
/// </remarks>
internal static class MlNetSignatureReader
{
    private const string ModelKeyFileName = "Model.key";

    private static readonly FrozenDictionary<Type, TensorDataType> DataTypes = new Dictionary<Type, TensorDataType>
    {
        [typeof(bool)] = TensorDataType.Bool,
        [typeof(byte)] = TensorDataType.UInt8,
        [typeof(ushort)] = TensorDataType.UInt16,
        [typeof(uint)] = TensorDataType.UInt32,
        [typeof(ulong)] = TensorDataType.UInt64,
        [typeof(sbyte)] = TensorDataType.Int8,
        [typeof(short)] = TensorDataType.Int16,
        [typeof(int)] = TensorDataType.Int32,
        [typeof(long)] = TensorDataType.Int64,
        [typeof(float)] = TensorDataType.Fp32,
        [typeof(double)] = TensorDataType.Fp64,
        [typeof(ReadOnlyMemory<char>)] = TensorDataType.Bytes,
    }.ToFrozenDictionary();

    public static Result<ModelSignature> Read(string path, ZipLimits limits, CancellationToken cancellationToken)
    {
        using var stream = File.OpenRead(path);
        if (!ZipSafety.Check(stream, limits, cancellationToken).TryGetValue(out var names, out var error))
            return error;
        if (!names.Any(name => name == ModelKeyFileName || name.EndsWith("/" + ModelKeyFileName, StringComparison.Ordinal)))
            return Error.InvalidInput($"The zip is not an ML.NET model: it has no {ModelKeyFileName} entry.");
        cancellationToken.ThrowIfCancellationRequested();

        stream.Position = 0;
        if (!Load(stream).TryGetValue(out var loaded, out error))
            return error;
        try
        {
            return Describe(loaded.Model, loaded.InputSchema, cancellationToken);
        }
        finally
        {
            (loaded.Model as IDisposable)?.Dispose();
        }
    }

    /// <summary>Loads a model and the input schema it was saved with; the runtime loads through here too, so both refuse the same files.</summary>
    public static Result<(ITransformer Model, DataViewSchema InputSchema)> Load(Stream stream)
    {
        ITransformer model;
        DataViewSchema? inputSchema;
        try
        {
            model = new MLContext().Model.Load(stream, out inputSchema);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return Error.InvalidInput($"The zip is not an ML.NET model: {exception.Message}");
        }
        if (inputSchema is null)
        {
            (model as IDisposable)?.Dispose();
            return Error.InvalidInput("The ML.NET model was saved without its input schema; save it with MLContext.Model.Save(model, data.Schema, path).");
        }
        return (model, inputSchema);
    }

    /// <summary>Reads the signature of a loaded model; the runtime uses it to check a loaded model against its recorded signature.</summary>
    public static Result<ModelSignature> Describe(ITransformer model, DataViewSchema inputSchema, CancellationToken cancellationToken)
    {
        DataViewSchema outputSchema;
        try
        {
            outputSchema = model.GetOutputSchema(inputSchema);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return Error.InvalidInput($"The ML.NET model does not accept the input schema it was saved with: {exception.Message}");
        }

        var inputs = new List<TensorSpec>();
        foreach (var column in inputSchema.Where(column => !column.IsHidden))
        {
            if (ToTensorSpec(column) is not { } spec)
                return Error.InvalidInput($"The ML.NET model's input column '{column.Name}' has type {column.Type}, which Capstan cannot serve.");
            inputs.Add(spec);
        }
        var outputs = outputSchema
            .Where(column => !column.IsHidden && !IsPassedThrough(column, inputSchema))
            .Select(ToTensorSpec)
            .OfType<TensorSpec>()
            .ToList();
        var required = new List<string>();
        foreach (var input in inputs)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (IsRequired(model, inputSchema, input.Name))
                required.Add(input.Name);
        }
        return new ModelSignature(inputs, outputs, required);
    }

    private static bool IsPassedThrough(DataViewSchema.Column output, DataViewSchema inputSchema) =>
        output.Index < inputSchema.Count
        && inputSchema[output.Index] is var input
        && !input.IsHidden && input.Name == output.Name && input.Type.Equals(output.Type);

    private static bool IsRequired(ITransformer model, DataViewSchema inputSchema, string name)
    {
        var builder = new DataViewSchema.Builder();
        foreach (var column in inputSchema.Where(column => column.Name != name))
            builder.AddColumn(column.Name, column.Type, column.Annotations);
        try
        {
            model.GetOutputSchema(builder.ToSchema());
            return false;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return true;
        }
    }

    private static TensorSpec? ToTensorSpec(DataViewSchema.Column column) => column.Type switch
    {
        VectorDataViewType vector when DataTypes.TryGetValue(vector.ItemType.RawType, out var itemType) =>
            new TensorSpec(column.Name, itemType, [-1, vector.IsKnownSize ? vector.Size : -1]),
        VectorDataViewType => null,
        var scalar when DataTypes.TryGetValue(scalar.RawType, out var dataType) => new TensorSpec(column.Name, dataType, [-1]),
        _ => null,
    };
}
