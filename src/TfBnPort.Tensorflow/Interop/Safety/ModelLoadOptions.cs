namespace TfBnPort.Tensorflow.Interop.Safety;

/// <summary>
/// How far a model read from a file is trusted. A graph is a program: by default (<see cref="Safe"/>)
/// only pure-computation ops and restore/save ops confined to the model's own directory may run,
/// and the file is parsed with size and nesting limits. Graphs the program builds itself are not
/// checked (the import calls that take an in-memory GraphDef/MetaGraphDef default to <see cref="Trusted"/>).
/// </summary>
public sealed record ModelLoadOptions
{
    /// <summary>The default for models read from files: check everything.</summary>
    public static ModelLoadOptions Safe { get; } = new();

    /// <summary>Runs whatever the model holds (`--trust-model`): for models you wrote or fully trust.</summary>
    public static ModelLoadOptions Trusted { get; } = new() { TrustModel = true };

    /// <summary>Skip the op and path checks (the parsing limits still apply).</summary>
    public bool TrustModel { get; init; }

    /// <summary>Op types allowed on top of the allowlist (`--allow-ops WriteFile,ReadFile`).</summary>
    public IReadOnlyCollection<string> AllowOps { get; init; } = Array.Empty<string>();

    /// <summary>The largest declared tensor (a Const's value, a Fill's shape) accepted: 1 GiB.</summary>
    public long MaxTensorBytes { get; init; } = DefaultMaxTensorBytes;

    /// <summary>The largest protobuf file read: 1 GiB (a frozen graph holds its weights).</summary>
    public int MaxFileBytes { get; init; } = 1 << 30;

    /// <summary>How deeply protobuf messages may nest (Google.Protobuf's and TensorFlow's own default is 100).</summary>
    public int RecursionLimit { get; init; } = 100;

    public const long DefaultMaxTensorBytes = 1L << 30;

    /// <summary>True when <paramref name="opType"/> was allowed explicitly.</summary>
    public bool Allows(string opType) => TrustModel || AllowOps.Contains(opType, StringComparer.Ordinal);

    /// <summary>Parses `--allow-ops OP[,OP…]` (commas or spaces).</summary>
    public static IReadOnlyCollection<string> ParseOpList(string? list) =>
        (list ?? "").Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
