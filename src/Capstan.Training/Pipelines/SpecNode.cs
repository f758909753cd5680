namespace Capstan.Training.Pipelines;

/// <summary>A value of a spec file, YAML or JSON alike, with the line it starts on.</summary>
internal abstract record SpecNode(int Line)
{
    /// <summary>What the node is, in the words an error message uses.</summary>
    public abstract string Describe();
}

/// <summary>A scalar: text, a number, a boolean or null, as written.</summary>
/// <param name="Line">The line the scalar is on.</param>
/// <param name="Text">The text as written, unquoted.</param>
/// <param name="Quoted">Whether it was quoted, which makes it text even when it looks like a number.</param>
internal sealed record SpecScalar(int Line, string Text, bool Quoted) : SpecNode(Line)
{
    /// <summary>Whether the scalar is a null (<c>null</c>, <c>~</c> or nothing, unquoted).</summary>
    public bool IsNull => !Quoted && Text is "" or "null" or "~" or "Null" or "NULL";

    public override string Describe() => IsNull ? "null" : $"'{Text}'";
}

/// <summary>A list.</summary>
internal sealed record SpecSequence(int Line, IReadOnlyList<SpecNode> Items) : SpecNode(Line)
{
    public override string Describe() => "a list";
}

/// <summary>A mapping of keys to values, in the order written; keys are unique.</summary>
internal sealed record SpecMapping(int Line, IReadOnlyList<SpecEntry> Entries) : SpecNode(Line)
{
    public SpecNode? this[string key] => Entries.FirstOrDefault(e => e.Key == key)?.Value;

    public override string Describe() => "a mapping";
}

/// <summary>One key of a mapping, the line the key is on, and its value.</summary>
internal sealed record SpecEntry(string Key, int Line, SpecNode Value);
