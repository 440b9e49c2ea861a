namespace TfBnPort.Console.Output;

/// <summary>An IProgress that reports on the calling thread, at once (Progress&lt;T&gt; would post to the thread pool).</summary>
public sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
