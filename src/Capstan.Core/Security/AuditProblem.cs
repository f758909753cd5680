using System.Text.Json.Serialization;

namespace Capstan.Core.Security;

/// <summary>The kind of damage an audit trail verification finds first.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AuditProblem>))]
public enum AuditProblem
{
    /// <summary>An entry's content no longer matches its hash, or no longer matches the hash the next entry names.</summary>
    [JsonStringEnumMemberName("entry-edited")] EntryEdited,

    /// <summary>One or more entries are missing from the middle or the start of the trail.</summary>
    [JsonStringEnumMemberName("entry-deleted")] EntryDeleted,

    /// <summary>An entry recorded at one place in the trail sits at another.</summary>
    [JsonStringEnumMemberName("entries-reordered")] EntriesReordered,

    /// <summary>The head records more entries than the trail holds: the newest ones were removed.</summary>
    [JsonStringEnumMemberName("tail-truncated")] TailTruncated,

    /// <summary>The head, which records the last entry's sequence and hash, does not match the last entry.</summary>
    [JsonStringEnumMemberName("head-edited")] HeadEdited,
}
