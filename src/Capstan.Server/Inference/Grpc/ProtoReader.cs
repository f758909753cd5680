using System.Buffers.Binary;
using System.Text.Unicode;

namespace Capstan.Server.Inference.Grpc;

/// <summary>Reads protobuf's wire format from one contiguous message, refusing exactly what Google.Protobuf's parser refuses.</summary>
/// <remarks>
/// Positions are offsets in the whole message; a nested message is read between <see cref="EnterMessage()"/> and
/// <see cref="LeaveMessage"/>, which bound it. The first malformation is kept in <see cref="Error"/> and is sticky:
/// afterwards every read returns a default value and <see cref="TryReadTag"/> returns false, so every loop ends, and the
/// caller looks at <see cref="Error"/> once. The rules are Google.Protobuf's: a varint of at most 10 bytes, of which
/// a tag or a length keeps the low 32 bits; no field number 0; strings in UTF-8; nesting of messages and groups to 100
/// levels; and the two ways it skips a field it does not know (<see cref="SkipUnknown"/> and <see cref="SkipInMapEntry"/>).
/// </remarks>
internal ref struct ProtoReader
{
    /// <summary>How deep messages and groups may nest, as in Google.Protobuf.</summary>
    private const int RecursionLimit = 100;

    /// <summary>The wire type of a varint field.</summary>
    public const int Varint = 0;

    /// <summary>The wire type of a 64-bit field.</summary>
    public const int Fixed64 = 1;

    /// <summary>The wire type of a length-delimited field: a string, bytes, a message or a packed repeated field.</summary>
    public const int LengthDelimited = 2;

    /// <summary>The wire type of a 32-bit field.</summary>
    public const int Fixed32 = 5;

    /// <summary>The wire type of an end-group tag, which ends a group or, anywhere else, the message being read.</summary>
    public const int EndGroup = 4;

    private const int StartGroup = 3;

    private readonly ReadOnlySpan<byte> _message;
    private int _position;
    private int _limit;
    private int _depth;

    /// <summary>Starts at the beginning of <paramref name="message"/>.</summary>
    public ProtoReader(ReadOnlySpan<byte> message)
    {
        _message = message;
        _limit = message.Length;
    }

    /// <summary>Reads the fields of the nested message whose bytes are <paramref name="body"/> in <paramref name="message"/>, as if it stood alone.</summary>
    public ProtoReader(ReadOnlySpan<byte> message, (int Start, int Length) body)
    {
        _message = message;
        _position = body.Start;
        _limit = body.Start + body.Length;
    }

    /// <summary>What is wrong with the message, or null while nothing is.</summary>
    public string? Error { get; private set; }

    /// <summary>The tag <see cref="TryReadTag"/> read last, or 0 at the end of a message.</summary>
    private uint LastTag { get; set; }

    /// <summary>The bytes of <paramref name="range"/>, one that a read returned.</summary>
    public readonly ReadOnlySpan<byte> Slice((int Start, int Length) range) => _message.Slice(range.Start, range.Length);

    /// <summary>Reads the next tag; false at the end of the current message, or after an error.</summary>
    public bool TryReadTag(out uint tag)
    {
        tag = 0;
        LastTag = 0;
        if (Error is not null || _position >= _limit)
            return false;
        var read = (uint)ReadVarint();
        if (Error is not null)
            return false;
        if (read >> 3 == 0)
            return Fail("a field number of 0");
        tag = LastTag = read;
        return true;
    }

    /// <summary>Reads a varint, all 64 bits of it.</summary>
    public ulong ReadVarint()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (!Has(1))
                return 0;
            var b = _message[_position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
                return value;
        }
        Fail("a varint longer than 10 bytes");
        return 0;
    }

    /// <summary>Reads 4 little-endian bytes.</summary>
    public uint ReadFixed32()
    {
        if (!Has(sizeof(uint)))
            return 0;
        _position += sizeof(uint);
        return BinaryPrimitives.ReadUInt32LittleEndian(_message[(_position - sizeof(uint))..]);
    }

    /// <summary>Reads 8 little-endian bytes.</summary>
    public ulong ReadFixed64()
    {
        if (!Has(sizeof(ulong)))
            return 0;
        _position += sizeof(ulong);
        return BinaryPrimitives.ReadUInt64LittleEndian(_message[(_position - sizeof(ulong))..]);
    }

    /// <summary>Reads a length-delimited field's length and passes over its bytes, returning where they are.</summary>
    public (int Start, int Length) ReadLengthDelimited()
    {
        var length = ReadLength();
        if (!Has(length))
            return default;
        _position += length;
        return (_position - length, length);
    }

    /// <summary>Reads a string field's length and passes over its bytes, which must be UTF-8, returning where they are.</summary>
    public (int Start, int Length) ReadString()
    {
        var range = ReadLengthDelimited();
        if (!Utf8.IsValid(_message.Slice(range.Start, range.Length)))
            Fail("a string that is not UTF-8");
        return range;
    }

    /// <summary>Starts reading the nested message whose length comes next, which ends where that length says; returns the outer message's end for <see cref="LeaveMessage"/>.</summary>
    public int EnterMessage() => EnterMessage(out _);

    /// <summary>Starts reading the nested message whose length comes next, as <see cref="EnterMessage()"/> does, and gives where its bytes are.</summary>
    public int EnterMessage(out (int Start, int Length) body)
    {
        body = default;
        var length = ReadLength();
        if (_depth >= RecursionLimit)
            Fail("messages nested more than 100 deep");
        if (Error is not null || !Has(length))
            return _limit;
        _depth++;
        var outer = _limit;
        _limit = _position + length;
        body = (_position, length);
        return outer;
    }

    /// <summary>Ends the nested message <see cref="EnterMessage()"/> started, which must have been read to its end without an end-group tag.</summary>
    public void LeaveMessage(int outer)
    {
        if (Error is not null)
            return;
        if (LastTag != 0)
            Fail("an end-group tag with no group open");
        _depth--;
        _limit = outer;
    }

    /// <summary>Ends the top-level message, which must have been read to its end without an end-group tag.</summary>
    public void LeaveTopLevel()
    {
        if (Error is null && LastTag != 0)
            Fail("an end-group tag with no group open");
    }

    /// <summary>Reads a packed repeated field's length and passes over its values, returning where they are.</summary>
    /// <remarks>A length that is 0 or, read as 32 bits, negative holds no values and is passed over, as Google.Protobuf does.</remarks>
    public (int Start, int Length) ReadPacked()
    {
        var length = (int)(uint)ReadVarint();
        if (length <= 0 || !Has(length))
            return (_position, 0);
        _position += length;
        return (_position - length, length);
    }

    /// <summary>Starts reading the values of a packed repeated field, as <see cref="ReadPacked"/> finds them; returns the message's end for <see cref="LeavePacked"/>.</summary>
    public int EnterPacked()
    {
        var outer = _limit;
        var values = ReadPacked();
        if (Error is null)
            (_position, _limit) = (values.Start, values.Start + values.Length);
        return outer;
    }

    /// <summary>Whether the packed values <see cref="EnterPacked"/> started have more to read.</summary>
    public readonly bool InPacked => Error is null && _position < _limit;

    /// <summary>Passes over the rest of the packed values of <paramref name="size"/> bytes each that <see cref="EnterPacked"/> started, returning their count; a length that is not a multiple of the size cuts the last value short.</summary>
    public int SkipPackedFixed(int size)
    {
        var length = _limit - _position;
        if (Error is not null)
            return 0;
        if (length % size != 0)
        {
            _position = _limit - length % size;
            Has(size);
            return 0;
        }
        _position = _limit;
        return length / size;
    }

    /// <summary>Passes over the rest of the packed varints that <see cref="EnterPacked"/> started, returning their count; the last must end within them.</summary>
    public int SkipPackedVarints()
    {
        if (Error is not null)
            return 0;
        var count = 0;
        var run = 0;
        foreach (var b in _message[_position.._limit])
        {
            if (b < 0x80)
            {
                count++;
                run = 0;
            }
            else if (++run == 10)
            {
                Fail("a varint longer than 10 bytes");
                return 0;
            }
        }
        _position = _limit;
        if (run == 0)
            return count;
        _position -= run;
        Has(run + 1);
        return 0;
    }

    /// <summary>Ends the packed values <see cref="EnterPacked"/> started.</summary>
    public void LeavePacked(int outer)
    {
        if (Error is null)
            _limit = outer;
    }

    /// <summary>Passes over a field of the current message that its type does not declare, as Google.Protobuf keeps it as an unknown field.</summary>
    /// <returns>False for an end-group tag, which ends the group being read (<see cref="SkipUnknownGroup"/>).</returns>
    public bool SkipUnknown(uint tag)
    {
        switch ((int)(tag & 7))
        {
            case Varint:
                ReadVarint();
                return true;
            case Fixed64:
                ReadFixed64();
                return true;
            case LengthDelimited:
                ReadLengthDelimited();
                return true;
            case StartGroup:
                SkipUnknownGroup(tag);
                return true;
            case EndGroup:
                return false;
            case Fixed32:
                ReadFixed32();
                return true;
            default:
                Fail($"the invalid wire type {tag & 7}");
                return true;
        }
    }

    /// <summary>Passes over a field of a map entry other than its key and value, as Google.Protobuf's map parser skips it.</summary>
    /// <remarks>It refuses an end-group tag and, unlike <see cref="SkipUnknown"/>, passes over nothing after a tag of wire type 6 or 7.</remarks>
    public void SkipInMapEntry(uint tag)
    {
        switch ((int)(tag & 7))
        {
            case StartGroup:
                SkipMapEntryGroup(tag);
                break;
            case EndGroup:
                Fail("an end-group tag with no group open");
                break;
            case Fixed32:
                ReadFixed32();
                break;
            case Fixed64:
                ReadFixed64();
                break;
            case LengthDelimited:
                ReadLengthDelimited();
                break;
            case Varint:
                ReadVarint();
                break;
        }
    }

    private void SkipUnknownGroup(uint startTag)
    {
        if (_depth >= RecursionLimit)
        {
            Fail("groups nested more than 100 deep");
            return;
        }
        _depth++;
        while (TryReadTag(out var tag) && SkipUnknown(tag))
        {
        }
        if (Error is null && LastTag != (startTag & ~7u | EndGroup))
            Fail($"a group of field {startTag >> 3} without its end-group tag");
        _depth--;
    }

    private void SkipMapEntryGroup(uint startTag)
    {
        if (++_depth >= RecursionLimit)
        {
            Fail("groups nested more than 100 deep");
            return;
        }
        while (true)
        {
            if (!TryReadTag(out var tag))
            {
                Fail($"a group of field {startTag >> 3} without its end-group tag");
                return;
            }
            if ((tag & 7) == EndGroup)
            {
                if (tag >> 3 != startTag >> 3)
                    Fail($"a group of field {startTag >> 3} ended by the end-group tag of field {tag >> 3}");
                break;
            }
            SkipInMapEntry(tag);
        }
        _depth--;
    }

    private int ReadLength()
    {
        var length = (int)(uint)ReadVarint();
        if (length < 0)
            Fail("a negative length");
        return length;
    }

    /// <summary>Whether <paramref name="count"/> more bytes lie within the current message; fails when they do not.</summary>
    private bool Has(int count)
    {
        if (Error is not null)
            return false;
        if (count <= _limit - _position)
            return true;
        Fail($"a field that runs past the end of its message at byte {_position}");
        return false;
    }

    private bool Fail(string what)
    {
        if (Error is null)
        {
            Error = $"The request is not a valid ModelInferRequest message: it has {what}.";
            _position = _limit;
        }
        LastTag = 0;
        return false;
    }
}
