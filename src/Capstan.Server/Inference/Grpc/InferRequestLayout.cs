using System.Text;

namespace Capstan.Server.Inference.Grpc;

/// <summary>Where the fields of one <c>ModelInferRequest</c> message lie, found in one pass that checks the whole message as Google.Protobuf's parser does.</summary>
/// <remarks>
/// It records positions and counts, not values: <see cref="InferRequestDecoder"/> then reads the values straight into
/// the data plane's tensors. Protobuf's merge rules hold: a singular string field's last occurrence wins, a tensor's
/// <c>contents</c> given twice are concatenated field by field, packed and unpacked values of one repeated field join in
/// order, and a map key given twice keeps its first place and takes its last value. Fields the protocol does not declare
/// are passed over as Google.Protobuf passes over unknown fields; the parameters of inputs and requested outputs are
/// checked and dropped, as the decoder ignores them. What it keeps is bounded: typed values are counted, not kept; a
/// repeated parameter key is kept once; inputs and raw entries past the most a request may have are counted alone; and
/// an instance that a large message grew is not kept for the next. One instance per thread is reused (<see cref="ForThisThread"/>),
/// which holds for a message that is read and decoded without the thread doing anything else in between.
/// </remarks>
internal sealed class InferRequestLayout
{
    /// <summary>The number of typed contents fields, bool_contents (0) to bytes_contents (7) in field order.</summary>
    public const int ContentsFields = 8;

    /// <summary>The index of bytes_contents, the one contents field that is not packed.</summary>
    public const int BytesField = 7;

    /// <summary>How many inputs, dimensions, outputs or raw entries a layout may have room for and still be kept for the next message.</summary>
    private const int KeptCapacity = 1024;

    [ThreadStatic]
    private static InferRequestLayout? _forThisThread;

    /// <summary>The model name's bytes.</summary>
    public (int Start, int Length) ModelName { get; private set; }

    /// <summary>The model version's bytes.</summary>
    public (int Start, int Length) ModelVersion { get; private set; }

    /// <summary>The request id's bytes.</summary>
    public (int Start, int Length) Id { get; private set; }

    /// <summary>The request's parameters by key, in the order protobuf's map keeps them, or null for none.</summary>
    public Dictionary<string, ParameterValue>? Parameters { get; private set; }

    /// <summary>The inputs, in order, up to the most a request may have (the rest are checked and counted).</summary>
    public List<InputLayout> Inputs { get; } = [];

    /// <summary>How many inputs the message has.</summary>
    public int InputCount { get; private set; }

    /// <summary>The names of the requested outputs, in order.</summary>
    public List<(int Start, int Length)> Outputs { get; } = [];

    /// <summary>The raw_input_contents entries, in order, up to the most inputs a request may have (the rest are counted).</summary>
    public List<(int Start, int Length)> Raw { get; } = [];

    /// <summary>How many raw_input_contents entries the message has.</summary>
    public int RawCount { get; private set; }

    /// <summary>Every input's shape dimensions, each input's a run of its own (<see cref="InputLayout.ShapeStart"/>).</summary>
    public List<long> Dimensions { get; } = [];

    /// <summary>This thread's layout, emptied.</summary>
    public static InferRequestLayout ForThisThread()
    {
        var layout = _forThisThread;
        if (layout is null || Math.Max(Math.Max(layout.Inputs.Capacity, layout.Dimensions.Capacity), Math.Max(layout.Outputs.Capacity, layout.Raw.Capacity)) > KeptCapacity)
            return _forThisThread = new InferRequestLayout();
        layout.ModelName = layout.ModelVersion = layout.Id = default;
        layout.InputCount = layout.RawCount = 0;
        layout.Parameters = null;
        layout.Inputs.Clear();
        layout.Outputs.Clear();
        layout.Raw.Clear();
        layout.Dimensions.Clear();
        return layout;
    }

    /// <summary>Finds the fields of the message <paramref name="reader"/> reads, keeping <paramref name="maxInputs"/> inputs and raw entries at most; a malformation ends in <see cref="ProtoReader.Error"/>.</summary>
    public void Read(ref ProtoReader reader, int maxInputs)
    {
        while (reader.TryReadTag(out var tag) && (tag & 7) != ProtoReader.EndGroup)
        {
            switch (tag)
            {
                case 1 << 3 | ProtoReader.LengthDelimited:
                    ModelName = reader.ReadString();
                    break;
                case 2 << 3 | ProtoReader.LengthDelimited:
                    ModelVersion = reader.ReadString();
                    break;
                case 3 << 3 | ProtoReader.LengthDelimited:
                    Id = reader.ReadString();
                    break;
                case 4 << 3 | ProtoReader.LengthDelimited:
                    ReadParameterEntry(ref reader, Parameters ??= new Dictionary<string, ParameterValue>(StringComparer.Ordinal));
                    break;
                case 5 << 3 | ProtoReader.LengthDelimited:
                    ReadInput(ref reader, keep: InputCount++ < maxInputs);
                    break;
                case 6 << 3 | ProtoReader.LengthDelimited:
                    ReadRequestedOutput(ref reader);
                    break;
                case 7 << 3 | ProtoReader.LengthDelimited:
                    var raw = reader.ReadLengthDelimited();
                    if (RawCount++ < maxInputs)
                        Raw.Add(raw);
                    break;
                default:
                    reader.SkipUnknown(tag);
                    break;
            }
        }
        reader.LeaveTopLevel();
    }

    private void ReadInput(ref ProtoReader reader, bool keep)
    {
        var outer = reader.EnterMessage(out var body);
        var input = new InputLayout { ShapeStart = Dimensions.Count, Body = body };
        while (reader.TryReadTag(out var tag) && (tag & 7) != ProtoReader.EndGroup)
        {
            switch (tag)
            {
                case 1 << 3 | ProtoReader.LengthDelimited:
                    input.Name = reader.ReadString();
                    break;
                case 2 << 3 | ProtoReader.LengthDelimited:
                    input.Datatype = reader.ReadString();
                    break;
                case 3 << 3 | ProtoReader.Varint:
                    AddDimension(keep, reader.ReadVarint());
                    break;
                case 3 << 3 | ProtoReader.LengthDelimited:
                    var packed = reader.EnterPacked();
                    while (reader.InPacked)
                        AddDimension(keep, reader.ReadVarint());
                    reader.LeavePacked(packed);
                    break;
                case 4 << 3 | ProtoReader.LengthDelimited:
                    ReadParameterEntry(ref reader, into: null);
                    break;
                case 5 << 3 | ProtoReader.LengthDelimited:
                    CountContents(ref reader, ref input);
                    break;
                default:
                    reader.SkipUnknown(tag);
                    break;
            }
        }
        reader.LeaveMessage(outer);
        input.ShapeCount = Dimensions.Count - input.ShapeStart;
        if (keep)
            Inputs.Add(input);
    }

    private void AddDimension(bool keep, ulong dimension)
    {
        if (keep)
            Dimensions.Add((long)dimension);
    }

    /// <summary>Counts the values of each field of one <c>contents</c> message into <paramref name="input"/>.</summary>
    private static void CountContents(ref ProtoReader reader, ref InputLayout input)
    {
        var outer = reader.EnterMessage();
        while (reader.TryReadTag(out var tag) && (tag & 7) != ProtoReader.EndGroup)
        {
            var field = ContentsFieldOf(tag);
            if (field < 0)
            {
                reader.SkipUnknown(tag);
                continue;
            }
            if (field == BytesField || (tag & 7) != ProtoReader.LengthDelimited)
            {
                ReadValue(ref reader, (int)(tag & 7));
                input.Counts[field]++;
                continue;
            }
            var packed = reader.EnterPacked();
            input.Counts[field] += UnpackedWireType(field) switch
            {
                ProtoReader.Fixed32 => reader.SkipPackedFixed(sizeof(uint)),
                ProtoReader.Fixed64 => reader.SkipPackedFixed(sizeof(ulong)),
                _ => reader.SkipPackedVarints(),
            };
            reader.LeavePacked(packed);
        }
        reader.LeaveMessage(outer);
    }

    private void ReadRequestedOutput(ref ProtoReader reader)
    {
        var outer = reader.EnterMessage();
        (int, int) name = default;
        while (reader.TryReadTag(out var tag) && (tag & 7) != ProtoReader.EndGroup)
        {
            switch (tag)
            {
                case 1 << 3 | ProtoReader.LengthDelimited:
                    name = reader.ReadString();
                    break;
                case 2 << 3 | ProtoReader.LengthDelimited:
                    ReadParameterEntry(ref reader, into: null);
                    break;
                default:
                    reader.SkipUnknown(tag);
                    break;
            }
        }
        reader.LeaveMessage(outer);
        Outputs.Add(name);
    }

    /// <summary>Reads one entry of a parameter map, its key and its <c>InferParameter</c> (which has no value when the entry has none), into <paramref name="into"/> unless that is null.</summary>
    private static void ReadParameterEntry(ref ProtoReader reader, Dictionary<string, ParameterValue>? into)
    {
        var outer = reader.EnterMessage();
        (int Start, int Length) key = default;
        var value = new ParameterValue();
        while (reader.TryReadTag(out var tag))
        {
            if (tag == (1 << 3 | ProtoReader.LengthDelimited))
                key = reader.ReadString();
            else if (tag == (2 << 3 | ProtoReader.LengthDelimited))
                value = ReadParameterValue(ref reader);
            else
                reader.SkipInMapEntry(tag);
        }
        reader.LeaveMessage(outer);
        if (into is not null && reader.Error is null)
            into[Encoding.UTF8.GetString(reader.Slice(key))] = value;
    }

    /// <summary>Reads an <c>InferParameter</c>: the last of its oneof's fields wins.</summary>
    private static ParameterValue ReadParameterValue(ref ProtoReader reader)
    {
        var outer = reader.EnterMessage();
        var value = new ParameterValue();
        while (reader.TryReadTag(out var tag) && (tag & 7) != ProtoReader.EndGroup)
        {
            switch (tag)
            {
                case ParameterValue.BoolChoice << 3 | ProtoReader.Varint:
                case ParameterValue.Int64Choice << 3 | ProtoReader.Varint:
                case ParameterValue.UInt64Choice << 3 | ProtoReader.Varint:
                    value = new ParameterValue((int)(tag >> 3), reader.ReadVarint(), default);
                    break;
                case ParameterValue.StringChoice << 3 | ProtoReader.LengthDelimited:
                    value = new ParameterValue(ParameterValue.StringChoice, 0, reader.ReadString());
                    break;
                case ParameterValue.DoubleChoice << 3 | ProtoReader.Fixed64:
                    value = new ParameterValue(ParameterValue.DoubleChoice, reader.ReadFixed64(), default);
                    break;
                default:
                    reader.SkipUnknown(tag);
                    break;
            }
        }
        reader.LeaveMessage(outer);
        return value;
    }

    /// <summary>The contents field, 0 to 7, that a tag of an <c>InferTensorContents</c> message gives a value of, packed or not; -1 for a tag of another field or with the wrong wire type, which Google.Protobuf keeps as unknown.</summary>
    public static int ContentsFieldOf(uint tag)
    {
        var field = (int)(tag >> 3) - 1;
        var wireType = (int)(tag & 7);
        if (field is < 0 or >= ContentsFields)
            return -1;
        return wireType == UnpackedWireType(field) || wireType == ProtoReader.LengthDelimited ? field : -1;
    }

    /// <summary>The wire type of one unpacked value of a contents field: varints for bool and the integers, fixed 32 or 64 bits for FP32 and FP64, and a length for a BYTES element.</summary>
    public static int UnpackedWireType(int field) => field switch
    {
        5 => ProtoReader.Fixed32,
        6 => ProtoReader.Fixed64,
        BytesField => ProtoReader.LengthDelimited,
        _ => ProtoReader.Varint,
    };

    /// <summary>Reads one unpacked value of a contents field: a varint or the bits of a fixed value; a BYTES element is passed over, its bytes are read later.</summary>
    public static ulong ReadValue(ref ProtoReader reader, int wireType)
    {
        switch (wireType)
        {
            case ProtoReader.Fixed32:
                return reader.ReadFixed32();
            case ProtoReader.Fixed64:
                return reader.ReadFixed64();
            case ProtoReader.LengthDelimited:
                reader.ReadLengthDelimited();
                return 0;
            default:
                return reader.ReadVarint();
        }
    }
}
