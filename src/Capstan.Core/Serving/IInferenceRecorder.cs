namespace Capstan.Core.Serving;

/// <summary>Receives every answered inference request from the data plane, for the inference log.</summary>
/// <remarks>
/// The data plane calls <see cref="Record"/> on the request's own thread, so an implementation must return at once:
/// it may sample, queue or drop, but never block, throw or do I/O. Thread-safe.
/// </remarks>
public interface IInferenceRecorder
{
    /// <summary>Takes one answered request; the request and response are immutable, so holding on to them is safe.</summary>
    void Record(in InferenceRecord record);
}
