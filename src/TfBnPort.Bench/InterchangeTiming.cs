using TfBnPort.Samples;
using TfBnPort.Tensorflow;
using TfBnPort.Tensorflow.Interop;

namespace TfBnPort.Bench;

/// <summary>
/// The interchange formats on the committed models: how long each sample's .meta takes to import
/// (read + tf.train.import_meta_graph into a fresh graph), how long TensorFlow's loader takes for geron-dnn's
/// SavedModel, and `score`'s throughput for geron-dnn as checkpoint + .meta, frozen GraphDef and SavedModel
/// (the MNIST test digits in runs of 1,000; the median of interleaved passes, after a warm-up pass).
/// </summary>
public static class InterchangeTiming
{
    private const string Logits = "dnn/batch_normalization_2/batchnorm/add_1:0";

    public static IEnumerable<BenchRow> Measure(int repeats, int? scoreLimit)
    {
        var models = FindModelsDirectory();
        if (models is null)
        {
            yield return new BenchRow("interchange", "models/ not found (run bench from the repository)", 0, "", Note: "skipped");
            yield break;
        }
        foreach (var meta in Directory.EnumerateFiles(models, "*.meta", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            yield return new BenchRow("interchange", $"import {Path.GetRelativePath(models, meta)}", MedianSeconds(() => ImportMeta(meta), repeats) * 1000, "ms");

        var savedModel = Path.Combine(models, "geron-dnn", "saved_model");
        yield return new BenchRow("interchange", "load geron-dnn/saved_model (TF_LoadSessionFromSavedModel)",
            MedianSeconds(() => ModelSession.Open(ModelFile.Read(savedModel)).Dispose(), repeats) * 1000, "ms");

        var metaPath = Path.Combine(models, "geron-dnn", TfBnPort.Samples.GeronDnn.GeronDnnSample.CheckpointName + ".meta");
        var frozenDir = Path.Combine(Path.GetTempPath(), $"tfbnport-bench-{Guid.NewGuid():N}");
        try
        {
            var frozen = WriteFrozen(metaPath, frozenDir);
            var options = new ScoreOptions { Input = "X:0", Output = Logits, Limit = scoreLimit, BatchSize = 1000 };
            var forms = new (string Name, string Path, ScoreOptions Options)[]
            {
                ("checkpoint + .meta", metaPath, options),
                ("frozen GraphDef", frozen, options),
                ("SavedModel", savedModel, new ScoreOptions { Limit = scoreLimit, BatchSize = 1000 }),
            };
            foreach (var row in ScoreRates(forms, Math.Max(9, 3 * repeats)))
                yield return row;
        }
        finally
        {
            if (Directory.Exists(frozenDir)) Directory.Delete(frozenDir, recursive: true);
        }
    }

    private static void ImportMeta(string path)
    {
        using var graph = new Graph();
        using var _ = graph.as_default();
        tf.train.import_meta_graph(path);
    }

    private static string WriteFrozen(string metaPath, string directory)
    {
        using var model = ModelSession.Open(ModelFile.Read(metaPath));
        var frozen = GraphUtil.ConvertVariablesToConstants(model.Session, model.Graph.as_graph_def(), [Logits.Split(':')[0]]);
        return GraphIO.WriteGraph(frozen, directory, "geron-dnn-frozen.pb", as_text: false);
    }

    /// <summary>
    /// images/s of `score` per form: every session is opened and warmed up first (the first runs allocate and
    /// let grappler rewrite the graph), then the forms take turns, one full pass each per round. Each reports
    /// its best pass (the median is in the note): interference from the rest of the machine (another
    /// process, a GC, the CPU clock) only ever slows a pass down, so the fastest pass is the figure closest
    /// to the form's own cost. Interleaving matters for the same reason: timed one after the other, a form
    /// that happens to run while the machine is busy looks slower than it is.
    /// </summary>
    private static IEnumerable<BenchRow> ScoreRates((string Name, string Path, ScoreOptions Options)[] forms, int rounds)
    {
        var models = new List<ModelSession>();
        try
        {
            foreach (var form in forms) models.Add(ModelSession.Open(ModelFile.Read(form.Path)));
            for (var i = 0; i < forms.Length; i++) MnistScoring.Score(models[i], forms[i].Options);
            var rates = forms.Select(_ => new List<double>()).ToArray();
            for (var round = 0; round < rounds; round++)
                for (var i = 0; i < forms.Length; i++)
                {
                    var result = MnistScoring.Score(models[i], forms[i].Options);
                    rates[i].Add(result.Examples / result.RunTime.TotalSeconds);
                }
            var best = rates.Select(r => r.Max()).ToArray();
            var baselineName = $"score geron-dnn as {forms[0].Name}";
            return forms.Select((form, i) => new BenchRow("interchange", $"score geron-dnn as {form.Name}", best[i], "images/s",
                Baseline: i == 0 ? null : best[0], BaselineName: i == 0 ? null : baselineName,
                Note: $"best of {rounds} interleaved passes; median {Stopwatches.Median(rates[i]):N0}")).ToList();
        }
        finally
        {
            foreach (var model in models) model.Dispose();
        }
    }

    private static double MedianSeconds(Action action, int repeats) =>
        Stopwatches.SecondsPerCall(action, calls: 1, repeats: Math.Max(1, repeats), warmup: 1);

    private static string? FindModelsDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "TfBnPort.sln"))) return Path.Combine(dir.FullName, "models");
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "TfBnPort.sln"))) return Path.Combine(dir.FullName, "models");
        return null;
    }
}
