namespace TfBnPort.Samples;

/// <summary>
/// How `score` feeds a model: the input and output tensors (default: the signature's), extra scalar
/// feeds ("keep_prob=1", "training=false"), the signature, raw 0–255 pixels instead of [0, 1], how many
/// test digits and how many per run (default: all in one run, as a BN layer with batch statistics needs).
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
}

/// <summary>What `score` measured: correct predictions of the test digits and how long the runs took.</summary>
public sealed record ScoreResult(string Input, string Output, int Correct, int Examples, TimeSpan RunTime)
{
    public double Accuracy => Examples == 0 ? 0 : (double)Correct / Examples;
}
