namespace TfBnPort.Samples;

/// <summary>One logged value: <paramref name="Series"/> (a variant or network) at <paramref name="Step"/>.</summary>
public readonly record struct MetricPoint(string Series, int Step, string Metric, double Value);

/// <summary>A final accuracy of a variant on a split ("validation", "test"), over <paramref name="Examples"/> examples.</summary>
public sealed record FinalAccuracy(string Variant, string Split, double Value, int Examples);

/// <summary>What a sample run produced: the logged metrics, final accuracies, checkpoints and an explanation.</summary>
public sealed class SampleResult(string sample, string outputDirectory)
{
    public string Sample { get; } = sample;

    /// <summary>OUT/NAME: checkpoints are here; the console writes metrics.csv and the plot beside them.</summary>
    public string OutputDirectory { get; } = outputDirectory;

    /// <summary>Metrics at the document's log steps (and per epoch where the document logs per epoch).</summary>
    public List<MetricPoint> Metrics { get; } = new();

    public List<FinalAccuracy> Accuracies { get; } = new();

    /// <summary>Checkpoint prefixes by variant; <see cref="CheckpointPath"/> is the main one (what eval should get).</summary>
    public Dictionary<string, string> Checkpoints { get; } = new();

    public string? CheckpointPath { get; set; }

    /// <summary>A paragraph on what the numbers mean (as written vs as intended, for 000 and 001).</summary>
    public string Explanation { get; set; } = "";

    /// <summary>Training stopped early at a cancellation request (the checkpoint holds the weights of that step).</summary>
    public bool Interrupted { get; set; }

    public TimeSpan Elapsed { get; set; }

    /// <summary>Raised for every metric as it is recorded (the TensorBoard logs write it at once).</summary>
    public event Action<MetricPoint>? MetricAdded;

    public void Add(string series, int step, string metric, double value)
    {
        var point = new MetricPoint(series, step, metric, value);
        Metrics.Add(point);
        MetricAdded?.Invoke(point);
    }

    public void AddAccuracy(string variant, string split, double value, int examples) => Accuracies.Add(new FinalAccuracy(variant, split, value, examples));
}

/// <summary>What <c>eval NAME --checkpoint PATH</c> found: the accuracies of the restored model.</summary>
public sealed record EvalResult(string Sample, string Checkpoint, IReadOnlyList<FinalAccuracy> Accuracies, string Note);
