using TfBnPort.Tensorflow.Interop.Safety;

namespace TfBnPort.Samples;

/// <summary>
/// How `score` feeds a model: the input and output tensors (default: the signature's), extra scalar
/// feeds ("keep_prob=1", "training=false"), the signature, raw 0–255 pixels instead of [0, 1], how many
/// test digits and how many per run (default: all in one run, as a BN layer with batch statistics needs);
/// and the bounds on the work a model from elsewhere may do: what it may run (<see cref="Safety"/>), how long
/// one session run may take (RunOptions.timeout_in_ms) and how large a feed or declared output may be.
/// </summary>
public sealed record ScoreOptions
{
    public string? Input { get; init; }
    public string? Output { get; init; }
    public IReadOnlyList<string> Feeds { get; init; } = [];
    public string? Signature { get; init; }
    public bool RawPixels { get; init; }
    public int? Limit { get; init; }
    public int? BatchSize { get; init; }

    /// <summary>What the model may run (`--allow-ops`, `--trust-model`); default safe.</summary>
    public ModelLoadOptions Safety { get; init; } = ModelLoadOptions.Safe;

    /// <summary>RunOptions.timeout_in_ms of each session run (`--timeout-ms`): an endless while loop ends with DeadlineExceeded.</summary>
    public long TimeoutMs { get; init; } = DefaultTimeoutMs;

    /// <summary>The largest feed or declared output of one run, in bytes (`--max-tensor-mb`).</summary>
    public long MaxTensorBytes { get; init; } = ModelLoadOptions.DefaultMaxTensorBytes;

    /// <summary>Five minutes: scoring all 10,000 digits with the samples' CNN takes seconds.</summary>
    public const long DefaultTimeoutMs = 300_000;
}

/// <summary>What `score` measured: correct predictions of the test digits and how long the runs took.</summary>
public sealed record ScoreResult(string Input, string Output, int Correct, int Examples, TimeSpan RunTime)
{
    public double Accuracy => Examples == 0 ? 0 : (double)Correct / Examples;
}
