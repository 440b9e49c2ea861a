namespace TfBnPort.Samples;

/// <summary>The four samples, in the order of their documents.</summary>
public static class SampleCatalog
{
    public static IReadOnlyList<ISample> All { get; } =
    [
        new ContribMlp.ContribMlpSample(),
        new CnnManualBn.CnnManualBnSample(),
        new GeronDnn.GeronDnnSample(),
        new BnVsNoBn.BnVsNoBnSample(),
    ];

    public static IEnumerable<string> Names => All.Select(s => s.Name);

    public static ISample Find(string name) =>
        All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new SampleException($"Unknown sample '{name}'. The samples are: {string.Join(", ", Names)}.");
}
