using TfBnPort.Samples;

namespace TfBnPort.Console.Cli;

/// <summary>Help texts that list the samples with their documents and defaults.</summary>
public static class Help
{
    public static string RootDescription() =>
        "TfBnPort: four TensorFlow 1.x MNIST batch-norm programs ported to C# on the TensorFlow 1.15 C library.\n\n" +
        "Samples (tfbnport run NAME | all):\n" + SampleList() +
        "\nExamples:\n" +
        "  tfbnport run geron-dnn --epochs 2 --out runs\n" +
        "  tfbnport run all --limit 5000 --steps 200\n" +
        "  tfbnport eval geron-dnn --checkpoint runs/geron-dnn\n" +
        "  tfbnport ckpt list runs/geron-dnn\n" +
        "  tfbnport info";

    public static string SampleList() => string.Concat(SampleCatalog.All.Select(s =>
        $"  {s.Name,-14} {s.Title}\n" +
        $"  {"",-14} document {s.Document}; defaults: {Defaults(s.Defaults)}\n"));

    public static string NameDescription(bool allowAll) =>
        $"The sample: {string.Join(", ", SampleCatalog.Names)}{(allowAll ? ", or all" : "")}.";

    private static string Defaults(SampleDefaults d)
    {
        var parts = new List<string>();
        if (d.Epochs is { } e) parts.Add($"epochs {e}");
        if (d.Steps is { } s) parts.Add($"steps {s}");
        parts.Add($"batch size {d.BatchSize}");
        parts.Add(d.Seed is { } seed ? $"seed {seed}" : "no seed");
        return string.Join(", ", parts);
    }
}
