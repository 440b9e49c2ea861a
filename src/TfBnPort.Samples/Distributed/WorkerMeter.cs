using System.Diagnostics;
using Google.Protobuf;
using TfBnPort.Tensorflow;
using TfBnPort.Tensorflow.Protos;

namespace TfBnPort.Samples;

/// <summary>
/// A worker's training steps: throughput (overall, and steady — after the first step's graph
/// registration and the traced step), the progress line, and the one FULL_TRACE step whose
/// RunMetadata goes to <see cref="DistributedOptions.TraceFile"/>.
/// </summary>
internal sealed class WorkerMeter(DistributedOptions options)
{
    /// <summary>The local step that is traced (the first one registers the graphs on every task, so it is not typical).</summary>
    public const int TracedLocalStep = 2;

    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private double _steadyStart;

    public long Steps { get; private set; }
    public long Examples { get; private set; }
    public long SteadyExamples { get; private set; }
    public double Seconds => _clock.Elapsed.TotalSeconds;
    public double SteadySeconds => Steps > TracedLocalStep ? Seconds - _steadyStart : 0;

    /// <summary>sess.run of the next local step; the traced one runs with FULL_TRACE and saves its RunMetadata.</summary>
    public object?[] Run(MonitoredSession sess, object fetches, FeedDict feed)
    {
        if (options.TraceFile is null || Steps + 1 != TracedLocalStep) return (object?[])sess.run(fetches, feed)!;
        var metadata = new RunMetadata();
        var outputs = (object?[])sess.run(fetches, feed, new RunOptions { TraceLevel = RunOptions.Types.TraceLevel.FullTrace }, metadata)!;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(options.TraceFile))!);
        File.WriteAllBytes(options.TraceFile, metadata.ToByteArray());
        return outputs;
    }

    public void Step(int batchRows, long globalStep, float loss)
    {
        Steps++;
        Examples += batchRows;
        if (Steps == TracedLocalStep) _steadyStart = Seconds;
        else if (Steps > TracedLocalStep) SteadyExamples += batchRows;
        if (Steps % options.LogEverySteps == 0)
            options.Log.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"[{options.TaskName}] local step {Steps}, global step {globalStep}, loss {loss:F4}, {Examples / Seconds:F0} examples/s"));
    }

    public WorkerResult Result(long globalStep, string? checkpoint) =>
        new(options.Task, Steps, Examples, Seconds, globalStep, checkpoint, SteadyExamples, SteadySeconds);
}
