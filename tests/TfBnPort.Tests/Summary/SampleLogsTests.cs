using TfBnPort.Samples;
using TfBnPort.Samples.BnVsNoBn;
using TfBnPort.Samples.GeronDnn;
using TfBnPort.Tensorflow;
using TfBnPort.Tensorflow.Protos;
using TfBnPort.Tests.Samples;

namespace TfBnPort.Tests.Summary;

/// <summary>
/// The samples' TensorBoard logs, read back with TensorFlow's own record reader: every scalar equals
/// the metric the sample recorded (what metrics.csv holds), histograms count every summarized
/// element, the graph imports, one step is traced, and logging leaves the training numbers unchanged.
/// </summary>
[Collection(SampleRunsCollection.Name)]
public class SampleLogsTests
{
    private static Dictionary<string, List<Event>> ReadRuns(string logdir) =>
        Directory.GetFiles(logdir, "events.out.tfevents.*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(logdir, Path.GetDirectoryName(f)!), TensorflowRecords.Events);

    [Fact]
    public void Geron_dnn_logs_match_its_metrics_and_leave_its_numbers_unchanged()
    {
        using var output = new TempOutput();
        var options = new SampleOptions { Limit = 1000, Epochs = 2, BatchSize = 100, TestLimit = 500, Seed = 42, OutputDir = output.Path, Log = TextWriter.Null };
        var result = new GeronDnnSample().Run(options);

        // geron-dnn names its logs as Géron's chapter does: tf_logs/run-{UTC timestamp}/{train,valid}.
        var runDir = Assert.Single(Directory.GetDirectories(Path.Combine(result.OutputDirectory, "tf_logs"), "run-*"));
        Assert.Matches(@"run-\d{14}$", runDir);
        var runs = ReadRuns(runDir);
        Assert.Equal(new[] { "train", "valid" }, runs.Keys.Order());
        Assert.All(runs.Values, events => Assert.Equal("brain.Event:2", events[0].FileVersion));

        // Scalars: the recorded metrics, run and tag by SampleLogs.RunAndTag (valid_accuracy -> valid/accuracy).
        var expected = result.Metrics.Select(m => (Run: m.Metric.StartsWith("valid") ? "valid" : "train", Tag: m.Metric[(m.Metric.IndexOf('_') + 1)..], (long)m.Step, (float)m.Value)).ToList();
        var written = runs.SelectMany(r => r.Value.Where(e => e.Summary is not null)
            .SelectMany(e => e.Summary.Value.Where(v => v.ValueCase == TfBnPort.Tensorflow.Protos.Summary.Types.Value.ValueOneofCase.SimpleValue)
                .Select(v => (Run: r.Key, v.Tag, e.Step, v.SimpleValue)))).ToList();
        Assert.Equal(expected.Order(), written.Order());
        Assert.Equal(6, written.Count); // 2 epochs x (train loss, train accuracy, valid accuracy)

        // Histograms: once per epoch, 3 BN layers x (before, after, gamma, beta, moving mean, moving variance);
        // each histogram counts every element: a batch of 100 x units for activations, units for variables.
        var units = new[] { 300, 100, 10 };
        var histograms = runs["train"].Where(e => e.Summary is not null).SelectMany(e => e.Summary.Value.Where(v => v.Histo is not null).Select(v => (e.Step, v))).ToList();
        Assert.Equal(2 * 3 * 6, histograms.Count);
        foreach (var (step, v) in histograms)
        {
            var layer = v.Tag.StartsWith("batch_normalization_2") ? 2 : v.Tag.StartsWith("batch_normalization_1") ? 1 : 0;
            var elements = v.Tag.EndsWith("/before") || v.Tag.EndsWith("/after") ? 100 * units[layer] : units[layer];
            Assert.Equal(elements, v.Histo.Num);
            Assert.Equal(elements, v.Histo.Bucket.Sum());
        }

        // The graph imports; the traced step's RunMetadata names the training ops.
        var graphDef = GraphDef.Parser.ParseFrom(runs["train"].Single(e => e.WhatCase == Event.WhatOneofCase.GraphDef).GraphDef);
        using (var imported = new Graph())
        using (imported.as_default())
        {
            tf.import_graph_def(graphDef, name: "");
            Assert.NotNull(imported.OperationByName("train/GradientDescent"));
        }
        var traced = runs["train"].Single(e => e.WhatCase == Event.WhatOneofCase.TaggedRunMetadata);
        Assert.Equal("step2", traced.TaggedRunMetadata.Tag);
        var stats = RunMetadata.Parser.ParseFrom(traced.TaggedRunMetadata.RunMetadata).StepStats;
        Assert.Contains(stats.DevStats.SelectMany(d => d.NodeStats), n => n.NodeName.StartsWith("train/GradientDescent"));

        // The same run without logs trains to the same numbers (summaries live in a graph of their own, and the
        // histogram tensors are fetched in the training run itself). Two runs of this sample are not bit-identical
        // even without logs (TF's multithreaded float reductions; measured: losses differ by ~1e-5), so within 0.01.
        using var output2 = new TempOutput();
        var plain = new GeronDnnSample().Run(options with { OutputDir = output2.Path, Summaries = false });
        Assert.False(Directory.Exists(Path.Combine(plain.OutputDirectory, "tf_logs")));
        Assert.Equal(plain.Metrics.Select(m => (m.Metric, m.Step)), result.Metrics.Select(m => (m.Metric, m.Step)));
        foreach (var (a, b) in plain.Metrics.Zip(result.Metrics)) Assert.Equal(a.Value, b.Value, 0.01);
    }

    [Fact]
    public void Bn_vs_nobn_writes_its_two_networks_as_runs_with_the_same_tags()
    {
        using var output = new TempOutput();
        var options = new SampleOptions { Limit = 500, Steps = 40, TestLimit = 300, Seed = 3, OutputDir = output.Path, Log = TextWriter.Null };
        var result = new BnVsNoBnSample().Run(options);
        var runs = ReadRuns(Path.Combine(result.OutputDirectory, "logs"));
        Assert.Equal(new[] { "bn/test", "bn/train", "no_bn/test", "no_bn/train" }, runs.Keys.Order());
        foreach (var network in new[] { BnVsNoBnSample.Bn, BnVsNoBnSample.NoBn })
        foreach (var split in new[] { "train", "test" })
        {
            // Steps 20 and 40 (LogEvery); the tag "accuracy" in both networks' runs, so TensorBoard overlays them.
            var values = runs[$"{network}/{split}"].Where(e => e.Summary is not null)
                .SelectMany(e => e.Summary.Value.Where(v => v.Tag == "accuracy").Select(v => (e.Step, (double)v.SimpleValue))).ToList();
            var recorded = result.Metrics.Where(m => m.Series == network && m.Metric == $"{split}_accuracy").Select(m => ((long)m.Step, (double)(float)m.Value));
            Assert.Equal(recorded, values);
            Assert.Equal(new long[] { 20, 40 }, values.Select(v => v.Step));
        }
        // Only the BN network has a BN layer to histogram: h1 (before), h1_bn (after), beta and scale.
        var tags = runs["bn/train"].Where(e => e.Summary is not null).SelectMany(e => e.Summary.Value).Where(v => v.Histo is not null).Select(v => v.Tag).Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(new[] { "batchnorm_layer/Variable_2", "batchnorm_layer/Variable_3", "batchnorm_layer/after", "batchnorm_layer/before" }.Order(StringComparer.Ordinal), tags);
        Assert.DoesNotContain(runs["no_bn/train"].Where(e => e.Summary is not null).SelectMany(e => e.Summary.Value), v => v.Histo is not null);
    }

    [Fact]
    public void An_unwritable_output_folder_fails_before_training()
    {
        using var output = new TempOutput();
        var file = Path.Combine(output.Path, "bn-vs-nobn");
        Directory.CreateDirectory(file);
        File.WriteAllText(Path.Combine(file, "logs"), "a file where the logs folder goes");
        var progress = 0;
        var options = new SampleOptions { Limit = 500, Steps = 40, TestLimit = 300, OutputDir = output.Path, Log = TextWriter.Null,
            Progress = new ActionProgress(_ => progress++) };
        var e = Assert.Throws<IOException>(() => new BnVsNoBnSample().Run(options));
        Assert.Contains("Cannot write TensorBoard event files", e.Message);
        Assert.Equal(0, progress);
    }
}
