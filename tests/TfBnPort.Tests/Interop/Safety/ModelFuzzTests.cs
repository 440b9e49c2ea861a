using System.Diagnostics;
using CsCheck;
using Google.Protobuf;
using TfBnPort.FaultWorker;
using TfBnPort.Samples.GeronDnn;
using TfBnPort.Tensorflow.Protos;
using TfBnPort.Tests.Interop.Safety.Support;
using TfBnPort.Tests.Reliability.Support;
using Xunit.Abstractions;

namespace TfBnPort.Tests.Interop.Safety;

/// <summary>
/// A CsCheck fuzz of the model-file path, in FaultWorker `models` (a child process, so a
/// TensorFlow abort is reported with its input instead of taking the test host down): 10,200
/// mutated .pb, .meta and saved_model.pb files — byte damage (truncation, flipped bits, inserted
/// and removed bytes) and graph-level changes that still parse (odd attrs, shapes, dtypes, op
/// types, inputs, duplicate names, library functions, saver names) — each given to `show`'s
/// reading and to the import path. Every one must end shown/imported or refused with one of the
/// project's errors or a TensorFlow status; the worker must not crash and must finish in time.
/// </summary>
public class ModelFuzzTests(ITestOutputHelper output)
{
    private const int CasesPerKind = 3400;
    private static readonly TimeSpan WorkerLimit = TimeSpan.FromSeconds(240);

    private enum Kind { FrozenGraph, MetaGraph, SavedModel }

    private sealed record Case(Kind Kind, int Seed, GraphMutation[] Graph, SaverMutation? Saver, ByteMutation[] Bytes)
    {
        public override string ToString() =>
            $"{Kind} seed {Seed}; graph: {string.Join("; ", Graph.Select(g => g.ToString()))}; saver: {Saver}; bytes: {string.Join("; ", Bytes.Select(b => b.ToString()))}";
    }

    public sealed record SaverMutation(string Filename, string Save, string Restore);

    private static readonly Gen<string> TensorNameGen = Gen.OneOf(new[] { "save/Const:0", "save/Const", "nope:0", "", ":", "save/Const:99", "W:0",
        "save/control_dependency:0", "logits:-1", "^save/Const" }.Select(Gen.Const).ToArray());

    private static readonly Gen<Case> CaseGen = Gen.Select(
        Gen.Int[0, 2], Gen.Frequency((3, Gen.Const(0)), (1, Gen.Const(1))), // geron-dnn's big graph in a quarter of the cases: it dominates the time
        Gen.Frequency((3, GraphMutation.Several), (1, Gen.Const(Array.Empty<GraphMutation>()))),
        Gen.Frequency((1, Gen.Select(TensorNameGen, TensorNameGen, TensorNameGen, (f, s, r) => (SaverMutation?)new SaverMutation(f, s, r))), (4, Gen.Const((SaverMutation?)null))),
        Gen.Frequency((1, ByteMutation.Several), (2, Gen.Const(Array.Empty<ByteMutation>()))),
        (kind, seed, graph, saver, bytes) => new Case((Kind)kind, seed, graph, saver, bytes));

    [Fact]
    public void MutatedModelFilesAreShownOrImportedOrRefusedAndNeverCrashTheProcess()
    {
        using var dir = new ScratchDir("model-fuzz");
        var seeds = Seeds();
        var cases = new List<Case>();
        var perKind = new int[3];
        CaseGen.Sample(c => { if (perKind[(int)c.Kind] < CasesPerKind) { perKind[(int)c.Kind]++; cases.Add(c); } }, iter: CasesPerKind * 4, threads: 1);
        Assert.All(perKind, n => Assert.Equal(CasesPerKind, n));
        var clock = Stopwatch.StartNew();
        var paths = new string[cases.Count];
        Parallel.For(0, cases.Count, i => paths[i] = Write(dir, i, cases[i], seeds)); // the seeds are only cloned, never changed
        var written = clock.Elapsed;
        clock.Restart();
        // Two workers, each on every other case (CI has two cores); a case's number stays its index in `cases`.
        var results = Enumerable.Range(0, Workers).AsParallel().SelectMany(w => Probe(dir, w, cases, paths)).ToList();
        Assert.Equal(cases.Count, results.Count);
        var bad = results.Where(r => r.Contains("unexpected")).ToList();
        Assert.True(bad.Count == 0, string.Join("\n", bad.Take(10).Select(r => $"{r}\n    case: {cases[int.Parse(r.Split(' ')[1])]}")));

        var outcomes = results.Select(r => r.Split(' ')[3]).GroupBy(o => o).ToDictionary(g => g.Key, g => g.Count());
        var shown = results.Count(r => r.Split(' ')[2].StartsWith("shown"));
        output.WriteLine($"{cases.Count} files written in {written.TotalSeconds:0.0} s, probed in {clock.Elapsed.TotalSeconds:0.0} s; show: {shown} read, {cases.Count - shown} refused; " +
                         $"import: {string.Join(", ", outcomes.OrderBy(o => o.Key).Select(o => $"{o.Value} {o.Key}"))}");
        Assert.True(outcomes.GetValueOrDefault("imported") > 0 && outcomes.GetValueOrDefault("refused") > 0,
            "the mutations should leave some files importable and make others refused");
    }

    private const int Workers = 2;

    /// <summary>Runs worker <paramref name="w"/> on cases w, w+Workers, ...; fails naming the case if it dies; its result lines, renumbered.</summary>
    private static List<string> Probe(ScratchDir dir, int w, List<Case> cases, string[] paths)
    {
        var mine = Enumerable.Range(0, cases.Count).Where(i => i % Workers == w).ToArray();
        var list = dir[$"cases{w}.txt"];
        File.WriteAllLines(list, mine.Select(i => paths[i]));
        using var worker = WorkerProcess.Start(["models", list]);
        var exitCode = worker.WaitForExit(WorkerLimit);
        var lines = worker.Stdout.Split('\n');
        string Renumber(string line) { var parts = line.TrimEnd().Split(' '); parts[1] = mine[int.Parse(parts[1])].ToString(); return string.Join(' ', parts); }
        if (exitCode != 0)
        {
            var last = lines.LastOrDefault(l => l.StartsWith("case "));
            var crashed = last is null ? null : cases[mine[int.Parse(last.Split(' ')[1])]];
            Assert.Fail($"The worker ended with exit code {exitCode} in '{(last is null ? "start-up" : Renumber(last))}', case: {crashed}\n" +
                        $"stderr (last lines):\n{string.Join("\n", worker.Stderr.Split('\n').TakeLast(8))}");
        }
        return lines.Where(l => l.StartsWith("result ")).Select(Renumber).ToList();
    }

    /// <summary>Per kind, two seed messages: the crafted models, and geron-dnn's real graph (batch norm, tf.cond, Adam, saver).</summary>
    private static Dictionary<(Kind, int), IMessage> Seeds()
    {
        using var geron = GeronDnnGraph.Build(42).Graph;
        var geronGraph = GraphDef.Parser.ParseFrom(geron.ToGraphDef());
        var geronMeta = new MetaGraphDef
        {
            GraphDef = geronGraph,
            SaverDef = new SaverDef { FilenameTensorName = "save/Const:0", SaveTensorName = "save/control_dependency:0", RestoreOpName = "save/restore_all", Version = SaverDef.Types.CheckpointFormatVersion.V2 },
        };
        return new()
        {
            [(Kind.FrozenGraph, 0)] = CraftedModels.Classifier(),
            [(Kind.FrozenGraph, 1)] = geronGraph,
            [(Kind.MetaGraph, 0)] = CraftedModels.MetaWithSaver(),
            [(Kind.MetaGraph, 1)] = geronMeta,
            [(Kind.SavedModel, 0)] = CraftedModels.SavedModelOf(CraftedModels.MetaWithSaver()),
            [(Kind.SavedModel, 1)] = CraftedModels.SavedModelOf(geronMeta),
        };
    }

    private static string Write(ScratchDir dir, int index, Case c, Dictionary<(Kind, int), IMessage> seeds)
    {
        var message = seeds[(c.Kind, c.Seed)] switch
        {
            GraphDef g => (IMessage)g.Clone(),
            MetaGraphDef m => m.Clone(),
            SavedModel s => s.Clone(),
            var other => throw new InvalidOperationException(other.GetType().Name),
        };
        var meta = message switch { MetaGraphDef m => m, SavedModel s => s.MetaGraphs[0], _ => null };
        var graph = message as GraphDef ?? meta!.GraphDef;
        foreach (var m in c.Graph) m.Apply(graph);
        if (c.Saver is { } saver && meta is not null)
            meta.SaverDef = new SaverDef { FilenameTensorName = saver.Filename, SaveTensorName = saver.Save, RestoreOpName = saver.Restore };
        var bytes = ByteMutation.ApplyAll(message.ToByteArray(), c.Bytes);
        var path = c.Kind switch
        {
            Kind.FrozenGraph => dir[$"case{index}.pb"],
            Kind.MetaGraph => dir[$"case{index}.meta"],
            _ => Path.Combine(Directory.CreateDirectory(dir[$"case{index}"]).FullName, "saved_model.pb"),
        };
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
