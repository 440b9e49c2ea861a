namespace TfBnPort.Samples;

/// <summary>
/// What a run of a sample may change. Every number left null keeps the document's value
/// (see each sample's <see cref="ISample.Defaults"/>); the options a sample has no use for are
/// reported in its log and otherwise ignored.
/// </summary>
public sealed record SampleOptions
{
    /// <summary>Passes over the training data (seeds 001 and 002 count epochs).</summary>
    public int? Epochs { get; init; }

    /// <summary>Training steps: the document's <c>num_steps</c> (seed 001: per epoch).</summary>
    public int? Steps { get; init; }

    public int? BatchSize { get; init; }

    /// <summary>Train on the first N training examples only (quick runs; the documents have no such option).</summary>
    public int? Limit { get; init; }

    /// <summary>Evaluate on the first N validation and test examples only (quick runs).</summary>
    public int? TestLimit { get; init; }

    /// <summary>
    /// Graph-level seed (tf.set_random_seed) and NumPy seed. Null keeps the document's choice:
    /// 42 for geron-dnn, no seed (a different run each time) for the others.
    /// </summary>
    public int? Seed { get; init; }

    /// <summary>Folder under which each sample writes NAME/ (checkpoints; the console adds CSV and plot).</summary>
    public string OutputDir { get; init; } = "runs";

    /// <summary>Write TensorBoard logs (scalars, BN histograms, the graph, one traced step) beside the other outputs.</summary>
    public bool Summaries { get; init; } = true;

    /// <summary>Where the document's log lines go.</summary>
    public TextWriter Log { get; init; } = Console.Out;

    /// <summary>Called after every training step (the console draws its progress bar from it).</summary>
    public IProgress<TrainingProgress>? Progress { get; init; }

    /// <summary>Stops training at the next step; the sample still saves a checkpoint and says so.</summary>
    public CancellationToken Cancellation { get; init; }

    /// <summary>OUT/NAME, created.</summary>
    public string SampleDirectory(string sampleName)
    {
        var dir = Path.GetFullPath(Path.Combine(OutputDir, sampleName));
        Directory.CreateDirectory(dir);
        return dir;
    }
}
