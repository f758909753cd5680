using Capstan.Core.Signatures;
using Capstan.Core.Tensors;

namespace Capstan.Serving.Execution;

/// <summary>Joins requests' tensors along the first (row) dimension and slices a batch's answers back apart.</summary>
internal static class TensorBatches
{
    /// <summary>Whether two requests' inputs have the same names, types and shapes apart from the row count.</summary>
    public static bool SameRowShapes(IReadOnlyList<Tensor> left, IReadOnlyList<Tensor> right)
    {
        if (left.Count != right.Count)
            return false;
        for (var i = 0; i < left.Count; i++)
        {
            var (a, b) = (left[i], right[i]);
            if (a.Name != b.Name || a.DataType != b.DataType || a.Shape.Count != b.Shape.Count || a.Shape.Count == 0)
                return false;
            for (var d = 1; d < a.Shape.Count; d++)
            {
                if (a.Shape[d] != b.Shape[d])
                    return false;
            }
        }
        return true;
    }

    /// <summary>Joins each input of several requests into one tensor of <paramref name="rows"/> rows.</summary>
    public static IReadOnlyList<Tensor> Concatenate(IReadOnlyList<IReadOnlyList<Tensor>> requests, long rows)
    {
        var first = requests[0];
        var joined = new Tensor[first.Count];
        for (var i = 0; i < first.Count; i++)
        {
            var template = first[i];
            var shape = template.Shape.ToArray();
            shape[0] = rows;
            if (template.DataType == TensorDataType.Bytes)
            {
                var elements = new List<ReadOnlyMemory<byte>>();
                foreach (var request in requests)
                    elements.AddRange(request[i].Elements!);
                joined[i] = Tensor.FromElements(template.Name, shape, elements);
                continue;
            }
            var buffer = new byte[requests.Sum(r => r[i].Data.Length)];
            var offset = 0;
            foreach (var request in requests)
            {
                request[i].Data.Span.CopyTo(buffer.AsSpan(offset));
                offset += request[i].Data.Length;
            }
            joined[i] = Tensor.FromBuffer(template.Name, template.DataType, shape, buffer);
        }
        return joined;
    }

    /// <summary>Takes rows <paramref name="first"/> to <paramref name="first"/> + <paramref name="count"/> of each output of a batch of <paramref name="rows"/> rows, without copying.</summary>
    public static IReadOnlyList<Tensor> Slice(IReadOnlyList<Tensor> outputs, long first, long count, long rows)
    {
        var sliced = new Tensor[outputs.Count];
        for (var i = 0; i < outputs.Count; i++)
        {
            var output = outputs[i];
            var shape = output.Shape.ToArray();
            shape[0] = count;
            var perRow = output.ElementCount / rows;
            sliced[i] = output.DataType == TensorDataType.Bytes
                ? Tensor.FromElements(output.Name, shape, output.Elements!.Skip((int)(first * perRow)).Take((int)(count * perRow)).ToList())
                : Tensor.FromBuffer(output.Name, output.DataType, shape,
                    output.Data.Slice((int)(first * perRow * output.DataType.ElementSize()), (int)(count * perRow * output.DataType.ElementSize())));
        }
        return sliced;
    }
}
